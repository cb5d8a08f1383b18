"""The format is recognised from the content (never the file name), in any encoding."""

from __future__ import annotations

import codecs

import pytest

from backstory.transfer.formats import FileError, detect_format
from backstory.transfer.formats.base import Source, decode_bytes

from .conftest import fixture

EXPECTED = {
    "linkedin_connections.csv": "linkedin",
    "linkedin_2018.csv": "linkedin",
    "google_legacy_utf16.csv": "google",
    "google_current.csv": "google",
    "outlook_latin1.csv": "outlook",
    "outlook_french.csv": "outlook",
    "contacts.vcf": "vcard",
    "meetings.ics": "ics",
    "networking.csv": "csv",
}


@pytest.mark.parametrize("name,key", sorted(EXPECTED.items()))
def test_format_is_recognised_by_content_even_with_a_misleading_name(name, key):
    source = Source(fixture(name).read_bytes(), "download.txt")
    assert detect_format(source).key == key


def test_utf16_with_bom_is_decoded():
    text, encoding = decode_bytes(fixture("google_legacy_utf16.csv").read_bytes())
    assert encoding == "utf-16-le"
    assert "Jürgen Weiß" in text and not text.startswith("\ufeff")


def test_utf16_without_bom_is_recognised_by_its_zero_bytes():
    data = "Name,E-mail 1 - Value\r\nJürgen,j@example.de\r\n".encode("utf-16-le")
    text, encoding = decode_bytes(data)
    assert encoding == "utf-16-le" and text.startswith("Name,")


def test_latin1_file_is_read_as_windows_1252():
    text, encoding = decode_bytes(fixture("outlook_latin1.csv").read_bytes())
    assert encoding == "windows-1252"
    assert "Björn" in text and "Ångström" in text and "–" in text


def test_utf8_bom_is_stripped():
    text, encoding = decode_bytes(codecs.BOM_UTF8 + b"Vorname;Nachname")
    assert text == "Vorname;Nachname" and encoding == "utf-8-sig"


def test_an_empty_file_gets_one_clear_message():
    with pytest.raises(FileError, match="empty"):
        detect_format(Source(b"  \n", "x.csv"))


def test_a_file_of_no_known_kind_says_what_we_read():
    with pytest.raises(FileError, match="LinkedIn, Google and Outlook"):
        detect_format(Source(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.csv"))
