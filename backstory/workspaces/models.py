"""Workspaces, who belongs to them, and the audit trail of what changed in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from backstory.core.models import TimeStamped


class Workspace(TimeStamped):
    """One person's or one team's space. Every record belongs to exactly one workspace."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    # Goes up by one with every write of the workspace's data, in the same transaction
    # (core.derived.derived_refresh): caches can key on it.
    data_version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    EDITOR = "editor", "Editor"
    VIEWER = "viewer", "Viewer"


ROLE_RANK = {Role.VIEWER: 0, Role.EDITOR: 1, Role.OWNER: 2}


class Membership(TimeStamped):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.EDITOR)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="one_membership_per_user"),
        ]

    def can(self, role: str) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]


class SignInLink(TimeStamped):
    """A one-time sign-in link, printed in the terminal instead of a shared default password.

    Only a hash of the token is stored, so a copy of the database cannot be used to sign in.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "sign-in link"
        verbose_name_plural = "sign-in links"


class Invitation(TimeStamped):
    """An owner's invitation of an e-mail address to the workspace, with a role.

    The invitee follows a one-time link. Like a sign-in link, only a hash of the token is
    stored; the link expires, can be revoked, and is spent by its first acceptance.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.EDITOR)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # How the e-mail went: "" not tried yet, "sent", or the error the SMTP server gave.
    mail_status = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "accepted_at", "revoked_at"],
                         name="invitation_ws_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.role})"

    def problem(self, now=None) -> str:
        """Why the link no longer works, in words, or "" while it does."""
        if self.revoked_at is not None:
            return "This invitation was withdrawn by an owner of the workspace."
        if self.accepted_at is not None:
            return "This invitation was already used."
        if self.expires_at <= (now or timezone.now()):
            return "This invitation has expired."
        return ""


class Activity(models.Model):
    """The audit trail: who changed what, written by the services in the same transaction.

    ``person`` is set when the change concerns one person, so that it doubles as that
    person's history.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The author's user name when the user does not exist in this installation (a
    # workspace restored from another one's backup): the history still says who it was.
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=60)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "history entry"
        verbose_name_plural = "history entries"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "-created_at"], name="activity_ws_time"),
            models.Index(fields=["person", "-created_at"], name="activity_person_time"),
        ]

    def __str__(self) -> str:
        return f"{self.action} #{self.object_id}"
