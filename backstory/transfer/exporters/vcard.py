"""vCard: 3.0 by default (what phones read reliably), 4.0 on request."""

from __future__ import annotations

import datetime
from typing import BinaryIO

from django.db.models import Prefetch
from django.utils import timezone

from backstory.people import normalize
from backstory.people.models import ContactPoint, Person, Tag
from backstory.workspaces.models import Workspace

from .base import Exporter, register_exporter

VERSIONS = ("3.0", "4.0")


def escape(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF + space, never inside a character."""
    out, current, size = [], [], 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > (75 if not out else 74):
            out.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += width
    out.append("".join(current))
    return "\r\n ".join(out) + "\r\n"


def name_components(person: Person) -> list[str]:
    """The N property's family; given; additional; prefix; suffix.

    The parts the person's source gave (Person.NAME_PARTS) when there are any; otherwise
    a guess from the display name that never takes a post-nominal for the family name:
    what follows a comma is the suffix ("Marcus O'Neill, APR"), then the last word is
    the family name."""
    if any(getattr(person, part) for part in Person.NAME_PARTS):
        return [person.family_name, person.given_name, person.additional_names,
                person.name_prefix, person.name_suffix]
    name, _, suffix = person.name.partition(",")
    words = name.split()
    if len(words) < 2:
        return [name.strip(), "", "", "", suffix.strip()]
    return [words[-1], " ".join(words[:-1]), "", "", suffix.strip()]


def _type(label: str, version: str) -> str:
    label = "".join(ch for ch in label if ch.isalnum() or ch in "-_").lower()
    if not label:
        return ""
    return f";TYPE={label}" if version == "4.0" or label in {
        "work", "home", "cell", "mobile", "pager", "fax", "voice"} else f";TYPE=x-{label}"


def card(person: Person, contacts: list[ContactPoint], tags: list[str], version: str) -> str:
    lines = ["BEGIN:VCARD", f"VERSION:{version}"]
    if version == "4.0":
        lines.append("KIND:individual")
    lines.append(f"FN:{escape(person.name)}")
    lines.append("N:" + ";".join(escape(part) for part in name_components(person)))
    if person.organization:
        org = escape(person.organization.name)
        if person.team:
            org += ";" + escape(person.team.name)
        lines.append(f"ORG:{org}")
    if person.title:
        lines.append(f"TITLE:{escape(person.title)}")
    for c in contacts:
        label = _type({"mobile": "cell"}.get(c.label.lower(), c.label), version)
        pref = (";PREF=1" if version == "4.0" else ";TYPE=pref") if c.is_primary else ""
        if c.kind == "email":
            kind = ";TYPE=INTERNET" if version == "3.0" else ""
            lines.append(f"EMAIL{kind}{label}{pref}:{escape(c.value)}")
        elif c.kind == "phone":
            if version == "4.0":
                lines.append(f"TEL{label}{pref};VALUE=uri:tel:{c.normalized or c.value}")
            else:
                lines.append(f"TEL{label}{pref}:{escape(c.value)}")
        elif c.kind in ("linkedin", "url"):
            value = normalize.web_href(c.value)
            if value:
                lines.append(f"URL{label}:{value}")
        elif c.kind == "address":
            lines.append(f"ADR{label}:;;{escape(c.value)};;;;")
    if person.birthday_month and person.birthday_day:
        if person.birthday_year:
            y, m, d = person.birthday_year, person.birthday_month, person.birthday_day
            day = f"{y:04d}-{m:02d}-{d:02d}"
            lines.append(f"BDAY:{day.replace('-', '') if version == '4.0' else day}")
        else:
            lines.append(f"BDAY:--{person.birthday_month:02d}{person.birthday_day:02d}"
                         if version == "4.0" else
                         f"BDAY;X-APPLE-OMIT-YEAR=1604:1604-{person.birthday_month:02d}-"
                         f"{person.birthday_day:02d}")
    if tags:
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in tags))
    if person.notes:
        lines.append(f"NOTE:{escape(person.notes)}")
    lines.append(f"UID:urn:uuid:{_uuid(person)}" if version == "4.0"
                 else f"UID:{_uuid(person)}")
    stamp = person.updated_at.astimezone(datetime.UTC)
    lines.append(f"REV:{stamp:%Y%m%dT%H%M%SZ}")
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)


def _uuid(person: Person) -> str:
    import uuid

    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"backstory:person:{person.workspace_id}:"
                          f"{person.pk}"))


class VCardExporter(Exporter):
    key, label, extension = "vcard", "vCard (.vcf)", "vcf"
    content_type = "text/vcard; charset=utf-8"

    def filename(self, workspace: Workspace, *, version: str = "3.0", **options) -> str:
        """Each version its own name, so that both downloads can sit side by side."""
        major = version.split(".")[0] if version in VERSIONS else "3"
        return (f"backstory-{workspace.slug}-contacts-vcard{major}-"
                f"{timezone.localdate():%Y-%m-%d}.vcf")

    def write(self, workspace: Workspace, out: BinaryIO, *, version: str = "3.0",
              include_archived: bool = False, **options) -> None:
        if version not in VERSIONS:
            raise ValueError(f"vCard version {version} is not one we write (3.0 or 4.0).")
        people = Person.objects.filter(workspace=workspace)
        if not include_archived:
            people = people.filter(archived_at__isnull=True)
        people = people.select_related("organization", "team").prefetch_related(
            Prefetch("contact_points", queryset=ContactPoint.objects.order_by(
                "kind", "position", "id")),
            Prefetch("tags", queryset=Tag.objects.order_by("name")),
        ).order_by("name", "id")
        for person in people.iterator(chunk_size=2000):
            out.write(card(person, list(person.contact_points.all()),
                           [t.name for t in person.tags.all()], version).encode("utf-8"))


register_exporter(VCardExporter())
