"""The importers, in a registry: each says how sure it is that a file is its format."""

from __future__ import annotations

from .base import FileError, Importer, Source
from .generic import GenericImporter
from .google import GoogleImporter
from .ics import ICalendarImporter
from .linkedin import LinkedInImporter
from .outlook import OutlookImporter
from .spreadsheet import BackstoryImporter
from .vcard import VCardImporter

_IMPORTERS: dict[str, Importer] = {}


def register_importer(importer: Importer) -> None:
    _IMPORTERS[importer.key] = importer


for _importer in (LinkedInImporter(), GoogleImporter(), OutlookImporter(), VCardImporter(),
                  ICalendarImporter(), BackstoryImporter(), GenericImporter()):
    register_importer(_importer)

# Accepted spellings of --format.
ALIASES = {"xlsx": "csv", "excel": "csv", "vcf": "vcard", "ical": "ics", "icalendar": "ics",
           "generic": "csv"}


def importers() -> list[Importer]:
    return list(_IMPORTERS.values())


def get_importer(key: str) -> Importer:
    key = ALIASES.get(key.lower(), key.lower())
    if key not in _IMPORTERS:
        choices = ", ".join(sorted(_IMPORTERS))
        raise FileError(f"'{key}' is not a format we know. Choose one of: {choices}.")
    return _IMPORTERS[key]


def detect_format(source: Source) -> Importer:
    """The importer most sure of this content (never the file name)."""
    if not source.data.strip():
        raise FileError("This file is empty.")
    best, confidence = None, 0.0
    for importer in _IMPORTERS.values():
        try:
            score = importer.detect(source)
        except FileError:
            score = 0.0
        if score > confidence:
            best, confidence = importer, score
    if best is None:
        raise FileError("We could not tell what kind of file this is. Backstory reads "
                        "LinkedIn, Google and Outlook CSV files, vCards (.vcf), calendars "
                        "(.ics) and spreadsheets (CSV or Excel).")
    return best


__all__ = ["FileError", "Importer", "Source", "detect_format", "get_importer", "importers",
           "register_importer"]
