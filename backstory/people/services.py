"""Every write to people, organisations, teams, tags and contact points."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.utils import timezone

from backstory.core.derived import derived_refresh
from backstory.core.errors import DomainError
from backstory.core.events import publish
from backstory.core.versions import Versioned, version_check, version_of
from backstory.workspaces.actors import Actor, recorded_actor
from backstory.workspaces.models import Activity, Membership, Workspace
from backstory.workspaces.services import activity_record, activity_record_many

from . import normalize
from .models import ContactKind, ContactPoint, Organization, Person, Tag, Team


@dataclass
class ContactInput:
    kind: str
    value: str
    label: str = ""


@dataclass
class PersonFields:
    """Everything a person page can hold; used by forms, importers and the CLI alike."""

    name: str
    title: str = ""
    organization: Organization | None = None
    # A name instead of a record: found (any case) or created in the same transaction.
    organization_name: str = ""
    team: Team | None = None
    # The member who leads the relationship (a user of the workspace), or nobody.
    owner: AbstractBaseUser | None = None
    circle: str = "other"
    direction: str = ""
    preferred_channel: str = ""
    preferred_format: str = ""
    best_time: str = ""
    beat: str = ""
    outlet: str = ""
    wants: str = ""
    offers: str = ""
    how_we_met: str = ""
    met_on: date | None = None
    introduced_by: Person | None = None
    birthday_year: int | None = None
    birthday_month: int | None = None
    birthday_day: int | None = None
    notes: str = ""
    cadence_min_days: int | None = None
    cadence_max_days: int | None = None
    cadence_off: bool = False
    # None leaves them as they are on update; a list replaces them.
    contacts: list[ContactInput] | None = None
    tags: list[str] | None = None
    # The name's parts as a source gave them (Person.NAME_PARTS). None leaves them as they
    # are, unless the name changes: parts of the old name would no longer describe it.
    name_prefix: str | None = None
    given_name: str | None = None
    additional_names: str | None = None
    family_name: str | None = None
    name_suffix: str | None = None


_SCALAR_FIELDS = [
    f.name for f in fields(PersonFields)
    if f.name not in {"contacts", "tags", "organization_name", *Person.NAME_PARTS}
]


def _check_same_workspace(workspace: Workspace, **objects) -> None:
    for name, obj in objects.items():
        if obj is not None and obj.workspace_id != workspace.id:
            raise DomainError("That record is not in this workspace.", field_errors={name: [
                "Not found in this workspace."
            ]})


def _validate_contacts(contacts: Sequence[ContactInput]) -> list[ContactPoint]:
    """Turn contact inputs into unsaved rows, naming the line of any bad value."""
    rows: list[ContactPoint] = []
    errors: dict[str, list[str]] = {}
    counters: dict[str, int] = {}
    for contact in contacts:
        value = " ".join(contact.value.split())
        if not value:
            continue
        kind = contact.kind
        counters[kind] = counters.get(kind, 0) + 1
        if kind == ContactKind.EMAIL and not normalize.is_email(value):
            errors.setdefault("emails", []).append(
                f"Line {counters[kind]}: '{value}' is not an e-mail address."
            )
            continue
        if kind in (ContactKind.URL, ContactKind.LINKEDIN):
            # Every door (form, importers, API) comes through here: a link is rendered as
            # a live link, so only web addresses are kept, never javascript: or data:.
            problem = normalize.web_url_problem(value)
            if problem:
                errors.setdefault("links", []).append(f"Line {counters[kind]}: {problem}.")
                continue
        if kind == ContactKind.URL and normalize.is_linkedin(value):
            kind = ContactKind.LINKEDIN
        if kind == ContactKind.PHONE and not any(ch.isdigit() for ch in value):
            errors.setdefault("phones", []).append(
                f"Line {counters[kind]}: '{value}' has no digits, so it is not a phone number."
            )
            continue
        if kind not in ContactKind.values:
            errors.setdefault("contacts", []).append(f"Unknown kind of contact '{kind}'.")
            continue
        rows.append(
            ContactPoint(
                kind=kind,
                value=value[:500],
                label=contact.label[:60],
                normalized=normalize.normalize_contact(kind, value)[:500],
            )
        )
    if errors:
        raise DomainError(next(iter(errors.values()))[0], field_errors=errors)
    seen: set[tuple[str, str]] = set()
    unique: list[ContactPoint] = []
    for row in rows:
        key = (row.kind, row.normalized)
        if key not in seen:
            seen.add(key)
            unique.append(row)
    positions: dict[str, int] = {}
    for row in unique:
        row.position = positions.get(row.kind, 0)
        row.is_primary = row.position == 0
        positions[row.kind] = row.position + 1
    return unique


def _apply_fields(
    workspace: Workspace, person: Person, data: PersonFields, *, by: Actor
) -> list[str]:
    _check_same_workspace(
        workspace,
        organization=data.organization,
        team=data.team,
        introduced_by=data.introduced_by,
    )
    organization = data.organization
    if organization is None and data.organization_name.strip():
        organization = organization_get_or_create(workspace, by=by, name=data.organization_name)
    if data.team is not None:
        if organization is None:
            organization = data.team.organization
        elif data.team.organization_id != organization.id:
            raise DomainError(
                f"The team {data.team.name} belongs to {data.team.organization.name}, "
                f"not {organization.name}.",
                field_errors={"team": [f"{data.team.name} is a team of "
                                       f"{data.team.organization.name}."]},
            )
    if (data.owner is not None and data.owner.pk != person.owner_id
            and not Membership.objects.filter(workspace=workspace, user=data.owner).exists()):
        message = f"{data.owner.get_username()} is not a member of this workspace."
        raise DomainError(message, field_errors={"owner": [message]})
    if data.introduced_by is not None and person.pk and data.introduced_by.pk == person.pk:
        raise DomainError(
            "Someone cannot introduce themselves.",
            field_errors={"introduced_by": ["Choose another person."]},
        )
    if (data.cadence_min_days is not None and data.cadence_max_days is not None
            and data.cadence_min_days > data.cadence_max_days):
        raise DomainError(
            "The follow-up window must start before it ends.",
            field_errors={"cadence_min_days": ["Must not be more than the maximum."]},
        )
    changed = []
    values = {name: getattr(data, name) for name in _SCALAR_FIELDS}
    values["organization"] = organization
    for name, value in values.items():
        if isinstance(value, str):
            value = value.strip()
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    parts = {name: getattr(data, name) for name in Person.NAME_PARTS}
    if all(value is None for value in parts.values()):
        parts = dict.fromkeys(parts, "") if "name" in changed and person.pk else {}
    for name, value in parts.items():
        value = " ".join((value or "").split())
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    try:
        person.full_clean(exclude=["workspace", "tags"])
    except ValidationError as error:
        raise DomainError.from_validation_error(error) from None
    return changed


def tag_name(raw: str) -> str:
    """A tag's name as it is stored: no leading #, single spaces, at most 60 characters."""
    return " ".join(raw.strip().lstrip("#").split())[:60]


