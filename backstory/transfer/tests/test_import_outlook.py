"""Outlook CSV: Windows-1252 files, US dates, localised (French) headers."""

from __future__ import annotations

from backstory.transfer.services import import_file

from .conftest import fixture
from .helpers import contacts, people, tags


def test_latin1_outlook_file_keeps_accents_and_reads_us_dates(workspace, owner):
    result = import_file(workspace, by=owner, path=fixture("outlook_latin1.csv"))
    assert result.format == "outlook"
    found = people(workspace)
    bjorn = found["Björn Ångström"]
    assert bjorn.organization.name == "Café Müller AG"
    assert bjorn.team.name == "Presse"
    assert bjorn.title == "Pressesprecher"
    assert (bjorn.birthday_year, bjorn.birthday_month, bjorn.birthday_day) == (1975, 6, 3)
    assert tags(bjorn) == {"Press", "Munich"}
    assert bjorn.notes == "Sehr nett – mag Kaffee"
    assert contacts(bjorn, "url") == ["www.cafe-mueller.example"]
    chloe = found["Chloé Dubois"]
    assert chloe.birthday_month is None  # Outlook writes 0/0/00 for "no birthday"
    assert contacts(chloe, "phone") == ["+33 6 12 34 56 78"]


def test_french_headers_map_by_synonym_and_dates_are_day_first(workspace, owner):
    result = import_file(workspace, by=owner, path=fixture("outlook_french.csv"))
    assert result.format == "outlook"
    elodie = people(workspace)["Élodie Martin"]
    assert elodie.organization.name == "Le Monde"
    assert elodie.title == "Journaliste"
    assert contacts(elodie, "email") == ["elodie.martin@example.fr"]
    assert (elodie.birthday_year, elodie.birthday_month, elodie.birthday_day) == (1980, 1, 31)
