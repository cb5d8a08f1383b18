"""Merging two records of the same person, and finding the pairs worth merging.

The survivor keeps its values; blanks are filled from the other person, notes are
joined, contact points and tags are combined. Everything that points at the other
person — interactions, action items, history, introductions, team leads, and records of
apps added later — is moved to the survivor, found generically through the model
relations, so a new app's links move without changing this code.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from django.db import IntegrityError, transaction
from django.db.models import F, Value, Window
from django.db.models.functions import Concat, RowNumber
from rapidfuzz import fuzz, process

from backstory.core.derived import derived_refresh
from backstory.core.errors import DomainError
from backstory.followups.models import Relationship
from backstory.people.models import ContactPoint, Person
from backstory.workspaces.actors import Actor
from backstory.workspaces.models import Workspace
from backstory.workspaces.services import activity_record

# Values the survivor takes from the other person when it has none of its own.
FILLABLE = ["title", "organization", "team", "direction", "preferred_channel",
            "preferred_format", "best_time", "beat", "outlet", "wants", "offers", "how_we_met",
            "introduced_by", "birthday_year", "birthday_month", "birthday_day",
            "cadence_min_days", "cadence_max_days", "snoozed_until", "owner"]
LABELS = {"title": "Title", "organization": "Organisation", "team": "Team",
          "circle": "Circle", "direction": "Direction", "preferred_channel": "Channel",
          "preferred_format": "Format", "best_time": "Best time", "beat": "Beat",
          "outlet": "Outlet", "wants": "Looking for", "offers": "Can offer",
          "how_we_met": "How we met", "met_on": "Met on", "introduced_by": "Introduced by",
          "birthday": "Birthday", "notes": "Notes", "cadence": "Follow-up window"}


MOVE_LABELS = {"interactions.participation": ("interaction", "interactions"),
               "interactions.actionitem": ("action item", "action items"),
               "workspaces.activity": ("history entry", "history entries"),
               "people.team": ("team they lead", "teams they lead"),
               "people.person": ("person they introduced", "people they introduced"),
               "transfer.importrow": None, "people.person_tags": None}


@dataclass
class FieldOutcome:
    label: str
    survivor: str
    other: str
    result: str

    @property
    def changes(self) -> bool:
        return self.result != self.survivor


@dataclass
class MergePreview:
    survivor: Person
    other: Person
    fields: list[FieldOutcome] = field(default_factory=list)
    contacts: list[ContactPoint] = field(default_factory=list)  # what the survivor gains
    tags: list[str] = field(default_factory=list)
    moves: dict[str, int] = field(default_factory=dict)  # "interactions": 3, …
    move_texts: list[str] = field(default_factory=list)  # "3 interactions", "1 action item"


def _show(person: Person, name: str) -> str:
    if name == "birthday":
        return person.birthday_display
    if name == "cadence":
        if person.cadence_min_days or person.cadence_max_days:
            return f"{person.cadence_min_days or '?'}–{person.cadence_max_days or '?'} days"
        return ""
    value = getattr(person, name)
    if hasattr(person, f"get_{name}_display") and value:
        return str(getattr(person, f"get_{name}_display")())
    return "" if value is None else str(value)


def _check(workspace: Workspace, survivor: Person, other: Person) -> None:
    if survivor.workspace_id != workspace.id or other.workspace_id != workspace.id:
        raise DomainError("Both people must be in this workspace.")
    if survivor.pk == other.pk:
        raise DomainError("Choose two different people to merge.")


def _merged_values(survivor: Person, other: Person) -> dict:
    values = {}
    for name in FILLABLE:
        if name.startswith("birthday_"):
            continue
        attname = Person._meta.get_field(name).attname
        if getattr(survivor, attname) in (None, "") and getattr(other, attname) not in (None, ""):
            values[attname] = getattr(other, attname)
    if not survivor.birthday_month and other.birthday_month:
        values.update(birthday_year=other.birthday_year, birthday_month=other.birthday_month,
                      birthday_day=other.birthday_day)
    if survivor.circle == "other" and other.circle != "other":
        values["circle"] = other.circle
    if other.met_on and (survivor.met_on is None or other.met_on < survivor.met_on):
        values["met_on"] = other.met_on  # the earlier meeting is when they met
    if other.notes.strip() and other.notes.strip() not in survivor.notes:
        values["notes"] = (f"{survivor.notes}\n\n{other.notes}" if survivor.notes
                           else other.notes).strip()
    if "team_id" in values:
        team_org = other.team.organization_id
        result_org = values.get("organization_id", survivor.organization_id)
        if result_org is None:
            values["organization_id"] = team_org
        elif result_org != team_org:
            values.pop("team_id")  # a team of another organisation would not fit
    if other.do_not_contact_at and not survivor.do_not_contact_at:
        # A do-not-contact mark is never lost in a merge: the merged person keeps it.
        values.update(do_not_contact_at=other.do_not_contact_at,
                      do_not_contact_reason=other.do_not_contact_reason,
                      do_not_contact_by_id=other.do_not_contact_by_id)
    if values.get("introduced_by_id") == survivor.pk:
        values.pop("introduced_by_id")
    if survivor.introduced_by_id == other.pk:
        values["introduced_by_id"] = other.introduced_by_id if \
            other.introduced_by_id != survivor.pk else None
    return values


def _relations():
    """Every foreign key from another row to a Person (hidden ones like the audit trail's
    included; many-to-many tables come through their own foreign keys), except contact
    points, which are merged by hand."""
    for relation in Person._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete or relation.many_to_many:
            continue
        if relation.related_model is ContactPoint:
            continue
        yield relation.related_model, relation.field


def merge_preview(workspace: Workspace, *, survivor: Person, other: Person) -> MergePreview:
    _check(workspace, survivor, other)
    preview = MergePreview(survivor=survivor, other=other)
    values = _merged_values(survivor, other)
    result = Person(**{f.attname: getattr(survivor, f.attname)
                       for f in Person._meta.concrete_fields})
    for attname, value in values.items():
        setattr(result, attname, value)
    for name in ["title", "organization", "team", "circle", "direction", "preferred_channel",
                 "preferred_format", "best_time", "beat", "outlet", "met_on", "introduced_by",
                 "birthday", "cadence", "wants", "offers", "how_we_met", "notes"]:
        outcome = FieldOutcome(LABELS[name], _show(survivor, name), _show(other, name),
                               _show(result, name))
        if outcome.survivor or outcome.other:
            preview.fields.append(outcome)
    have = {(c.kind, c.normalized) for c in survivor.contact_points.all()}
    preview.contacts = [c for c in other.contact_points.all()
                        if (c.kind, c.normalized) not in have]
    tags = {t.name.casefold() for t in survivor.tags.all()}
    preview.tags = [t.name for t in other.tags.all() if t.name.casefold() not in tags]
    for model, fk in _relations():
        names = MOVE_LABELS.get(model._meta.label_lower, (
            str(model._meta.verbose_name), str(model._meta.verbose_name_plural)))
        if not names:
            continue
        count = model._base_manager.filter(**{fk.name: other}).count()
        if count:
            preview.moves[names[1]] = preview.moves.get(names[1], 0) + count
    preview.move_texts = [f"{n} {name if n != 1 else _singular(name)}"
                          for name, n in preview.moves.items()]
    return preview


def _singular(plural: str) -> str:
    return next((one for one, many in filter(None, MOVE_LABELS.values()) if many == plural),
                plural)


def _relationships_fold(other: Person, survivor: Person) -> None:
    """Where a member has a relationship with both, what they set on the other's (their
    own window, their snooze) goes to the survivor's unless the survivor's says it: the
    other's row is then deleted by the move (one row per member and person)."""
    theirs = {r.user_id: r for r in Relationship.objects.filter(person=other)}
    for mine in Relationship.objects.filter(person=survivor, user_id__in=theirs):
        their = theirs[mine.user_id]
        changed = False
        if mine.cadence_min_days is None and mine.cadence_max_days is None \
                and not mine.cadence_off and (their.cadence_min_days is not None
                                              or their.cadence_max_days is not None
                                              or their.cadence_off):
            mine.cadence_min_days, mine.cadence_max_days = (their.cadence_min_days,
                                                            their.cadence_max_days)
            mine.cadence_off, changed = their.cadence_off, True
        if their.snoozed_until and (mine.snoozed_until is None
                                    or their.snoozed_until > mine.snoozed_until):
            mine.snoozed_until, changed = their.snoozed_until, True
        if changed:
            mine.save(update_fields=["cadence_min_days", "cadence_max_days", "cadence_off",
                                     "snoozed_until"])