def tags_resolve(workspace: Workspace, names: Iterable[str]) -> list[Tag]:
    """Find or create tags by name (case-insensitive), keeping the first spelling."""
    wanted: dict[str, str] = {}
    for raw in names:
        name = tag_name(raw)
        if name and name.lower() not in wanted:
            wanted[name.lower()] = name
    if not wanted:
        return []
    # Found by the database's lower case and by the exact spelling: SQLite's LOWER() folds
    # only A-Z, so a tag "Ärger" is found by its own name (not by "ärger"), and is not
    # created a second time (its unique index would refuse it).
    existing = {
        tag.name.lower(): tag
        for tag in Tag.objects.annotate(key=Lower("name")).filter(
            Q(key__in=list(wanted)) | Q(name__in=list(wanted.values())), workspace=workspace
        )
    }
    result = []
    for key, name in wanted.items():
        tag = existing.get(key)
        if tag is None:
            tag = Tag.objects.create(workspace=workspace, name=name)
            existing[key] = tag
        result.append(tag)
    return result


def _replace_contacts(workspace: Workspace, person: Person, rows: list[ContactPoint]) -> bool:
    # Compared in one order whatever order the kinds come in (a form lists e-mails, phones,
    # then links): the same contacts typed again are no change.
    def key(c):
        return (c.kind, c.position, c.value, c.normalized, c.label, c.is_primary)

    if sorted(map(key, person.contact_points.all())) == sorted(map(key, rows)):
        return False
    person.contact_points.all().delete()
    for row in rows:
        row.workspace = workspace
        row.person = person
    ContactPoint.objects.bulk_create(rows)
    return True


