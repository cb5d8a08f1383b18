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


# Encodings: unfolded on bytes, decoded per value, never guessed in silence -------------


def _rows(data: bytes):
    return list(VCardImporter().parse(Source(data)))


def test_a_fold_inside_a_multibyte_character_keeps_every_card_intact(workspace, owner):
    # "Zoë Ångström" with the fold between the two bytes of "ë" (RFC 6350 §3.2 allows it).
    zoe = "Zoë Ångström".encode()
    split = zoe.index("ë".encode()) + 1
    data = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + zoe[:split] + b"\r\n " + zoe[split:]
            + b"\r\nN:\xc3\x85ngstr\xc3\xb6m;Zo\xc3\xab;;;\r\n"
            b"NOTE:Caf\xc3\r\n \xa9 au lait\r\nEND:VCARD\r\n"
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:J\xc3\xb6rg M\xc3\xbcller\r\nEND:VCARD\r\n")
    rows = _rows(data)
    assert [r.record.name for r in rows] == ["Zoë Ångström", "Jörg Müller"]
    assert rows[0].record.notes == "Café au lait"
    assert rows[0].record.warnings == [] and rows[1].record.warnings == []
    import_file(workspace, by=owner, data=data, name="zoe.vcf")
    assert set(people(workspace)) == {"Zoë Ångström", "Jörg Müller"}


def test_a_vcard_21_value_is_decoded_by_its_charset_parameter():
    data = (b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
            b"N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=F6rg\r\n"
            b"FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:J=F6rg M=FCller\r\n"
            b"ORG;CHARSET=ISO-8859-1:Stra\xdfenbau M\xfcnchen\r\n"
            b"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Gr=C3=BC=C3=9Fe=\r\n"
            b" aus Wien\r\nEND:VCARD\r\n"
            # The same file may mix charsets from card to card.
            b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UTF-8:Zo\xc3\xab\r\nEND:VCARD\r\n")
    first, second = (r.record for r in _rows(data))
    assert (first.name, first.family, first.given) == ("Jörg Müller", "Müller", "Jörg")
    assert first.organization == "Straßenbau München"
    assert first.notes == "Grüße aus Wien"
    assert first.warnings == []
    assert second.name == "Zoë"


def test_invalid_bytes_are_kept_as_replacement_characters_with_a_warning_naming_the_line(
        workspace, owner):
    data = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zo\xc3\xab Reyes\r\n"
            b"NOTE:caf\xc3\xa9 \xff\xfe broken\r\nTITLE:Editor\r\nEND:VCARD\r\n")
    rows = _rows(data)
    record = rows[0].record
    assert record.name == "Zoë Reyes"  # the rest of the file is not read as Windows-1252
    assert record.notes == "café \ufffd\ufffd broken"
    assert record.warnings == ["line 4 is not valid UTF-8: characters that could not be "
                               "read show as \ufffd"]
    result = import_file(workspace, by=owner, data=data, name="broken.vcf", dry_run=True,
                         keep_rows=True)
    assert "line 4 is not valid UTF-8" in result.rows[0].message


def test_a_legacy_file_in_windows_1252_without_a_charset_says_how_it_was_read():
    data = (b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:M\xfcller;J\xf6rg\r\nFN:J\xf6rg M\xfcller\r\n"
            b"NOTE:\x93quoted\x94\r\nEND:VCARD\r\n")
    record = _rows(data)[0].record
    assert record.name == "Jörg Müller" and record.notes == "“quoted”"
    assert any(w.startswith("line 3 does not say its character set and is not UTF-8; "
                            "read as Windows-1252") for w in record.warnings)


def test_an_unknown_charset_is_named_and_the_value_read_as_utf8():
    data = (b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=X-NOPE\x00:Zo\xc3\xab\r\n"
            b"END:VCARD\r\n")
    record = _rows(data)[0].record
    assert record.name == "Zoë"
    assert "line 3 names a character set we do not know" in record.warnings[0]


def test_a_utf16_file_is_read_as_text_before_its_lines_are_unfolded():
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Å\r\n ngström\r\nEND:VCARD\r\n"
    for data in (text.encode("utf-16"), text.encode("utf-16-le")):
        record = _rows(data)[0].record
        assert record.name == "Zoë Ångström" and record.warnings == []
