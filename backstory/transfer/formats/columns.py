"""Spreadsheet columns → contact fields: the targets a column can be mapped to, the
header synonyms (English, French, German) that map them automatically, and the reader
that turns a row into a ContactRecord. Outlook files and generic spreadsheets share it.
"""

from __future__ import annotations

from dataclasses import dataclass

from backstory.people.models import Circle

from .base import ContactRecord, clean
from .csvtable import header_key
from .dates import parse_birthday, parse_date


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    many: bool = False  # several columns may feed it (e-mails, phones…)


TARGETS = [
    Target("name", "Full name"),
    Target("given", "First name"),
    Target("middle", "Middle name"),
    Target("family", "Last name"),
    Target("prefix", "Name prefix (Dr., Ms.)"),
    Target("suffix", "Name suffix (Jr.)"),
    Target("nickname", "Nickname"),
    Target("title", "Job title"),
    Target("organization", "Organisation"),
    Target("department", "Department / team"),
    Target("email", "E-mail", many=True),
    Target("phone", "Phone", many=True),
    Target("url", "Website or LinkedIn", many=True),
    Target("address", "Address (part)", many=True),
    Target("birthday", "Birthday"),
    Target("met_on", "Met on / connected on"),
    Target("how_we_met", "How we met"),
    Target("notes", "Notes", many=True),
    Target("tags", "Tags / categories", many=True),
    Target("circle", "Circle"),
]
TARGET_KEYS = {t.key for t in TARGETS}
MANY = {t.key for t in TARGETS if t.many}

# Header (as header_key writes it) → target. Localised Outlook headers map to the same.
SYNONYMS: dict[str, str] = {}
_FRENCH_GERMAN: set[str] = set()


def _add(target: str, *headers: str, localised: bool = False) -> None:
    for header in headers:
        key = header_key(header)
        SYNONYMS[key] = target
        if localised:
            _FRENCH_GERMAN.add(key)


_add("name", "Name", "Full Name", "Display Name", "E-mail Display Name", "Contact", "Person")
_add("given", "First Name", "Given Name", "First", "Forename")
_add("middle", "Middle Name", "Additional Name")
_add("family", "Last Name", "Family Name", "Surname", "Last")
_add("prefix", "Title", "Name Prefix", "Prefix", "Salutation")
_add("suffix", "Suffix", "Name Suffix")
_add("nickname", "Nickname", "Nick Name")
_add("title", "Job Title", "Position", "Role", "Occupation", "Organization Title",
     "Organization 1 - Title")
_add("organization", "Company", "Organization", "Organisation", "Employer", "Outlet",
     "Organization Name", "Organization 1 - Name")
_add("department", "Department", "Team", "Organization Department",
     "Organization 1 - Department")
_add("email", "E-mail Address", "E-mail 2 Address", "E-mail 3 Address", "Email",
     "E-mail", "Email Address", "Mail", "Work Email", "Personal Email")
_add("phone", "Mobile Phone", "Business Phone", "Business Phone 2", "Home Phone",
     "Home Phone 2", "Primary Phone", "Other Phone", "Company Main Phone", "Car Phone",
     "Phone", "Mobile", "Cell", "Telephone", "Phone Number", "Work Phone")
_add("url", "Web Page", "Personal Web Page", "Website", "LinkedIn", "LinkedIn URL", "URL",
     "Profile", "Twitter")
_add("address", "Business Street", "Business City", "Business State",
     "Business Postal Code", "Business Country", "Business Country/Region")
_add("birthday", "Birthday", "Date of Birth", "Birth Date")
_add("met_on", "Met On", "Connected On", "Date Met", "First Met", "Met")
_add("how_we_met", "How We Met", "Where We Met", "Introduced By", "Context", "Source")
_add("notes", "Notes", "Note", "Comments", "Follow-up Notes", "Follow-up", "Next Steps")
_add("organization", "Works At", "Firm", "Publication")
_add("tags", "Categories", "Tags", "Labels", "Groups", "Group Membership")
_add("circle", "Circle", "Relationship", "Type")
# French (Outlook fr-FR)
_add("given", "Prénom", localised=True)
_add("middle", "Deuxième prénom", localised=True)
_add("family", "Nom", localised=True)
_add("prefix", "Civilité", localised=True)
_add("suffix", "Suffixe", localised=True)
_add("nickname", "Surnom", localised=True)
_add("title", "Fonction", "Titre du poste", localised=True)
_add("organization", "Société", "Entreprise", localised=True)
_add("department", "Service", localised=True)
_add("email", "Adresse de messagerie", "Adresse e-mail", "Adresse de messagerie 2",
     "Adresse de messagerie 3", "Courriel", localised=True)
_add("phone", "Téléphone (bureau)", "Téléphone bureau", "Téléphone (domicile)",
     "Tél. mobile", "Téléphone mobile", "Téléphone portable", "Téléphone", localised=True)