@transaction.atomic
def person_create(workspace: Workspace, *, by: Actor, data: PersonFields) -> Person:
    contacts = _validate_contacts(data.contacts or [])
    person = Person(workspace=workspace)
    _apply_fields(workspace, person, data, by=by)
    person.name_key, person.name_block = normalize.stored_name_keys(person.name)
    person.save()
    if contacts:
        _replace_contacts(workspace, person, contacts)
    if data.tags:
        person.tags.set(tags_resolve(workspace, data.tags))
    derived_refresh(workspace, people=[person])
    activity_record(workspace, by=by, action="person.created", obj=person, person=person,
                    data={"name": person.name})
    publish(workspace, "person.created", person)
    return person


# What the edit form changes, named as the form names them: the version of a person.
PERSON_LABELS = {
    "title": "job title", "organization_name": "organisation", "emails": "e-mail addresses",
    "phones": "phone numbers", "links": "links", "preferred_channel": "preferred channel",
    "preferred_format": "preferred format", "best_time": "best time to reach",
    "wants": "looking for", "offers": "can offer", "cadence_min_days": "follow-up window",
    "cadence_max_days": "follow-up window", "cadence_off": "follow-up reminders",
    "owner": "relationship owner",
}


def person_version_values(person: Person) -> dict[str, object]:
    """Every value of ``person`` that an edit can change, as one would read it."""
    contacts = list(person.contact_points.all())

    def lines(*kinds):
        return sorted(c.value for c in contacts if c.kind in kinds)

    return {
        **{name: getattr(person, name) for name in _SCALAR_FIELDS
           if name not in {"organization", "team", "introduced_by", "owner"}},
        "owner": person.owner.get_username() if person.owner_id else "",
        "organization_name": person.organization.name if person.organization else "",
        "team": person.team.name if person.team else "",
        "introduced_by": person.introduced_by.name if person.introduced_by else "",
        "emails": lines(ContactKind.EMAIL), "phones": lines(ContactKind.PHONE),
        "links": lines(ContactKind.LINKEDIN, ContactKind.URL),
        "tags": sorted(t.name for t in person.tags.all()),
    }


def person_version(person: Person) -> str:
    """The version an edit form carries (and an API ETag), see ``core.versions``."""
    return version_of(person_version_values(person))


