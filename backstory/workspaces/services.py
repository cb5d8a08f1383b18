"""Writes for workspaces, members, sign-in links and the audit trail."""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from backstory.core.derived import derived_rebuild, derived_refresh
from backstory.core.errors import DomainError
from backstory.core.versions import Versioned
from backstory.workspaces.actors import Actor, recorded_actor

from . import leaving
from .models import Activity, Invitation, Membership, Role, SignInLink, Workspace
from .tokens import token_hash, token_new

User = get_user_model()
log = logging.getLogger(__name__)


def activity_record(
    workspace: Workspace,
    *,
    by: Actor,
    action: str,
    obj=None,
    person=None,
    data: dict | None = None,
) -> Activity:
    """Write one audit entry; call it inside the service's transaction."""
    return Activity.objects.create(
        workspace=workspace,
        actor=recorded_actor(by),
        action=action,
        person=person,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        data=data or {},
    )


def activity_record_many(workspace: Workspace, entries: Iterable[Activity]) -> None:
    """Bulk audit entries, for imports and other writes of many rows at once."""
    from backstory.core.bulk import insert, values_of

    batch = list(entries)
    for entry in batch:
        entry.workspace = workspace
    # A raw multi-row insert: an import writes tens of thousands of these at once.
    insert(Activity, [values_of(entry) for entry in batch])


def _unique_slug(base: str) -> str:
    root = slugify(base)[:50] or "workspace"
    slug, n = root, 2
    while Workspace.objects.filter(slug=slug).exists():
        slug, n = f"{root}-{n}", n + 1
    return slug


@transaction.atomic
def workspace_create(
    *, name: str, owner: AbstractBaseUser, time_zone: str = "UTC", slug: str = ""
) -> Workspace:
    name = name.strip()
    if not name:
        raise DomainError("A workspace needs a name.", field_errors={"name": ["Required."]})
    workspace = Workspace.objects.create(
        name=name, slug=_unique_slug(slug or name), time_zone=time_zone
    )
    Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    activity_record(workspace, by=owner, action="workspace.created", obj=workspace)
    return workspace


@transaction.atomic
def user_create(*, username: str, password: str | None, email: str = "",
                personal_workspace: bool = True) -> AbstractBaseUser:
    """Create a user, with a personal workspace (the `adduser` command and first start) or
    without one (someone who joins a team by invitation)."""
    username = username.strip()
    if not username:
        raise DomainError("A user name is required.",
                          field_errors={"username": ["A user name is required."]})
    if User.objects.filter(username__iexact=username).exists():
        message = f"A user called '{username}' already exists."
        raise DomainError(message, field_errors={"username": [message]})
    user = User(username=username, email=email)
    if password:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise DomainError(
                " ".join(error.messages), field_errors={"password": error.messages}
            ) from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        raise DomainError.from_validation_error(error) from None
    user.save()
    if personal_workspace:
        workspace_create(name=f"{username}'s network", owner=user, slug=username)
    return user


@transaction.atomic
def membership_add(
    workspace: Workspace, *, user: AbstractBaseUser, role: str, by: Actor
) -> Membership:
    derived_refresh(workspace)  # a write: the data version goes up
    if role not in Role.values:
        raise DomainError(f"Unknown role '{role}'. Choose owner, editor or viewer.")
    owners = Membership.objects.select_for_update().filter(workspace=workspace, role=Role.OWNER)
    if role != Role.OWNER and {m.user_id for m in owners} == {user.pk}:
        # The same rule as removal: someone must always be able to manage the workspace.
        raise DomainError(
            "A workspace needs at least one owner: make someone else an owner first.",
            field_errors={"role": ["The only owner cannot take another role."]},
        )
    membership, created = Membership.objects.update_or_create(
        workspace=workspace, user=user, defaults={"role": role}
    )
    activity_record(
        workspace,
        by=by,
        action="member.added" if created else "member.role_changed",
        obj=membership,
        data={"username": user.get_username(), "role": role},
    )
    # Touches nobody is recorded as taking part in count for the owners (followups).
    derived_refresh(workspace, members=True)
    return membership


@transaction.atomic
def membership_remove(workspace: Workspace, *, membership: Membership, by: Actor,
                      successor: AbstractBaseUser | None = None) -> None:
    """Remove a member. What they hold (the people whose relationship they lead, see
    ``leaving``) goes to ``successor``, another member, or to nobody; what they wrote
    keeps them as its author."""
    derived_refresh(workspace)  # a write: the data version goes up
    if membership.workspace_id != workspace.id:
        raise DomainError("That member is not in this workspace.")
    owners = Membership.objects.filter(workspace=workspace, role=Role.OWNER)
    if membership.role == Role.OWNER and owners.count() == 1:
        raise DomainError("A workspace needs at least one owner.")
    if successor is not None and (
        successor.pk == membership.user_id
        or not Membership.objects.filter(workspace=workspace, user=successor).exists()
    ):
        message = "Hand their people to someone who stays in the workspace."
        raise DomainError(message, field_errors={"successor": [message]})
    leaving.hand_over(workspace, membership.user, successor, by)
    activity_record(
        workspace,
        by=by,
        action="member.removed",
        obj=membership,
        data={"username": membership.user.get_username(),
              **({"successor": successor.get_username()} if successor else {})},
    )
    # Their calendar-feed address dies with the membership, for good: being added again
    # later starts without one (a new address has to be made).
    from backstory.followups.models import FollowupPrefs

    FollowupPrefs.objects.filter(workspace=workspace, user_id=membership.user_id).update(
        feed_token=None
    )
    membership.delete()
    derived_refresh(workspace, members=True)  # touches nobody took part in: the owners'


