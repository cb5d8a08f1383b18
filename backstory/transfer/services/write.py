"""Writing a planned chunk: people, organisations, teams, tags, contact points,
interactions and action items in bulk, each change with its audit entry and undo record.

Bulk inserts bypass people.services for speed (an import of 30,000 rows cannot call
full_clean and write one audit row at a time; rows go through core.bulk), so this
module keeps the same rules:
values were validated and normalised by transfer.mapping (people.normalize), audit
entries go through workspaces.services.activity_record_many, and every stored derived
value (last touch, window dates, name keys, the person-word index, touches per day) is
refreshed by the one write pipeline (core.derived.derived_refresh) once, at the end.
Interactions are written through their service's bulk form
(interactions.services.interactions_log_bulk): an import's InteractionRecord is that
service's own InteractionFields, so a new field of Interaction needs nothing here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date
from typing import Any

from django.db.models.functions import Lower
from django.utils import timezone

from backstory.core import bulk
from backstory.core.derived import derived_refresh
from backstory.interactions.models import ActionItem
from backstory.interactions.services import interactions_log_bulk
from backstory.people import normalize
from backstory.people.models import (
    ContactPoint,
    Organization,
    OrganizationKind,
    Person,
    Tag,
    Team,
)
from backstory.people.services import tag_name
from backstory.workspaces.actors import Actor, recorded_actor
from backstory.workspaces.models import Activity, Workspace
from backstory.workspaces.services import activity_record_many

from ..models import ImportBatch, ImportObject, ImportRow
from .plan import Planned, Planner

BATCH = 500
PERSON_FIELDS = {f.name for f in Person._meta.concrete_fields}


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


class Writer:
    def __init__(self, workspace: Workspace, *, by: Actor, batch: ImportBatch, planner: Planner):
        self.workspace = workspace
        self.actor = recorded_actor(by)
        self.batch = batch
        self.planner = planner
        self.now = timezone.now()
        self.orgs: dict[str, tuple[int, str]] = {}
        for org_id, name in Organization.objects.filter(workspace=workspace).values_list(
                "id", "name").order_by("id"):
            self.orgs.setdefault(normalize.normalize_organization(name), (org_id, name))
        self.teams: dict[tuple[int, str], int] = {
            (org_id, name.casefold()): team_id
            for team_id, org_id, name in Team.objects.filter(workspace=workspace).values_list(
                "id", "organization_id", "name")
        }
        self.tags: dict[str, int] = {
            name.casefold(): tag_id
            for tag_id, name in Tag.objects.filter(workspace=workspace).values_list("id", "name")
        }
        self.profiled: set[int] = set()  # people created or updated
        self.interactions_written: set[int] = set()
        self.interaction_ids: dict[str, int] = {}
        self.created_refs: dict[tuple[str, str], int] = {}  # (object type, ID in file) → id

    # Shared records ---------------------------------------------------------------------

    def _ensure_orgs(self, names: set[str]) -> None:
        new: dict[str, str] = {}
        for name in names:
            key = normalize.normalize_organization(name)
            if key and key not in self.orgs and key not in new:
                new[key] = name[:200]
        if not new:
            return
        created = Organization.objects.bulk_create(
            [Organization(workspace=self.workspace, name=name) for name in new.values()],
            batch_size=BATCH)
        for key, org in zip(new, created, strict=True):
            self.orgs[key] = (org.pk, org.name)
        self._objects("organization", [o.pk for o in created])

    def org_id(self, name: str) -> int | None:
        key = normalize.normalize_organization(name) if name else ""
        return self.orgs[key][0] if key in self.orgs else None

    def _ensure_teams(self, pairs: set[tuple[int | None, str]]) -> None:
        new = {}
        for org_id, name in pairs:
            if org_id and name and (org_id, name.casefold()) not in self.teams:
                new.setdefault((org_id, name.casefold()), name[:120])
        if not new:
            return
        ids = bulk.insert(Team, [{"workspace_id": self.workspace.pk, "organization_id": o,
                                  "name": name} for (o, _key), name in new.items()],
                          returning=True)
        self.teams.update(zip(new, ids, strict=True))
        self._objects("team", ids)

    def team_id(self, org_id: int | None, name: str) -> int | None:
        if not (org_id and name):
            return None
        if (org_id, name.casefold()) not in self.teams:
            self._ensure_teams({(org_id, name)})
        return self.teams[(org_id, name.casefold())]

    def tag_ids(self, names: list[str]) -> list[int]:
        missing = {}
        for name in names:
            if name.casefold() not in self.tags:
                missing.setdefault(name.casefold(), name)
        if missing:
            existing = {t.name.casefold(): t.pk for t in Tag.objects.annotate(
                key=Lower("name")).filter(workspace=self.workspace, key__in=list(missing))}
            self.tags.update(existing)
            to_create = [n for k, n in missing.items() if k not in existing]
            if to_create:
                created = Tag.objects.bulk_create(
                    [Tag(workspace=self.workspace, name=n) for n in to_create])
                for tag in created:
                    self.tags[tag.name.casefold()] = tag.pk
                self._objects("tag", [t.pk for t in created])
        return [self.tags[n.casefold()] for n in names if n.casefold() in self.tags]

    def _objects(self, object_type: str, ids: list[int], refs: list[str] | None = None) -> None:
        """Remember what this batch created (for undo) and, from a Backstory workbook,
        each record's ID in the file (so that the next import of it finds the record)."""
        refs = refs if refs is not None and self.planner.origin else [""] * len(ids)
        bulk.insert(ImportObject, [
            {"workspace_id": self.workspace.pk, "batch_id": self.batch.pk,
             "object_type": object_type, "object_id": i, "ref": (ref or "")[:40]}
            for i, ref in zip(ids, refs, strict=True)])

    # A chunk ------------------------------------------------------------------------------

    def write(self, planned: list[Planned]) -> None:
        derived_refresh(self.workspace)  # a write: the data version goes up
        creates = [p for p in planned if p.record_type == "person"
                   and p.action in ("create", "duplicate") and p.target is not None
                   and p.target.person_id is None]
        updates = [p for p in planned if p.record_type == "person" and p.action == "update"
                   and p.change]
        names = {p.target.candidate.organization for p in creates}
        names |= {p.change.fields["organization"][1] for p in updates
                  if "organization" in p.change.fields}
        names |= {p.record.name for p in planned if p.record_type in ("organization",)}
        names |= {p.record.organization for p in planned if p.record_type == "team"}
        self._ensure_orgs({n for n in names if n})
        self._ensure_teams({(self.org_id(p.target.candidate.organization),
                             p.target.candidate.team) for p in creates
                            if p.target.candidate.team})
        activities: list[Activity] = []
        self._create_people(creates, activities)
        self._update_people(updates, activities)
        for plan in planned:
            if plan.record_type == "organization" and plan.action != "skip":
                self._organisation(plan)
            elif plan.record_type == "team" and plan.action != "skip":
                self._team(plan)
        for plan in planned:
            if plan.record_type == "interaction" and plan.action == "unchanged" and \
                    plan.object_id and plan.record.ref:
                self.interaction_ids[plan.record.ref] = plan.object_id
        self._interactions([p for p in planned if p.record_type == "interaction"
                            and p.action == "create"])
        self._actions([p for p in planned if p.record_type == "action"
                       and p.action == "create"], activities)
        self._foreign([p for p in planned if p.record_type not in (
            "person", "interaction", "action", "organization", "team", "other")
            and p.action != "skip"])
        activity_record_many(self.workspace, activities)
        self._rows(planned)
        for plan in creates:
            plan.target.candidate = None  # written: its id is all later rows need

    def _create_people(self, creates: list[Planned], activities: list[Activity]) -> None:
        if not creates:
            return
        rows = []
        for plan in creates:
            candidate = plan.target.candidate
            values = {k: v for k, v in candidate.fields.items() if k in PERSON_FIELDS}
            low, high = values.get("cadence_min_days"), values.get("cadence_max_days")
            if low is not None and high is not None and low > high:
                values.pop("cadence_min_days"), values.pop("cadence_max_days")
            org_id = self.org_id(candidate.organization)
            name_key, name_block = normalize.stored_name_keys(candidate.name)
            row = {**values, "workspace_id": self.workspace.pk, "name": candidate.name,
                   "name_key": name_key, "name_block": name_block, "organization_id": org_id,
                   "team_id": self.team_id(org_id, candidate.team),
                   "archived_at": _aware(candidate.archived_at, self.planner)}
            if candidate.created_at is not None:
                row["created_at"] = _aware(candidate.created_at, self.planner)
            rows.append(row)
        ids = bulk.insert(Person, rows, returning=True)
        self._objects("person", ids, [p.target.candidate.ref for p in creates])
        self.profiled.update(ids)
        points, links = [], []
        for plan, person_id in zip(creates, ids, strict=True):
            plan.target.person_id = person_id
            self.planner.matcher.by_id[person_id] = plan.target
            plan.undo = {"created": True}
            candidate = plan.target.candidate
            positions: dict[str, int] = defaultdict(int)
            for contact in candidate.contacts:
                position = positions[contact.kind]
                positions[contact.kind] += 1
                points.append(self._point(person_id, contact, position))
            links += [{"person_id": person_id, "tag_id": t}
                      for t in dict.fromkeys(self.tag_ids(candidate.tags))]
            activities.append(Activity(
                actor=self.actor, action="person.imported", person_id=person_id,
                object_type="person", object_id=person_id,
                data={"name": candidate.name, "batch": self.batch.pk,
                      "file": self.batch.file_name}))
        bulk.insert(ContactPoint, points)
        bulk.insert(Person.tags.through, links)
        self._introductions(creates)

    def _point(self, person_id: int, contact, position: int) -> dict:
        return {"workspace_id": self.workspace.pk, "person_id": person_id,
                "kind": contact.kind, "value": contact.value, "label": contact.label,
                "normalized": contact.normalized, "is_primary": position == 0,
                "position": position}

    def _introductions(self, creates: list[Planned]) -> None:
        linked = []
        for plan in creates:
            ref = plan.target.candidate.introduced_by_ref
            introducer = self.planner.refs.get(ref) if ref else None
            if introducer is not None and introducer.person_id and \
                    introducer.person_id != plan.target.person_id:
                linked.append((plan.target.person_id,
                               {"introduced_by_id": introducer.person_id}))
        bulk.update(Person, linked)

    def _update_people(self, updates: list[Planned], activities: list[Activity]) -> None:
        if not updates:
            return
        changes, points, links = [], [], []
        for plan in updates:
            person = plan.state.person
            change = plan.change
            self.profiled.add(person.pk)
            undo_fields, values = {}, {}
            for name, (old, new) in change.fields.items():
                undo_fields[name] = [_json(old), _json(new)]
                if name == "organization":
                    person.organization_id = values["organization_id"] = self.org_id(new)
                elif name == "team":
                    person.team_id = values["team_id"] = self.team_id(person.organization_id,
                                                                      new)
                elif name == "birthday":
                    values.update(zip(("birthday_year", "birthday_month", "birthday_day"),
                                      new, strict=True))
                else:
                    values[name] = new
                    if name == "name":
                        values["name_key"], values["name_block"] = \
                            normalize.stored_name_keys(new)
            if values:
                values["updated_at"] = self.now
                changes.append((person.pk, values))
            existing = defaultdict(int)
            for kind, _norm in plan.state.contact_keys:
                existing[kind] += 1
            for contact in change.contacts:
                existing[contact.kind] -= 1
            for contact in change.contacts:
                position = existing[contact.kind]
                existing[contact.kind] += 1
                points.append(self._point(person.pk, contact, position))
            links += [{"person_id": person.pk, "tag_id": t}
                      for t in dict.fromkeys(self.tag_ids(change.tags))]
            plan.undo = {"fields": undo_fields,
                         "contacts": [[c.kind, c.normalized] for c in change.contacts],
                         "tags": list(change.tags)}
            activities.append(Activity(
                actor=self.actor, action="person.updated", person_id=person.pk,
                object_type="person", object_id=person.pk,
                data={"fields": change.labels(), "batch": self.batch.pk,
                      "file": self.batch.file_name}))
        bulk.update(Person, changes)
        bulk.insert(ContactPoint, points)
        bulk.insert(Person.tags.through, list({(r["person_id"], r["tag_id"]): r
                                                  for r in links}.values()))

    def _organisation(self, plan: Planned) -> None:
        record = plan.record
        org_id = self.org_id(record.name)
        org = Organization.objects.filter(workspace=self.workspace, pk=org_id).first()
        if org is None:
            plan.action, plan.message = "skip", "this organisation could not be created"
            return
        before = {"kind": org.kind, "website": org.website, "notes": org.notes,
                  "is_own": org.is_own}
        if record.kind in OrganizationKind.values and org.kind == "company":
            org.kind = record.kind
        # The planner already said why a website that is not a web address is left out.
        website = normalize.web_href(record.website) or "" if record.website else ""
        org.website = org.website or website[:500]
        org.notes = org.notes or record.notes
        if record.is_own and not Organization.objects.filter(
                workspace=self.workspace, is_own=True).exists():
            org.is_own = True
        after = {"kind": org.kind, "website": org.website, "notes": org.notes,
                 "is_own": org.is_own}
        plan.object_id = org.pk
        if after == before:
            plan.action = "unchanged"
            return
        org.save()
        plan.undo = {"organization": org.name, "before": before, "after": after}

    def _team(self, plan: Planned) -> None:
        record = plan.record
        org_id = self.org_id(record.organization)
        before_count = len(self.teams)
        team_id = self.team_id(org_id, record.name)
        if team_id is None:
            plan.action, plan.message = "skip", "this team could not be created"
            return
        plan.object_id = team_id
        plan.action = "create" if len(self.teams) > before_count else "unchanged"
        leader = self.planner.refs.get(record.leader_ref) if record.leader_ref else None
        team = Team.objects.get(pk=team_id)
        before = {"leader": team.leader_id, "notes": team.notes}
        if leader is not None and leader.person_id and team.leader_id is None:
            team.leader_id = leader.person_id
        team.notes = team.notes or record.notes
        after = {"leader": team.leader_id, "notes": team.notes}
        if after != before:
            team.save()
            plan.action = "update" if plan.action == "unchanged" else plan.action
            plan.undo = {"team": [record.organization, team.name], "before": before,
                         "after": after}

    def _interactions(self, plans: list[Planned]) -> None:
        """Through the service's bulk form (interactions.services.interactions_log_bulk):
        a record is the service's own InteractionFields, placed in time and linked to
        the people found; the pipeline runs once, in ``finish``."""
        if not plans:
            return
        items, written = [], []
        for plan in plans:
            people = list(dict.fromkeys(t.person_id for t in plan.people if t.person_id))
            if not people:
                plan.action = "skip"
                plan.message = "none of the people in this interaction could be written"
                continue
            # Tags new to the workspace are created here, so that an undo removes them.
            self.tag_ids([name for name in map(tag_name, plan.record.tags) if name])
            items.append(replace(plan.record, occurred_at=plan.when, people=people))
            written.append(plan)
        plans = written
        ids = interactions_log_bulk(self.workspace, by=self.actor, items=items,
                                    activity_data={"batch": self.batch.pk}, refresh=False)
        self.interactions_written.update(ids)
        for plan, interaction_id in zip(plans, ids, strict=True):
            plan.object_id = interaction_id
            if plan.record.ref:
                self.interaction_ids[plan.record.ref] = interaction_id
        self._objects("interaction", ids, [p.record.ref for p in plans])

    def _actions(self, plans: list[Planned], activities: list[Activity]) -> None:
        if not plans:
            return
        rows = []
        for plan in plans:
            record = plan.record
            row = {
                "workspace_id": self.workspace.pk, "text": record.text[:300],
                "due_on": record.due_on,
                "person_id": plan.target.person_id if plan.target else None,
                "interaction_id": self.interaction_ids.get(record.interaction_ref),
                "done_at": plan.when, "created_by_id": self.actor.pk if self.actor else None}
            if record.created_at is not None:
                row["created_at"] = row["updated_at"] = self.planner.aware(record.created_at)
            rows.append(row)
        ids = bulk.insert(ActionItem, rows, returning=True)
        for plan, row, item_id in zip(plans, rows, ids, strict=True):
            plan.object_id = item_id
            activities.append(Activity(
                actor=self.actor, action="action.created", person_id=row["person_id"],
                object_type="actionitem", object_id=item_id,
                data={"text": row["text"], "batch": self.batch.pk}))
        self._objects("actionitem", ids, [p.record.ref for p in plans])

    def _foreign(self, plans: list[Planned]) -> None:
        """Rows of sheets other apps registered (tips, pitches…): each sheet's import hook
        writes them, linked through the workbook's IDs."""
        from ..sheets import _REGISTRY, Cells, Links

        by_sheet: dict[str, list[Planned]] = defaultdict(list)
        for plan in plans:
            if plan.action == "unchanged":
                continue  # known by its ID: already in this workspace
            by_sheet[plan.record_type].append(plan)
        links = Links(person=self._person_for_ref, record=self._record_for_ref,
                      aware=self.planner.aware, batch_id=self.batch.pk)
        for key, group in by_sheet.items():
            sheet = _REGISTRY.get(key)
            if sheet is None or sheet.import_rows is None:
                for plan in group:
                    plan.action = "skip"
                    plan.message = f"the {plan.sheet} sheet cannot be imported yet"
                continue
            rows = [(p.line, Cells(p.record.values)) for p in group]
            outcomes = sheet.import_rows(workspace=self.workspace, by=self.actor, rows=rows,
                                         links=links)
            for plan, (_line, cells), outcome in zip(group, rows, outcomes, strict=True):
                plan.message = outcome.message or plan.message
                if outcome.object_id is None:
                    plan.action = "skip"
                    continue
                plan.object_id = outcome.object_id
                ref = cells.ref("ID")
                if outcome.created:
                    self._objects(sheet.object_type, [outcome.object_id], [ref])
                    if ref:
                        self.created_refs[(sheet.object_type, ref)] = outcome.object_id
                else:
                    plan.action = "unchanged"

    def _person_for_ref(self, ref: str) -> int | None:
        target = self.planner.refs.get(str(ref))
        return target.person_id if target else None

    def _record_for_ref(self, object_type: str, ref: str) -> int | None:
        if object_type == "interaction" and ref in self.interaction_ids:
            return self.interaction_ids[ref]
        found = self.created_refs.get((object_type, ref))
        return found if found is not None else self.planner.known(object_type, ref)

    def _rows(self, planned: list[Planned]) -> None:
        bulk.insert(ImportRow, [row_values(self.workspace, self.batch, p, committed=True)
                                   for p in planned])

    def finish(self) -> None:
        """After the last chunk: links to people created later, last touches, and the
        words opportunities are matched against."""
        derived_refresh(self.workspace, people=self.profiled,
                        interactions=self.interactions_written)