@transaction.atomic
def person_update(workspace: Workspace, *, by: Actor, person: Person, data: PersonFields,
                  expected_version: str | None = None) -> Person:
    """Save the edit. With ``expected_version`` (what the edit was made against) a
    person changed meanwhile by someone else is not overwritten: VersionConflict."""
    _check_same_workspace(workspace, person=person)
    if expected_version is not None:
        stored = (Person.objects.select_for_update(of=("self",))
                  .select_related("organization", "team", "introduced_by", "owner")
                  .get(pk=person.pk))
        version_check(person_version_values(stored), expected=expected_version,
                      what=stored.name, labels=PERSON_LABELS)
    contacts = _validate_contacts(data.contacts) if data.contacts is not None else None
    changed = _apply_fields(workspace, person, data, by=by)
    if changed:
        person.name_key, person.name_block = normalize.stored_name_keys(person.name)
        person.save()
    if contacts is not None and _replace_contacts(workspace, person, contacts):
        changed.append("contacts")
    if data.tags is not None:
        new_tags = tags_resolve(workspace, data.tags)
        if {t.pk for t in new_tags} != set(person.tags.values_list("pk", flat=True)):
            person.tags.set(new_tags)
            changed.append("tags")
    if changed:
        derived_refresh(workspace, people=[person])
        activity_record(workspace, by=by, action="person.updated", obj=person, person=person,
                        data={"fields": changed})
        publish(workspace, "person.changed", person, changed=changed)
    return person


def owned_people_count(workspace: Workspace, user: AbstractBaseUser) -> int:
    return Person.objects.filter(workspace=workspace, owner=user).count()


@transaction.atomic
def owned_people_hand_over(workspace: Workspace, user: AbstractBaseUser,
                           successor: AbstractBaseUser | None, by: Actor) -> int:
    """A member leaves: the people whose relationship they lead get ``successor`` (a
    member, checked by the caller, workspaces.services.membership_remove) or nobody as
    owner. Each person's history says so; their interactions keep their author."""
    ids = list(Person.objects.filter(workspace=workspace, owner=user).values_list("pk", flat=True))
    if not ids:
        return 0
    Person.objects.filter(pk__in=ids).update(owner=successor, updated_at=timezone.now())
    derived_refresh(workspace)  # the owner is no input of a stored value: version only
    leaver = user.get_username()
    summary = (f"{leaver} left the team; {successor.get_username()} now leads the relationship"
               if successor else f"{leaver} left the team; the relationship has no owner now")
    actor = recorded_actor(by)
    activity_record_many(workspace, (
        Activity(actor=actor, action="person.owner_handed_over", person_id=pk,
                 object_type="person", object_id=pk,
                 data={"from": leaver, "to": successor.get_username() if successor else "",
                       "summary": summary})
        for pk in ids))
    return len(ids)


@transaction.atomic
def person_archive(workspace: Workspace, *, by: Actor, person: Person) -> Person:
    _check_same_workspace(workspace, person=person)
    if person.archived_at is None:
        person.archived_at = timezone.now()
        person.save(update_fields=["archived_at", "updated_at"])
        derived_refresh(workspace, people=[person])
        activity_record(workspace, by=by, action="person.archived", obj=person, person=person)
    return person


@transaction.atomic
def person_restore(workspace: Workspace, *, by: Actor, person: Person) -> Person:
    _check_same_workspace(workspace, person=person)
    if person.archived_at is not None:
        person.archived_at = None
        person.save(update_fields=["archived_at", "updated_at"])
        derived_refresh(workspace, people=[person])
        activity_record(workspace, by=by, action="person.restored", obj=person, person=person)
    return person


# Do not contact ----------------------------------------------------------------------

DO_NOT_CONTACT_REASON_MAX = 300


@transaction.atomic
def person_do_not_contact_set(workspace: Workspace, *, by: Actor, person: Person,
                              reason: str) -> Person:
    """Mark ``person`` do-not-contact for the whole workspace, with the reason and who
    set it: pitches and introductions to them are refused, Today leaves them out, and
    every page that shows them says so. Setting it again changes the reason."""
    _check_same_workspace(workspace, person=person)
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError("Say why nobody should contact them (the team sees the reason).",
                          field_errors={"reason": ["Required."]})
    if len(reason) > DO_NOT_CONTACT_REASON_MAX:
        raise DomainError(
            f"Keep the reason under {DO_NOT_CONTACT_REASON_MAX} characters.",
            field_errors={"reason": [f"Too long ({DO_NOT_CONTACT_REASON_MAX} at most)."]})
    if person.do_not_contact and person.do_not_contact_reason == reason:
        return person
    person.do_not_contact_at = person.do_not_contact_at or timezone.now()
    person.do_not_contact_reason = reason
    person.do_not_contact_by = recorded_actor(by)
    person.save(update_fields=["do_not_contact_at", "do_not_contact_reason",
                               "do_not_contact_by", "updated_at"])
    derived_refresh(workspace, people=[person])
    activity_record(workspace, by=by, action="person.do_not_contact", obj=person,
                    person=person, data={"reason": reason,
                                         "summary": f"Marked do not contact: {reason}"})
    return person