_hash = token_hash


def signin_link_create(
    *, user: AbstractBaseUser, valid_for: timedelta = timedelta(hours=24)
) -> str:
    """Return a fresh one-time token for `user`; only its hash is stored. Older links of
    the user stop working: only the newest printed link signs in."""
    token = token_new()
    SignInLink.objects.filter(user=user, used_at__isnull=True).delete()
    SignInLink.objects.create(
        user=user, token_hash=_hash(token), expires_at=timezone.now() + valid_for
    )
    return token


@transaction.atomic
def signin_link_redeem(*, token: str) -> AbstractBaseUser:
    link = (
        SignInLink.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=_hash(token))
        .first()
    )
    if link is None or link.used_at is not None or link.expires_at < timezone.now():
        raise DomainError(
            "This sign-in link has expired or was already used. "
            "Run `backstory signin-link` for a new one."
        )
    if not link.user.is_active:
        raise DomainError("This account is disabled.")
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return link.user


def password_set(*, user: AbstractBaseUser, password: str, current_password: str = "",
                 signed_in_by_link: bool = False) -> None:
    """Set a new password, checked by AUTH_PASSWORD_VALIDATORS.

    Whoever has a password proves it first (a session left open on a shared computer must
    not be enough to take the account over); a user who has none yet, or who has just
    signed in by a one-time link from the terminal, has proved who they are already.
    """
    proven = signed_in_by_link or not user.has_usable_password()
    if not proven and not (current_password and user.check_password(current_password)):
        message = "That is not your current password."
        raise DomainError(message, field_errors={"current_password": [message]})
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(
            " ".join(error.messages), field_errors={"password": error.messages}
        ) from None
    user.set_password(password)
    user.save(update_fields=["password"])


# What the settings form of a workspace changes (core.versions).
WORKSPACE_VERSION = Versioned("name", "time_zone", what=lambda w: "the workspace settings")


def workspace_update(workspace: Workspace, *, by: Actor, name: str, time_zone: str,
                     expected_version: str | None = None) -> Workspace:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["A workspace needs a name."]
    if time_zone not in zoneinfo.available_timezones():
        errors["time_zone"] = [f"'{time_zone}' is not a time zone we know (e.g. Europe/London)."]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], field_errors=errors)
    with transaction.atomic():
        WORKSPACE_VERSION.lock(workspace, expected_version)
        moved = workspace.time_zone != time_zone
        workspace.name = name.strip()
        workspace.time_zone = time_zone
        workspace.save(update_fields=["name", "time_zone", "updated_at"])
        if moved:
            # Local dates move with the time zone: every stored value is recomputed.
            derived_rebuild(workspace)
        else:
            derived_refresh(workspace)
        activity_record(workspace, by=by, action="workspace.updated", obj=workspace)
    return workspace


# Invitations --------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedInvitation:
    """A new invitation and its link. The link exists only here (only its token's hash
    is stored): show it to the owner once, or e-mail it."""

    invitation: Invitation
    link: str
    mailed: bool
    mail_error: str = ""


def invitation_link(token: str) -> str:
    return f"{settings.SITE_URL}/invite/{token}/"


def _owner_check(workspace: Workspace, by: Actor) -> None:
    actor = recorded_actor(by)
    if actor is None or not Membership.objects.filter(
            workspace=workspace, user=actor, role=Role.OWNER).exists():
        raise DomainError("Only an owner of the workspace can invite or withdraw invitations.")


