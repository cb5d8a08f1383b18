"""The one mapping from what a file says (records) to what Backstory stores (candidates).

A Candidate holds a person's values as people.services.PersonFields names them, its
contact points already validated and normalised (people.normalize), and the keys that
find duplicates. Every importer goes through ``candidate_from_record``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from backstory.people import normalize
from backstory.people.models import (
    Channel,
    Circle,
    ContactKind,
    Direction,
    Format,
    Person,
)
from backstory.people.services import ContactInput, PersonFields

from .formats.base import ContactRecord

_LIMITS = {f.name: f.max_length for f in Person._meta.get_fields()
           if getattr(f, "max_length", None)}
_CHOICES = {"circle": set(Circle.values), "direction": set(Direction.values),
            "preferred_channel": set(Channel.values), "preferred_format": set(Format.values)}
# Fields a file may fill in; the ones in OVERWRITE follow a newer file, the rest are only
# filled where Backstory has nothing yet.
EXTRA_FIELDS = {"circle", "direction", "preferred_channel", "preferred_format", "best_time",
                "beat", "outlet", "wants", "offers", "how_we_met", "cadence_min_days",
                "cadence_max_days", "cadence_off"}
OVERWRITE = {"title", "organization"}
# The follow-up window, as the person form accepts it (the database only checks > 0):
# checked here, so that a preview refuses what the commit would refuse.
DAYS = (1, 3650)
_DAYS = {"cadence_min_days": "follow up after (days)",
         "cadence_max_days": "at the latest after (days)"}


_KEY_ORDER = {"linkedin": 0, "email": 1, "phone": 2}


@dataclass
class Contact:
    kind: str
    value: str
    label: str
    normalized: str

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.normalized


@dataclass
class Candidate:
    name: str
    fields: dict[str, Any] = field(default_factory=dict)
    organization: str = ""
    team: str = ""
    contacts: list[Contact] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ref: str = ""
    introduced_by_ref: str = ""
    archived_at: datetime | None = None
    created_at: datetime | None = None
    name_key: str = ""
    blocks: list[str] = field(default_factory=list)
    org_key: str = ""
    # True when the file had no name and the person is named after an e-mail or phone.
    name_is_fallback: bool = False

    @property
    def strong_keys(self) -> list[tuple[str, str]]:
        """Identity keys, strongest first: LinkedIn profile, e-mail, phone."""
        cached = self.__dict__.get("_strong_keys")
        if cached is None or cached[0] != len(self.contacts):
            keys = [c.key for c in self.contacts if c.kind in _KEY_ORDER and c.normalized]
            keys = [k for k in keys if k[0] != "phone" or _digits(k[1]) >= 7]
            cached = (len(self.contacts), sorted(keys, key=lambda k: _KEY_ORDER[k[0]]))
            self.__dict__["_strong_keys"] = cached
        return cached[1]

    @property
    def linkedin(self) -> str:
        # Asked for every comparison while matching, so it is remembered; contacts only
        # grow by merging, which keeps the first profile anyway.
        cached = self.__dict__.get("_linkedin")
        if cached is None:
            cached = next((c.normalized for c in self.contacts if c.kind == "linkedin"), "")
            if cached:
                self.__dict__["_linkedin"] = cached
        return cached

    def as_person_fields(self, **links) -> PersonFields:
        """The same values as people.services.PersonFields, for code that wants them."""
        data = PersonFields(name=self.name, **{k: v for k, v in self.fields.items()
                                                if k in PersonFields.__dataclass_fields__})
        data.contacts = [ContactInput(c.kind, c.value, c.label) for c in self.contacts]
        data.tags = list(self.tags)
        for key, value in links.items():
            setattr(data, key, value)
        return data


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _fit(name: str, value: str, warnings: list[str]) -> str:
    limit = _LIMITS.get(name)
    if limit and len(value) > limit:
        warnings.append(f"{name.replace('_', ' ')} was cut to {limit} characters")
        return value[:limit]
    return value


def _is_honorific(text: str) -> bool:
    """`Dr.`, `Prof. Dr.`, `Jr.`, `III` — not a role or a company put in that column."""
    words = text.replace(".", " ").split()
    return bool(words) and len(words) <= 3 and all(len(w) <= 5 for w in words)


def _is_cjk(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff"
               or "\uac00" <= ch <= "\ud7af" for ch in text)


def name_parts(record: ContactRecord) -> dict[str, str]:
    """The structured name (Person.NAME_PARTS) the record gives, or {} when it has none.
    A prefix or suffix column used for a role or a company is not a part of the name."""
    parts = {"name_prefix": record.prefix if _is_honorific(record.prefix) else "",
             "given_name": record.given, "additional_names": record.middle,
             "family_name": record.family,
             "name_suffix": record.suffix if _is_honorific(record.suffix) else ""}
    parts = {k: " ".join(v.split()) for k, v in parts.items()}
    return parts if any(parts.values()) else {}


def compose_name(record: ContactRecord) -> tuple[str, list[str]]:
    """The name to show, and notes about how it was chosen."""
    notes: list[str] = []
    given = " ".join(p for p in (record.given, record.middle) if p)
    if record.family and given and _is_cjk(record.family + given) and not any(
            ch.isascii() and ch.isalpha() for ch in record.family + given):
        words = [record.family, given]  # 田中 太郎: the family name comes first
    else:
        words = [given, record.family]
    # A suffix (Jr., III, MBA) is part of how someone is named; a prefix (Dr., Ms.) is a
    # form of address: kept with the name's parts (Person.name_prefix), not shown.
    suffix = record.suffix if _is_honorific(record.suffix) else ""
    parts = " ".join(p for p in words if p)
    if parts and suffix:
        parts = f"{parts} {suffix}"
    display = record.name
    # A display name that carries a role or a company put in the prefix or suffix column
    # (Google builds its Name from them) is not the person's name: the parts are.
    misused = any(extra and not _is_honorific(extra) and extra in display
                  for extra in (record.prefix, record.suffix))
    if record.display_first and display and not misused and not (
            record.nickname and display == record.nickname and parts):
        return display, notes
    if parts:
        return parts, notes
    if display:
        return display, notes
    if record.nickname:
        return record.nickname, notes
    for fallback, what in ((record.emails[0][0] if record.emails else "", "e-mail address"),
                           (record.organization, "organisation"),
                           (record.phones[0][0] if record.phones else "", "phone number")):
        if fallback:
            notes.append(f"no name in the file; named after the {what}")
            return fallback, notes
    return "", notes


def candidate_from_record(record: ContactRecord) -> Candidate | str:
    """A Candidate, or the reason the record cannot become a person."""
    warnings = list(record.warnings)
    name, notes = compose_name(record)
    warnings += notes
    name = " ".join(name.split())
    if not name:
        return "no name, e-mail, phone or organisation"
    candidate = Candidate(name=_fit("name", name, warnings), warnings=warnings,
                          ref=record.ref, introduced_by_ref=record.introduced_by_ref,
                          archived_at=record.archived_at, created_at=record.created_at,
                          name_is_fallback=bool(notes))
    fields = candidate.fields
    title, organization = record.title, record.organization
    # Prefix and suffix columns misused for a role or a company (seen in real exports).
    if record.prefix and not _is_honorific(record.prefix):
        title = title or record.prefix
    if record.suffix and not _is_honorific(record.suffix):
        organization = organization or record.suffix
    if title:
        fields["title"] = _fit("title", " ".join(title.split()), warnings)
    for key, value in name_parts(record).items():
        if value:
            fields[key] = _fit(key, value, warnings)
    candidate.organization = " ".join(organization.split())[:200]
    if record.department and candidate.organization:
        candidate.team = " ".join(record.department.split())[:120]
    if record.met_on:
        fields["met_on"] = record.met_on
    if record.birthday:
        year, month, day = record.birthday
        fields.update(birthday_year=year, birthday_month=month, birthday_day=day)
    notes = record.notes.replace("\r\n", "\n").replace("\r", "\n").strip()
    if notes:
        fields["notes"] = notes
    for key, value in record.extra.items():
        if key not in EXTRA_FIELDS or value in (None, ""):
            continue
        if key in _CHOICES and value not in _CHOICES[key]:
            warnings.append(f"'{value}' is not a {key.replace('_', ' ')} we know; left out")
            continue
        if key in _DAYS and not (isinstance(value, int) and DAYS[0] <= value <= DAYS[1]):
            warnings.append(f"{_DAYS[key]} '{value}' is not a number of days from {DAYS[0]} "
                            f"to {DAYS[1]}; left out")
            continue
        fields[key] = _fit(key, value, warnings) if isinstance(value, str) else value
    low, high = fields.get("cadence_min_days"), fields.get("cadence_max_days")
    if low is not None and high is not None and low > high:
        warnings.append("the follow-up window ends before it starts; left out")
        del fields["cadence_min_days"], fields["cadence_max_days"]
    candidate.contacts = contacts_from(record, warnings)
    seen: set[str] = set()
    for tag in record.tags:
        tag = " ".join(tag.strip().lstrip("#").split())[:60]
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            candidate.tags.append(tag)
    candidate.name_key, candidate.blocks = normalize.name_keys(candidate.name)
    candidate.org_key = normalize.normalize_organization(candidate.organization)
    return candidate


def contacts_from(record: ContactRecord, warnings: list[str]) -> list[Contact]:
    """Validated, normalised and de-duplicated contact points, in the file's order."""
    out: list[Contact] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, value: str, label: str) -> None:
        value = " ".join(value.split())[:500]
        if not value:
            return
        try:
            normalized = normalize.normalize_contact(kind, value)[:500]
        except ValueError:  # urlsplit refuses e.g. "http://[x": not an address we can use
            warnings.append(f"'{value}' is not a web address we can read; left out")
            return
        if (kind, normalized) in seen:
            return
        seen.add((kind, normalized))
        out.append(Contact(kind, value, (label or "")[:60], normalized))

    for value, label in record.emails:
        value = value.strip().strip("<>,;")
        if normalize.is_email(value):
            add(ContactKind.EMAIL, value, label)
        else:
            warnings.append(f"'{value}' is not an e-mail address; left out")
    for value, label in record.phones:
        if any(ch.isdigit() for ch in value):
            add(ContactKind.PHONE, value, label)
        else:
            warnings.append(f"phone '{value}' has no digits; left out")
    for value, label in record.urls:
        # The same rule as people.services: a link is shown as a live link, so only
        # http(s) addresses are kept (never javascript: or data:).
        problem = normalize.web_url_problem(value)
        if problem:
            warnings.append(f"{problem}; left out")
        elif normalize.is_linkedin(value):
            add(ContactKind.LINKEDIN, value, "" if label.casefold() == "linkedin"
                and not record.labels_as_given else label)
        else:
            add(ContactKind.URL, value, label)
    for value, label in record.addresses:
        add(ContactKind.ADDRESS, value, label)
    return out


def describe_value(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)