@transaction.atomic
def person_do_not_contact_clear(workspace: Workspace, *, by: Actor, person: Person) -> Person:
    """Take the do-not-contact mark off ``person``."""
    _check_same_workspace(workspace, person=person)
    if not person.do_not_contact:
        return person
    person.do_not_contact_at, person.do_not_contact_reason = None, ""
    person.do_not_contact_by = None
    person.save(update_fields=["do_not_contact_at", "do_not_contact_reason",
                               "do_not_contact_by", "updated_at"])
    derived_refresh(workspace, people=[person])
    activity_record(workspace, by=by, action="person.may_contact", obj=person, person=person,
                    data={"summary": "The do-not-contact mark was taken off"})
    return person


def do_not_contact_refusal(person: Person, what: str) -> DomainError:
    """The refusal of ``what`` ("a pitch", "an introduction", …) to a do-not-contact
    person, naming the reason — the one wording the services of every app raise."""
    who = f" (set by {person.do_not_contact_by})" if person.do_not_contact_by_id else ""
    return DomainError(
        f"{person.name} is marked do not contact{who}: {person.do_not_contact_reason} — "
        f"{what} to them is refused. Take the mark off their page first if that changed.")


def refuse_if_do_not_contact(people: Iterable[Person], what: str) -> None:
    """Raise ``do_not_contact_refusal`` for the first do-not-contact person of ``people``."""
    for person in people:
        if person is not None and person.do_not_contact:
            raise do_not_contact_refusal(person, what)


