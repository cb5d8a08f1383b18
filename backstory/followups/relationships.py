"""Each member's own relationships (``followups.Relationship``): who took part in a touch,
and the values derived from the touches each member took part in.

The rules (docs/FOLLOWUPS.md, "Team workspaces"):

* **Taking part.** A touch counts for its author (``Interaction.created_by``) and for
  every teammate recorded as there (``Interaction.members``). A touch with neither (an
  import, the terminal without ``--as``, data from before team workspaces) counts for
  the workspace's owners: in a workspace of one, its member — so a single-user workspace
  behaves exactly as before.
* **My network** is the people I have a ``Relationship`` row with: a touch I took part
  in, or a setting of my own (window, reminders off, snooze). A teammate who joins a
  workspace of 50,000 people has an empty network, not 50,000 suggestions.
* **My window** is my own (``Relationship.cadence_*``), else the person's
  (``Person.cadence_*``: the team's window for that person), else the circle's.
  ``cadence.member_window`` is the rule; ``cadence.followup_dates`` turns it and my last
  touch into my stored window dates.
* ``Person.snoozed_until`` is derived here too: the latest snooze any member set, so
  that the team's people list shows a person as snoozed while a member's snooze runs
  (in a workspace of one: that member's snooze, as before).

``relationships_refresh`` is the refresher of the write pipeline (``core.derived``,
value ``relationships``); it runs after the person-level values. ``relationships_compute``
is the definition the stored rows must equal (tests compare them). It takes its models
as a parameter so that the data migration that introduced relationships
(``0005_relationships_from_person``) computes with the same code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace

from django.apps import apps as global_apps

from backstory.interactions.kinds import MEETING_KINDS
from backstory.workspaces.clock import workspace_tz

from .cadence import cadence_defaults_from, capped_on, followup_dates, member_window

_CHUNK = 500
SETTINGS = ("cadence_min_days", "cadence_max_days", "cadence_off", "snoozed_until")
DERIVED_FIELDS = ("last_touch_at", "touch_count", "first_met_at", "followup_opens_on",
                  "followup_closes_on", "followup_capped_on")


def models_of(apps=global_apps) -> SimpleNamespace:
    """The models the computation reads (current ones, or a migration's historical ones)."""
    get = apps.get_model
    interaction = get("interactions", "Interaction")
    return SimpleNamespace(
        Person=get("people", "Person"), Participation=get("interactions", "Participation"),
        Interaction=interaction, InteractionMember=interaction.members.through,
        Membership=get("workspaces", "Membership"), Relationship=get("followups", "Relationship"),
        CadenceDefault=get("followups", "CadenceDefault"),
    )


def workspace_owner_ids(workspace, M: SimpleNamespace | None = None) -> set[int]:
    M = M or models_of()
    return set(M.Membership.objects.filter(workspace_id=workspace.pk, role="owner")
               .values_list("user_id", flat=True))


def took_part(author_id: int | None, member_ids: Iterable[int], owner_ids: set[int]) -> set[int]:
    """The members a touch counts for (the rule of the module docstring)."""
    users = set(member_ids)
    if author_id is not None:
        users.add(author_id)
    return users or set(owner_ids)


@dataclass
class Derived:
    last_touch_at: datetime | None = None
    touch_count: int = 0
    first_met_at: datetime | None = None
    followup_opens_on: date | None = None
    followup_closes_on: date | None = None
    followup_capped_on: date | None = None


def _chunks(ids: list[int]):
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def _touches(workspace, person_ids: list[int] | None, M) -> dict[tuple[int, int], Derived]:
    """(user id, person id) -> last touch, count and first meeting of the touches the
    member took part in, for these people (every person when None)."""
    owners = workspace_owner_ids(workspace, M)
    rows = M.Participation.objects.filter(workspace_id=workspace.pk)
    members = M.InteractionMember.objects.filter(interaction__workspace_id=workspace.pk)
    if person_ids is not None:
        rows = rows.filter(person_id__in=person_ids)
        members = members.filter(interaction__participations__person_id__in=person_ids)
    teammates: dict[int, list[int]] = {}
    for interaction_id, user_id in members.values_list("interaction_id", "user_id").distinct():
        teammates.setdefault(interaction_id, []).append(user_id)
    result: dict[tuple[int, int], Derived] = {}
    for person_id, interaction_id, at, kind, author_id in rows.values_list(
            "person_id", "interaction_id", "occurred_at", "interaction__kind",
            "interaction__created_by_id").iterator(chunk_size=5000):
        for user_id in took_part(author_id, teammates.get(interaction_id, ()), owners):
            d = result.get((user_id, person_id))
            if d is None:
                d = result[(user_id, person_id)] = Derived()
            d.touch_count += 1
            if d.last_touch_at is None or at > d.last_touch_at:
                d.last_touch_at = at
            if kind in MEETING_KINDS and (d.first_met_at is None or at < d.first_met_at):
                d.first_met_at = at
    return result


def relationships_compute(workspace, person_ids: Iterable[int] | None = None, *,
                          M: SimpleNamespace | None = None,
                          settings: dict[tuple[int, int], dict] | None = None,
                          ) -> dict[tuple[int, int], Derived]:
    """What the stored relationships of these people must hold: (user id, person id) ->
    derived values, for every member who took part in a touch with them or has a
    setting of their own (``settings``: read from the stored rows when not given)."""
    M = M or models_of()
    ids = None if person_ids is None else sorted(set(person_ids))
    tz = workspace_tz(workspace)
    defaults = cadence_defaults_from(
        M.CadenceDefault.objects.filter(workspace_id=workspace.pk))
    people = M.Person.objects.filter(workspace_id=workspace.pk)
    if settings is None:
        stored = M.Relationship.objects.filter(workspace_id=workspace.pk)
        if ids is not None:
            stored = stored.filter(person_id__in=ids)
        settings = {(r["user_id"], r["person_id"]): r for r in stored.values(
            "user_id", "person_id", *SETTINGS)}
    touches: dict[tuple[int, int], Derived] = {}
    facts: dict[int, tuple] = {}
    for chunk in ([None] if ids is None else list(_chunks(ids))):
        touches.update(_touches(workspace, chunk, M))
        qs = people if chunk is None else people.filter(pk__in=chunk)
        facts.update({pk: rest for pk, *rest in qs.values_list(
            "pk", "circle", "cadence_min_days", "cadence_max_days", "cadence_off",
            "archived_at")})
    result: dict[tuple[int, int], Derived] = {}
    for key in set(touches) | {k for k, v in settings.items() if _has_settings(v)}:
        user_id, person_id = key
        if person_id not in facts:
            continue
        circle, lo, hi, off, archived_at = facts[person_id]
        own = settings.get(key) or {}
        d = touches.get(key) or Derived()
        window = member_window(
            circle=circle, person_min=lo, person_max=hi, person_off=off,
            own_min=own.get("cadence_min_days"), own_max=own.get("cadence_max_days"),
            own_off=bool(own.get("cadence_off")), defaults=defaults)
        d.followup_opens_on, d.followup_closes_on = followup_dates(
            tz=tz, last_touch_at=d.last_touch_at, window=window,
            archived=archived_at is not None)
        d.followup_capped_on = capped_on(d.followup_opens_on, d.followup_closes_on)
        result[key] = d
    return result


def _has_settings(values: dict) -> bool:
    return any(values.get(name) not in (None, False) for name in SETTINGS)


def _unclaimed_people(workspace, M) -> list[int]:
    """People of the touches that count for the owners (no author, no teammate)."""
    return sorted(set(M.Participation.objects.filter(
        workspace_id=workspace.pk, interaction__created_by__isnull=True,
        interaction__members__isnull=True).values_list("person_id", flat=True)))


def relationships_refresh(workspace, person_ids: Iterable[int] | None = None, *,
                          circles: Iterable[str] | None = None, members: bool = False,
                          M: SimpleNamespace | None = None) -> None:
    """Bring the stored relationships of these people (the whole workspace when None) in
    line with ``relationships_compute``, and ``Person.snoozed_until`` with the members'
    snoozes. Writes only the rows that differ (a save that changes nothing leaves them).
    ``circles``: the people of these circles (their window changed); ``members``: the
    people whose touches count for the owners (who the owners are changed)."""
    M = M or models_of()
    # A migration's models may predate a derived field (0005 runs before 0006 adds one).
    have = {f.name for f in M.Relationship._meta.get_fields()}
    fields = [name for name in DERIVED_FIELDS if name in have]
    if circles is not None:
        person_ids = M.Person.objects.filter(workspace_id=workspace.pk,
                                             circle__in=list(circles)).values_list("pk", flat=True)
    elif members:
        person_ids = _unclaimed_people(workspace, M)
    ids = None if person_ids is None else sorted(set(person_ids))
    for chunk in ([None] if ids is None else list(_chunks(ids))):
        stored_qs = M.Relationship.objects.filter(workspace_id=workspace.pk)
        if chunk is not None:
            stored_qs = stored_qs.filter(person_id__in=chunk)
        stored = {(r.user_id, r.person_id): r for r in stored_qs}
        settings = {key: {name: getattr(r, name) for name in SETTINGS}
                    for key, r in stored.items()}
        wanted = relationships_compute(workspace, chunk, M=M, settings=settings)
        changed, new = [], []
        for key, d in wanted.items():
            row = stored.get(key)
            if row is None:
                new.append(M.Relationship(workspace_id=workspace.pk, user_id=key[0],
                                          person_id=key[1],
                                          **{name: getattr(d, name) for name in fields}))
            elif any(getattr(row, name) != getattr(d, name) for name in fields):
                for name in fields:
                    setattr(row, name, getattr(d, name))
                changed.append(row)
        gone = [row.pk for key, row in stored.items() if key not in wanted]
        for part in _chunks(gone):
            M.Relationship.objects.filter(pk__in=part).delete()
        M.Relationship.objects.bulk_update(changed, fields, batch_size=1000)
        M.Relationship.objects.bulk_create(new, batch_size=1000)
        _person_snoozes_refresh(workspace, chunk, M, settings)


def _person_snoozes_refresh(workspace, person_ids: list[int] | None, M, settings) -> None:
    latest: dict[int, date] = {}
    for (_user_id, person_id), values in settings.items():
        until = values.get("snoozed_until")
        if until is not None and (person_id not in latest or until > latest[person_id]):
            latest[person_id] = until
    people = M.Person.objects.filter(workspace_id=workspace.pk)
    if person_ids is not None:
        people = people.filter(pk__in=person_ids)
    stale: dict[date | None, list[int]] = {}
    for pk, until in people.exclude(snoozed_until__isnull=True).values_list(
            "pk", "snoozed_until"):
        if latest.get(pk) != until:
            stale.setdefault(latest.get(pk), []).append(pk)
    have = set(people.filter(pk__in=list(latest)).filter(snoozed_until__isnull=False)
               .values_list("pk", flat=True)) if latest else set()
    for pk, until in latest.items():
        if pk not in have:
            stale.setdefault(until, []).append(pk)
    for until, pks in stale.items():
        for part in _chunks(sorted(set(pks))):
            M.Person.objects.filter(pk__in=part).update(snoozed_until=until)