_add("url", "Page Web", "Site web", localised=True)
_add("birthday", "Anniversaire", "Date de naissance", localised=True)
_add("notes", "Remarques", localised=True)
_add("tags", "Catégories", localised=True)
# German (Outlook de-DE, Windows Live Mail)
_add("given", "Vorname", localised=True)
_add("middle", "Weitere Vornamen", "2. Vorname", localised=True)
_add("family", "Nachname", localised=True)
_add("prefix", "Anrede", localised=True)
_add("nickname", "Spitzname", localised=True)
_add("title", "Berufsbezeichnung", localised=True)
_add("organization", "Firma", "Unternehmen", localised=True)
_add("department", "Abteilung", localised=True)
_add("email", "E-Mail-Adresse", "E-Mail 2: Adresse", "E-Mail 3: Adresse", "E-Mail",
     localised=True)
_add("phone", "Telefon geschäftlich", "Telefon (geschäftlich)", "Telefon privat",
     "Telefon (privat)", "Mobiltelefon", "Telefon", "Handy", localised=True)
_add("url", "Webseite", "Webseite (privat)", "Webseite (geschäftlich)", "Webseite privat",
     localised=True)
_add("address", "Straße geschäftlich", "Straße (geschäftlich)", "Ort (geschäftlich)",
     "Postleitzahl (geschäftlich)", "Land/Region (geschäftlich)", localised=True)
_add("birthday", "Geburtstag", localised=True)
_add("notes", "Notizen", localised=True)
_add("tags", "Kategorien", localised=True)


def guess_mapping(headers: list[str]) -> dict[int, str]:
    """Column index → target for every header we recognise."""
    mapping: dict[int, str] = {}
    used: set[str] = set()
    keys = [header_key(h) for h in headers]
    for index, key in enumerate(keys):
        target = SYNONYMS.get(key)
        if key == "title" and "job title" not in keys and "position" not in keys:
            target = "title"  # a hand-made sheet's "Title" is a job title, not "Dr."
        if target is None and key.startswith(("email", "e mail")) and "type" not in key \
                and "display" not in key:
            target = "email"
        if target is None:
            continue
        if target not in MANY and target in used and not (
                index and keys[index - 1] == key and mapping.get(index - 1) == target):
            continue  # (the next column under the same header, e.g. a merged one, joins)
        mapping[index] = target
        used.add(target)
    return mapping


def is_localised(headers: list[str]) -> bool:
    keys = {header_key(h) for h in headers}
    return bool(keys & _FRENCH_GERMAN) and not ({"first name", "last name"} & keys)


_CIRCLES = {header_key(label): value for value, label in Circle.choices}
_CIRCLES.update({header_key(value): value for value in Circle.values})


def record_from_row(cells: list[str], headers: list[str], mapping: dict[int, str], *,
                    date_order: str = "MDY") -> ContactRecord:
    """One row as a ContactRecord, following the column mapping."""
    record = ContactRecord()
    address: list[str] = []
    notes: list[str] = []
    for index, target in sorted(mapping.items()):
        if index >= len(cells):
            continue
        raw = cells[index] or ""
        value = clean(raw)
        if not value:
            continue
        header = headers[index] if index < len(headers) else target
        if target == "email":
            parts = value.replace(";", " ").replace(",", " ").split() if "@" in value \
                else [value]
            for part in parts:
                if "@" in part:
                    record.emails.append((part.strip("<>"), _label(header)))
                else:
                    record.warnings.append(f"{header}: '{part}' is not an e-mail address; "
                                           "left out")
        elif target == "phone":
            if any(ch.isdigit() for ch in value):
                record.phones.append((value, _label(header)))
            else:
                record.warnings.append(f"{header}: '{value}' has no digits; left out")
        elif target == "url":
            record.urls.append((value, _label(header)))
        elif target == "address":
            address.append(value)
        elif target == "notes":
            notes.append(raw.strip())
        elif target == "tags":
            record.tags += [t.strip() for t in value.replace(";", ",").split(",") if t.strip()]
        elif target == "birthday":
            try:
                record.birthday = parse_birthday(value, order=date_order)
            except ValueError as problem:
                record.warnings.append(f"{header}: {problem}; left out")
        elif target == "met_on":
            try:
                record.met_on = parse_date(value, order=date_order)
            except ValueError as problem:
                record.warnings.append(f"{header}: {problem}; left out")
        elif target == "how_we_met":
            record.extra["how_we_met"] = raw.strip()
        elif target == "circle":
            circle = _CIRCLES.get(header_key(value))
            if circle:
                record.extra["circle"] = circle
            else:
                record.warnings.append(f"{header}: '{value}' is not a circle we know; left out")
        elif not getattr(record, target):
            setattr(record, target, value[:200])
        elif mapping.get(index - 1) == target:
            # Two columns side by side for one field (a merged "Name" over first and last
            # names): their texts join, in order.
            setattr(record, target, f"{getattr(record, target)} {value}"[:200])
    if address:
        record.addresses.append((", ".join(address), "work"))
    if notes:
        record.notes = "\n\n".join(notes)
    return record


def _label(header: str) -> str:
    key = header_key(header)
    for word, label in (("mobile", "mobile"), ("handy", "mobile"), ("cell", "mobile"),
                        ("business", "work"), ("work", "work"), ("geschaftlich", "work"),
                        ("bureau", "work"), ("home", "home"), ("privat", "home"),
                        ("domicile", "home"), ("linkedin", "LinkedIn")):
        if word in key:
            return label
    return ""
