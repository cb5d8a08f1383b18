"""vCard 2.1 / 3.0 / 4.0: quoted-printable, folding, Apple groups, year-less birthdays."""

from __future__ import annotations

from backstory.transfer.formats.base import Source
from backstory.transfer.formats.vcard import VCardImporter
from backstory.transfer.services import import_file

from .conftest import fixture
from .helpers import contacts, normalized, people, tags


def test_cards_of_three_versions_come_in(workspace, owner):
    result = import_file(workspace, by=owner, path=fixture("contacts.vcf"))
    assert result.count("create", "person") == 3
    found = people(workspace)
    jorg = found["Jörg Müller"]  # 2.1, quoted-printable UTF-8
    assert jorg.organization.name == "Stadtwerke München"
    assert jorg.team.name == "Kommunikation"  # a QP soft line break inside the value
    assert contacts(jorg, "email") == ["joerg@example.de"]
    assert normalized(jorg, "phone") == ["+491512345678"]
    mei = found["Mei Chen"]  # 3.0 from iOS
    assert mei.title == "Senior Editor, Tech"
    assert contacts(mei, "email") == ["mei.chen@example.com"]  # folded in the middle
    assert normalized(mei, "linkedin") == ["linkedin.com/in/meichen"]  # `https\://`
    assert [c.label for c in mei.contact_points.all() if c.kind == "phone"] == ["Desk"]
    assert (mei.birthday_year, mei.birthday_month, mei.birthday_day) == (None, 4, 15)
    assert mei.notes == "Covers AI policy\nPrefers Signal; no calls before 10"
    assert tags(mei) == {"Media", "Tech"}
    tom = found["Tom Baker"]  # 4.0
    assert normalized(tom, "phone") == ["+447700900123"]
    assert (tom.birthday_year, tom.birthday_month, tom.birthday_day) == (1970, 1, 1)


def test_a_photo_is_skipped_and_never_stored():
    rows = list(VCardImporter().parse(Source(fixture("contacts.vcf").read_bytes())))
    first = rows[0].record
    assert first.name == "Jörg Müller"
    assert not first.warnings
    assert all("/9j/" not in str(value) for value in vars(first).values())


def test_a_card_cut_off_at_the_end_still_comes_in_with_a_warning():
    text = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half Card\r\nEMAIL:half@example.com\r\n"
    rows = list(VCardImporter().parse(Source(text)))
    assert rows[0].record.name == "Half Card"
    assert "ends inside this card" in rows[0].record.warnings[0]