def _move(model, fk, other: Person, survivor: Person) -> None:
    rows = model._base_manager.filter(**{fk.name: other})
    try:
        with transaction.atomic():
            rows.update(**{fk.name: survivor})
        return
    except IntegrityError:
        pass
    # A unique link (e.g. both took part in the same interaction): keep the survivor's.
    for pk in list(rows.values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                model._base_manager.filter(pk=pk).update(**{fk.name: survivor})
        except IntegrityError:
            model._base_manager.filter(pk=pk).delete()


@transaction.atomic
def person_merge(workspace: Workspace, *, by: Actor, survivor: Person, other: Person) -> Person:
    """Fold ``other`` into ``survivor``; ``other`` is deleted, nothing of it is lost."""
    _check(workspace, survivor, other)
    survivor = Person.objects.select_for_update().get(pk=survivor.pk, workspace=workspace)
    other = Person.objects.select_for_update().get(pk=other.pk, workspace=workspace)
    values = _merged_values(survivor, other)
    for attname, value in values.items():
        setattr(survivor, attname, value)
    if survivor.cadence_min_days and survivor.cadence_max_days and \
            survivor.cadence_min_days > survivor.cadence_max_days:
        survivor.cadence_min_days, survivor.cadence_max_days = None, None
    survivor.save()

    have = {(c.kind, c.normalized) for c in survivor.contact_points.all()}
    for contact in other.contact_points.order_by("kind", "position", "id"):
        if (contact.kind, contact.normalized) in have:
            contact.delete()
        else:
            have.add((contact.kind, contact.normalized))
            contact.person = survivor
            contact.save(update_fields=["person"])
    positions: dict[str, int] = defaultdict(int)
    points = list(survivor.contact_points.order_by("kind", "-is_primary", "position", "id"))
    for contact in points:
        contact.position = positions[contact.kind]
        contact.is_primary = contact.position == 0
        positions[contact.kind] += 1
    ContactPoint.objects.bulk_update(points, ["position", "is_primary"])
    survivor.tags.add(*other.tags.all())

    from backstory.transfer.models import ImportRow

    # An undo of the import that created the other person must not delete the survivor.
    ImportRow.objects.filter(workspace=workspace, person=other).update(person=None)
    _relationships_fold(other, survivor)
    for model, fk in _relations():
        if model is Person and fk.name == "introduced_by":
            Person.objects.filter(workspace=workspace, introduced_by=other).exclude(
                pk=survivor.pk).update(introduced_by=survivor)
            continue
        _move(model, fk, other, survivor)
    name = other.name
    other_id = other.pk
    other.delete()
    derived_refresh(workspace, people=[survivor])
    survivor.refresh_from_db()
    activity_record(workspace, by=by, action="person.merged", obj=survivor, person=survivor,
                    data={"merged": name, "merged_id": other_id})
    return survivor


# Suggestions ------------------------------------------------------------------------------


@dataclass
class Suggestion:
    first: Person
    second: Person
    reason: str
    strength: int


# The duplicates page checks one window of people at a time — the newest first, or the
# people the user selected — against everyone in the workspace, through indexes on the
# contact points and the stored name keys. Its cost depends on the window, not on the
# size of the network.
WINDOW = 100
SHARED_CAP = 10  # people per shared e-mail/phone/profile, per name
BLOCK_CAP = 25  # newest people per fuzzy-matching block compared with the window
CONTACT_NOUNS = {"email": "e-mail address", "phone": "phone number",
                 "linkedin": "LinkedIn profile"}


@dataclass
class DuplicateCheck:
    suggestions: list[Suggestion]
    checked: int  # people in the window
    older_than: int | None  # the next window starts below this id (None: no one older)


def _capped(qs, partition: str, cap: int):
    """Rows of ``qs``, at most ``cap`` per value of ``partition``, newest people first."""
    return qs.order_by().annotate(rank=Window(RowNumber(), partition_by=[F(partition)],
                                   order_by=[F("id").desc()])).filter(rank__lte=cap)


def duplicates_check(workspace: Workspace, *, among: list[int] | None = None,
                     before: int | None = None, limit: int = 50) -> DuplicateCheck:
    """Pairs of people who are probably the same, at least one of them in the window (the
    ``among`` people, or the newest ``WINDOW`` people below ``before``): a shared e-mail,
    phone or LinkedIn profile first, then the same name, then very similar names (compared
    within a block, never all pairs). Five queries whatever the size of the network."""
    active = Person.objects.filter(workspace=workspace, archived_at__isnull=True)
    if among:
        window = active.filter(pk__in=among).order_by("-id")
    else:
        window = active.filter(pk__lt=before) if before else active
        window = window.order_by("-id")[:WINDOW + 1]
    rows = list(window.values_list("id", "name_key", "name_block"))
    older_than = None
    if not among and len(rows) > WINDOW:
        rows = rows[:WINDOW]
        older_than = rows[-1][0]
    ids = {row[0] for row in rows}
    pairs: dict[tuple[int, int], tuple[str, int]] = {}

    def offer(a: int, b: int, reason: str, strength: int) -> None:
        key = (min(a, b), max(a, b))
        if a == b or not (ids & set(key)):
            return
        if key not in pairs or pairs[key][1] < strength:
            pairs[key] = (reason, strength)

    points = ContactPoint.objects.filter(workspace=workspace, kind__in=list(CONTACT_NOUNS),
                                         person__archived_at__isnull=True)
    mine = points.filter(person_id__in=ids).exclude(normalized="").values("normalized")
    shared: dict[tuple[str, str], set[int]] = defaultdict(set)
    sharing = _capped(points.filter(normalized__in=mine).annotate(
        point_key=Concat("kind", Value(" "), "normalized")), "point_key", SHARED_CAP)
    for kind, value, person_id in sharing.values_list("kind", "normalized", "person_id"):
        shared[(kind, value)].add(person_id)
    for (kind, _value), people in shared.items():
        for a, b in combinations(sorted(people), 2):
            offer(a, b, f"same {CONTACT_NOUNS[kind]}", 3)

    keys = {key for _, key, _ in rows if key}
    by_name: dict[str, list[int]] = defaultdict(list)
    same = _capped(active.filter(name_key__in=keys), "name_key", SHARED_CAP)
    for person_id, key in same.values_list("id", "name_key"):
        by_name[key].append(person_id)
    for people in by_name.values():
        for a, b in combinations(people, 2):
            offer(a, b, "same name", 2)

    blocks = {block for _, _, block in rows if block}
    members: dict[str, list[tuple[int, str]]] = defaultdict(list)
    near = _capped(active.filter(name_block__in=blocks), "name_block", BLOCK_CAP)
    for person_id, key, block in near.values_list("id", "name_key", "name_block"):
        members[block].append((person_id, key))
    for person_id, key, block in rows:
        others = [(b, kb) for b, kb in members.get(block, ()) if b != person_id and kb != key]
        if not others:
            continue
        found = process.extract(key, [kb for _, kb in others], scorer=fuzz.token_sort_ratio,
                                score_cutoff=90, limit=None)
        for _match, _score, index in found:
            offer(person_id, others[index][0], "very similar names", 1)

    ranked = sorted(pairs.items(), key=lambda item: (-item[1][1], item[0]))[:limit]
    people_by_id = Person.objects.filter(
        workspace=workspace, pk__in={i for k, _ in ranked for i in k}
    ).select_related("organization").only("id", "name", "organization__name").order_by(
    ).in_bulk()
    suggestions = [Suggestion(people_by_id[a], people_by_id[b], reason, strength)
                   for (a, b), (reason, strength) in ranked
                   if a in people_by_id and b in people_by_id]
    return DuplicateCheck(suggestions=suggestions, checked=len(rows), older_than=older_than)


def merge_suggestions(workspace: Workspace, *, among: list[int] | None = None,
                      before: int | None = None, limit: int = 50) -> list[Suggestion]:
    """The pairs of ``duplicates_check``."""
    return duplicates_check(workspace, among=among, before=before, limit=limit).suggestions