def last_touch_refresh(workspace: Workspace, person_ids: Iterable[int] | None) -> None:
    """Recompute the stored last touch of these people (of everyone when None) from their
    interactions: the one function that computes ``Person.last_touch_at`` (a refresher of
    the write pipeline, ``core.derived``)."""
    from backstory.interactions.models import Participation

    latest = (
        Participation.objects.filter(person_id=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    people = Person.objects.filter(workspace=workspace)
    if person_ids is None:
        people.update(last_touch_at=Subquery(latest))
        return
    ids = sorted(set(person_ids))
    # One UPDATE with a correlated subquery that reads the (person, time) index.
    for start in range(0, len(ids), 500):
        people.filter(pk__in=ids[start:start + 500]).update(last_touch_at=Subquery(latest))


# Organisations and teams -------------------------------------------------------------


def _clean_website(website: str) -> str:
    """A web address with its scheme (`example.com` → `https://example.com`), or ''."""
    website = (website or "").strip()
    if not website:
        return ""
    href = normalize.web_href(website)
    if href is None:
        problem = normalize.web_url_problem(website)
        raise DomainError(f"Website: {problem}.", field_errors={"website": [problem + "."]})
    return href


def _clean_name(name: str, what: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(f"{what} needs a name.", field_errors={"name": ["Required."]})
    return name


@transaction.atomic
def organization_create(
    workspace: Workspace, *, by: Actor, name: str, kind: str = "company", is_own: bool = False,
    website: str = "", notes: str = "",
) -> Organization:
    name = _clean_name(name, "An organisation")
    website = _clean_website(website)
    if Organization.objects.filter(workspace=workspace, name__iexact=name).exists():
        raise DomainError(
            f"There is already an organisation called {name}.",
            field_errors={"name": ["Already exists."]},
        )
    if is_own:
        Organization.objects.filter(workspace=workspace, is_own=True).update(is_own=False)
    org = Organization(workspace=workspace, name=name, kind=kind, is_own=is_own,
                       website=website.strip(), notes=notes)
    try:
        org.full_clean(exclude=["workspace"], validate_constraints=False)
    except ValidationError as error:
        raise DomainError.from_validation_error(error) from None
    org.save()
    derived_refresh(workspace)
    activity_record(workspace, by=by, action="organization.created", obj=org,
                    data={"name": name})
    return org


def organization_get_or_create(workspace: Workspace, *, by: Actor,
                               name: str) -> Organization | None:
    """The organisation called `name` (any case), created if new; None for a blank name."""
    name = " ".join((name or "").split())
    if not name:
        return None
    found = Organization.objects.filter(workspace=workspace, name__iexact=name).first()
    return found or organization_create(workspace, by=by, name=name)


# What the edit forms of an organisation and a team change (core.versions).
ORGANIZATION_VERSION = Versioned("name", "kind", "is_own", "website", "notes")
TEAM_VERSION = Versioned("name", "leader", "notes")


@transaction.atomic
def organization_update(
    workspace: Workspace, *, by: Actor, organization: Organization, name: str, kind: str,
    is_own: bool, website: str = "", notes: str = "", expected_version: str | None = None,
) -> Organization:
    _check_same_workspace(workspace, organization=organization)
    ORGANIZATION_VERSION.lock(organization, expected_version)
    name = _clean_name(name, "An organisation")
    website = _clean_website(website)
    clash = Organization.objects.filter(workspace=workspace, name__iexact=name).exclude(
        pk=organization.pk
    )
    if clash.exists():
        raise DomainError(
            f"There is already an organisation called {name}.",
            field_errors={"name": ["Already exists."]},
        )
    if is_own and not organization.is_own:
        Organization.objects.filter(workspace=workspace, is_own=True).update(is_own=False)
    organization.name, organization.kind, organization.is_own = name, kind, is_own
    organization.website, organization.notes = website.strip(), notes
    try:
        organization.full_clean(exclude=["workspace"], validate_constraints=False)
    except ValidationError as error:
        raise DomainError.from_validation_error(error) from None
    organization.save()
    derived_refresh(workspace)
    activity_record(workspace, by=by, action="organization.updated", obj=organization)
    return organization


@transaction.atomic
def team_create(
    workspace: Workspace, *, by: Actor, organization: Organization, name: str,
    leader: Person | None = None, notes: str = "",
) -> Team:
    _check_same_workspace(workspace, organization=organization, leader=leader)
    name = _clean_name(name, "A team")
    if Team.objects.filter(organization=organization, name__iexact=name).exists():
        raise DomainError(
            f"{organization.name} already has a team called {name}.",
            field_errors={"name": ["Already exists."]},
        )
    team = Team.objects.create(
        workspace=workspace, organization=organization, name=name, leader=leader, notes=notes
    )
    derived_refresh(workspace)
    activity_record(workspace, by=by, action="team.created", obj=team,
                    data={"name": name, "organization": organization.name})
    return team


@transaction.atomic
def team_update(
    workspace: Workspace, *, by: Actor, team: Team, name: str, leader: Person | None,
    notes: str = "", expected_version: str | None = None,
) -> Team:
    _check_same_workspace(workspace, team=team, leader=leader)
    TEAM_VERSION.lock(team, expected_version)
    name = _clean_name(name, "A team")
    clash = Team.objects.filter(organization=team.organization, name__iexact=name).exclude(
        pk=team.pk
    )
    if clash.exists():
        raise DomainError(
            f"{team.organization.name} already has a team called {name}.",
            field_errors={"name": ["Already exists."]},
        )
    team.name, team.leader, team.notes = name, leader, notes
    team.save()
    derived_refresh(workspace)
    activity_record(workspace, by=by, action="team.updated", obj=team)
    return team
