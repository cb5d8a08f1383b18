"""Writes for workspaces, members, sign-in links and the audit trail."""

from __future__ import annotations

import hashlib
import secrets
import zoneinfo
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from backstory.core.derived import derived_rebuild, derived_refresh
from backstory.core.errors import DomainError
from backstory.core.versions import Versioned
from backstory.workspaces.actors import recorded_actor

from .models import Activity, Membership, Role, SignInLink, Workspace

User = get_user_model()


def activity_record(
    workspace: Workspace,
    *,
    by: AbstractBaseUser | None,
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
def user_create(*, username: str, password: str | None, email: str = "") -> AbstractBaseUser:
    """Create a user with a personal workspace (the `adduser` command and first start)."""
    username = username.strip()
    if not username:
        raise DomainError("A user name is required.")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(f"A user called '{username}' already exists.")
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
    user.full_clean(exclude=["password"])
    user.save()
    workspace_create(name=f"{username}'s network", owner=user, slug=username)
    return user


@transaction.atomic
def membership_add(
    workspace: Workspace, *, user: AbstractBaseUser, role: str, by: AbstractBaseUser | None
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
def membership_remove(workspace: Workspace, *, membership: Membership, by) -> None:
    derived_refresh(workspace)  # a write: the data version goes up
    if membership.workspace_id != workspace.id:
        raise DomainError("That member is not in this workspace.")
    owners = Membership.objects.filter(workspace=workspace, role=Role.OWNER)
    if membership.role == Role.OWNER and owners.count() == 1:
        raise DomainError("A workspace needs at least one owner.")
    activity_record(
        workspace,
        by=by,
        action="member.removed",
        obj=membership,
        data={"username": membership.user.get_username()},
    )
    # Their calendar-feed address dies with the membership, for good: being added again
    # later starts without one (a new address has to be made).
    from backstory.followups.models import FollowupPrefs

    FollowupPrefs.objects.filter(workspace=workspace, user_id=membership.user_id).update(
        feed_token=None
    )
    membership.delete()
    derived_refresh(workspace, members=True)  # touches nobody took part in: the owners'


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def signin_link_create(
    *, user: AbstractBaseUser, valid_for: timedelta = timedelta(hours=24)
) -> str:
    """Return a fresh one-time token for `user`; only its hash is stored. Older links of
    the user stop working: only the newest printed link signs in."""
    token = secrets.token_urlsafe(32)
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


def workspace_update(workspace: Workspace, *, by, name: str, time_zone: str,
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