def row_values(workspace: Workspace, batch: ImportBatch, plan: Planned, *,
               committed: bool) -> dict[str, Any]:
    """What an ImportRow records about a planned (or written) row."""
    target = plan.target
    person_id = target.person_id if target is not None else None
    if plan.action == "duplicate" and not committed and plan.match is not None:
        person_id = plan.match.target.person_id  # the person it may be the same as
    detail = ""
    if plan.match is not None and plan.action in ("update", "duplicate", "merge",
                                                   "unchanged"):
        matched = plan.match.target
        where = f" (line {matched.line})" if matched.is_new and matched.line else ""
        detail = f"{matched.name}{where}"
    return {
        "workspace_id": workspace.pk, "batch_id": batch.pk, "line": plan.line,
        "sheet": plan.sheet[:60], "record_type": plan.record_type[:20],
        "label": (plan.label or "")[:300], "detail": detail[:300], "action": plan.action,
        "choice": plan.choice[:10], "person_id": person_id,
        "match_how": (plan.match.how if plan.match else "")[:20],
        "fields": plan.change.labels() if plan.change else [], "message": plan.message or "",
        "merged_into_line": plan.merged_into_line, "committed": committed,
        "undo": plan.undo or {},
    }


def import_row(workspace: Workspace, batch: ImportBatch, plan: Planned, *,
               committed: bool) -> ImportRow:
    return ImportRow(**row_values(workspace, batch, plan, committed=committed))


def _aware(value, planner: Planner):
    if value is None:
        return None
    return planner.aware(value)
