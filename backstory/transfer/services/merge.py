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
from django.db.models import Count
from rapidfuzz import fuzz

from backstory.core.errors import DomainError
from backstory.people import normalize
from backstory.people.models import ContactPoint, Person
from backstory.people.services import person_refresh_last_touch
from backstory.workspaces.models import Workspace
from backstory.workspaces.services import activity_record

# Values the survivor takes from the other person when it has none of its own.
FILLABLE = ["title", "organization", "team", "direction", "preferred_channel",
            "preferred_format", "best_time", "beat", "outlet", "wants", "offers", "how_we_met",
            "introduced_by", "birthday_year", "birthday_month", "birthday_day",
            "cadence_min_days", "cadence_max_days", "snoozed_until"]
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
def person_merge(workspace: Workspace, *, by, survivor: Person, other: Person) -> Person:
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
    for model, fk in _relations():
        if model is Person and fk.name == "introduced_by":
            Person.objects.filter(workspace=workspace, introduced_by=other).exclude(
                pk=survivor.pk).update(introduced_by=survivor)
            continue
        _move(model, fk, other, survivor)
    name = other.name
    other_id = other.pk
    other.delete()
    person_refresh_last_touch(workspace, [survivor.pk])
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


def merge_suggestions(workspace: Workspace, *, among: list[int] | None = None,
                      limit: int = 50) -> list[Suggestion]:
    """Pairs of people who are probably the same: a shared e-mail, phone or LinkedIn
    profile first, then the same name, then very similar names (blocked, never all pairs).
    With ``among``, only pairs that involve those people."""
    pairs: dict[tuple[int, int], tuple[str, int]] = {}
    selected = set(among or [])

    def offer(a: int, b: int, reason: str, strength: int) -> None:
        key = (min(a, b), max(a, b))
        if a == b or (selected and not (selected & set(key))):
            return
        if key not in pairs or pairs[key][1] < strength:
            pairs[key] = (reason, strength)

    shared = (ContactPoint.objects.filter(workspace=workspace,
                                          kind__in=("email", "phone", "linkedin"))
              .exclude(normalized="").values("kind", "normalized")
              .annotate(n=Count("person", distinct=True)).filter(n__gt=1)[:2000])
    for row in shared:
        ids = list(ContactPoint.objects.filter(
            workspace=workspace, kind=row["kind"], normalized=row["normalized"])
            .values_list("person_id", flat=True).distinct()[:10])
        noun = {"email": "e-mail address", "phone": "phone number",
                "linkedin": "LinkedIn profile"}[row["kind"]]
        for a, b in combinations(ids, 2):
            offer(a, b, f"same {noun}", 3)
    by_name: dict[str, list[int]] = defaultdict(list)
    blocks: dict[str, list[tuple[int, str]]] = defaultdict(list)
    people = Person.objects.filter(workspace=workspace, archived_at__isnull=True)
    for person_id, name in people.values_list("id", "name").iterator(chunk_size=5000):
        key, keys = normalize.name_keys(name)
        by_name[key].append(person_id)
        if not selected or person_id in selected:
            for block in keys:
                blocks[block].append((person_id, key))
        else:
            for block in keys:
                if len(blocks[block]) < 300:
                    blocks[block].append((person_id, key))
    for ids in by_name.values():
        for a, b in combinations(ids[:10], 2):
            offer(a, b, "same name", 2)
    for members in blocks.values():
        for (a, ka), (b, kb) in combinations(members[:300], 2):
            if ka != kb and fuzz.token_sort_ratio(ka, kb) >= 90:
                offer(a, b, "very similar names", 1)
    ranked = sorted(pairs.items(), key=lambda item: (-item[1][1], item[0]))[:limit]
    found = Person.objects.filter(workspace=workspace, pk__in={i for k, _ in ranked for i in k}
                                  ).select_related("organization").in_bulk()
    return [Suggestion(found[a], found[b], reason, strength)
            for (a, b), (reason, strength) in ranked if a in found and b in found]
