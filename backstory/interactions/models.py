"""Touchpoints with people, and the action items that come out of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from backstory.core.models import TimeStamped
from backstory.people.models import Person, Tag
from backstory.workspaces.models import Workspace

from .kinds import InteractionKind


class Value(models.TextChoices):
    """Who gave value in this touch: the give/receive balance of a relationship."""

    NONE = "", "—"
    GAVE = "gave", "I helped them"
    RECEIVED = "received", "They helped me"
    MUTUAL = "mutual", "Both ways"


class Interaction(TimeStamped):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=InteractionKind.choices)
    occurred_at = models.DateTimeField()
    place = models.CharField(max_length=200, blank=True)
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    summary = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    value = models.CharField(max_length=10, choices=Value.choices, blank=True, default="")
    participants = models.ManyToManyField(
        Person, through="Participation", related_name="interactions"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="interactions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Teammates who took part besides the author (members of the workspace): the touch
    # counts for each of them too (followups.relationships, docs/FOLLOWUPS.md).
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+",
        verbose_name="teammates who were there",
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "-occurred_at"], name="interaction_ws_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_at:%Y-%m-%d}"


class Participation(models.Model):
    """A person who took part in an interaction.

    ``occurred_at`` repeats the interaction's time so that a person's timeline and their
    last touch are read from one index, without a join, at any data size.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    interaction = models.ForeignKey(
        Interaction, on_delete=models.CASCADE, related_name="participations"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participations")
    occurred_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interaction", "person"], name="one_participation"),
        ]
        indexes = [
            models.Index(fields=["person", "-occurred_at"], name="participation_person_time"),
            models.Index(fields=["workspace", "-occurred_at"], name="participation_ws_time"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.interaction_id}"


class ActionItem(TimeStamped):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300)
    due_on = models.DateField(null=True, blank=True)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    interaction = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    snoozed_until = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["done_at", "due_on", "id"]
        indexes = [
            models.Index(fields=["workspace", "done_at", "due_on"], name="action_ws_open_due"),
            models.Index(fields=["person", "done_at"], name="action_person_open"),
            # The open list and Today in their order (due first, undated last), and the
            # done list latest first: a page read from the index, not every item sorted.
            models.Index(fields=["workspace", "due_on", "id"], name="action_open_order",
                         condition=models.Q(done_at__isnull=True)),
            models.Index(fields=["workspace", "-done_at", "-id"], name="action_done_order",
                         condition=models.Q(done_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