def invitation_create(workspace: Workspace, *, email: str, role: str, by: Actor,
                      send: bool = True, now: datetime | None = None) -> IssuedInvitation:
    """Invite ``email`` to ``workspace`` with ``role`` (an owner does it).

    A newer invitation to the same address replaces the older one, whose link stops
    working. With ``send`` the link is e-mailed through the configured SMTP server; a
    failed send is reported (``mail_error``), not raised: the owner still has the link.
    """
    email = " ".join(email.split())
    errors: dict[str, list[str]] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [f"'{email}' is not an e-mail address." if email
                           else "Type the e-mail address of the person to invite."]
    if role not in Role.values:
        errors["role"] = [f"Unknown role '{role}'. Choose owner, editor or viewer."]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], field_errors=errors)
    now = now or timezone.now()
    token = token_new()
    with transaction.atomic():
        _owner_check(workspace, by)
        member = Membership.objects.filter(
            workspace=workspace, user__email__iexact=email).select_related("user").first()
        if member is not None:
            message = f"{member.user.get_username()} ({email}) is already a member."
            raise DomainError(message, field_errors={"email": [message]})
        derived_refresh(workspace)  # a write: the data version goes up
        Invitation.objects.filter(
            workspace=workspace, email__iexact=email, accepted_at__isnull=True,
            revoked_at__isnull=True,
        ).update(revoked_at=now, updated_at=now)
        invitation = Invitation.objects.create(
            workspace=workspace, email=email, role=role, token_hash=_hash(token),
            invited_by=recorded_actor(by),
            expires_at=now + timedelta(days=settings.BACKSTORY_INVITATION_DAYS),
        )
        activity_record(workspace, by=by, action="member.invited", obj=invitation,
                        data={"email": email, "role": role,
                              "summary": f"{email} invited as {Role(role).label.lower()}"})
    link = invitation_link(token)
    if not send:
        return IssuedInvitation(invitation, link, mailed=False)
    error = _invitation_mail(invitation, link, by)
    invitation.mail_status = error or "sent"
    invitation.save(update_fields=["mail_status"])
    return IssuedInvitation(invitation, link, mailed=not error, mail_error=error)


def _invitation_mail(invitation: Invitation, link: str, by: Actor) -> str:
    """Send the invitation; "" when the SMTP server took it, else what went wrong."""
    actor = recorded_actor(by)
    context = {"invitation": invitation, "workspace": invitation.workspace, "link": link,
               "inviter": actor.get_username() if actor else "An owner",
               "days": settings.BACKSTORY_INVITATION_DAYS}
    subject = f"You are invited to {invitation.workspace.name} on Backstory"
    try:
        send_mail(subject, render_to_string("workspaces/email/invitation.txt", context),
                  settings.DEFAULT_FROM_EMAIL, [invitation.email], fail_silently=False)
    except Exception as error:  # noqa: BLE001 - any failure is shown to the owner
        log.warning("invitation mail to %s failed: %s", invitation.email, error)
        return f"{type(error).__name__}: {error}"[:300]
    return ""


@transaction.atomic
def invitation_revoke(workspace: Workspace, *, invitation: Invitation, by: Actor) -> Invitation:
    if invitation.workspace_id != workspace.id:
        raise DomainError("That invitation is not in this workspace.")
    _owner_check(workspace, by)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise DomainError(f"{invitation.email} has already joined; remove the member instead.")
    if invitation.revoked_at is None:
        derived_refresh(workspace)  # a write: the data version goes up
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        activity_record(workspace, by=by, action="member.invitation_revoked", obj=invitation,
                        data={"email": invitation.email,
                              "summary": f"Invitation to {invitation.email} withdrawn"})
    return invitation


def _invitation_locked(token: str) -> Invitation:
    invitation = (Invitation.objects.select_for_update().select_related("workspace")
                  .filter(token_hash=_hash(token)).first())
    if invitation is None:
        raise DomainError("This invitation link is not known. Check that it was copied "
                          "whole, or ask for a new one.")
    problem = invitation.problem()
    if problem:
        raise DomainError(f"{problem} Ask an owner of the workspace for a new one.")
    return invitation


def email_has_account(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


@transaction.atomic
def invitation_accept(*, token: str, user: AbstractBaseUser) -> Membership:
    """The signed-in ``user`` accepts: they join the workspace with the invited role (a
    member already keeps their role). The link is spent."""
    invitation = _invitation_locked(token)
    workspace = invitation.workspace
    derived_refresh(workspace)  # a write: the data version goes up
    membership = Membership.objects.filter(workspace=workspace, user=user).first()
    if membership is None:
        membership = Membership.objects.create(workspace=workspace, user=user,
                                               role=invitation.role)
        activity_record(workspace, by=user, action="member.joined", obj=membership,
                        data={"username": user.get_username(), "role": invitation.role,
                              "email": invitation.email,
                              "summary": f"{user.get_username()} joined by invitation"})
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    return membership


@transaction.atomic
def invitation_accept_new_account(*, token: str, username: str, password: str
                                  ) -> Membership:
    """Create the invitee's account (name and password checked by Django's validators)
    and join. An address that already has an account must sign in as it instead: the link
    alone never signs in an existing account."""
    invitation = _invitation_locked(token)
    if email_has_account(invitation.email):
        raise DomainError(f"An account with the address {invitation.email} exists already: "
                          "sign in with it, then open the link again to join.")
    if not password:
        raise DomainError("Choose a password.", field_errors={"password": ["Required."]})
    user = user_create(username=username, password=password, email=invitation.email,
                       personal_workspace=False)
    return invitation_accept(token=token, user=user)
