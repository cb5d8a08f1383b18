"""Every real-world sample in ../shared/fixtures/real imports with the right people and
fields (SOURCES.md there lists the awkward cases each file carries)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from backstory.interactions.models import Interaction
from backstory.people.models import Person
from backstory.transfer.formats.base import Source
from backstory.transfer.formats.ics import ICalendarImporter
from backstory.transfer.services import import_file

from .conftest import real
from .helpers import contacts, normalized, people, tags


def bring_in(workspace, owner, relative: str):
    return import_file(workspace, by=owner, path=real(relative), keep_rows=True)


def birthday(person: Person):
    return person.birthday_year, person.birthday_month, person.birthday_day


# LinkedIn ------------------------------------------------------------------------------


def test_linkedin_2024_a_export_with_preamble_emoji_and_post_nominals(workspace, owner):
    result = bring_in(workspace, owner, "linkedin/linkedin_connections_2024_redacted_a.csv")
    assert result.format == "linkedin"
    assert result.count("create", "person") == 30
    assert [p.line for p in result.problems] == [10, 17]  # rows with only a date
    found = people(workspace)
    harpreet = found["Harpreet K"]
    assert harpreet.organization.name == "Innova Solutions"
    assert harpreet.title == "Lead Recruiter"
    assert harpreet.met_on == date(2024, 5, 23)
    assert contacts(harpreet, "email") == ["harpreet000000@example.com"]
    assert normalized(harpreet, "linkedin") == ["linkedin.com/in/harpreet-k-00a00a001"]
    assert found["Meera Rao, MSc, MBA, PHR"].organization.name == "EXAMPLECON"
    assert found["Lucas Serrano"].organization.name == "Williams-Sonoma, Inc."
    assert 'Robert "Bobby" Fairweather' in found
    assert "Xiaoli WANG · 王小丽" in found
    assert normalized(found["Liam O’Connor"], "linkedin") == [
        "linkedin.com/in/liam-o’connor-000000001"]
    assert found["Avi Rosenfeld"].organization.name == "Bank Hapoalim בנק הפועלים"


def test_linkedin_2024_b_export_with_tabs_scripts_and_greek_company(workspace, owner):
    result = bring_in(workspace, owner, "linkedin/linkedin_connections_2024_redacted_b.csv")
    assert result.count("create", "person") == 24
    assert [p.line for p in result.problems] == [28]
    found = people(workspace)
    assert found["Dmitri Sokolov"].title == "Senior PHP Developer"  # a TAB after "Dmitri"
    assert found["Eleni Papadopoulou"].organization.name == "ΔΠΜΣ Παράδειγμα: Ηθική, Δίκαιο"
    assert found["Prakash 🔸 Nair"].organization.name == "10,000 Examples"
    assert "𝓜𝓪𝓻𝓬𝓸 𝓡𝓸𝓼𝓼𝓲" in found
    assert found["Luka Žagar"].met_on == date(2014, 7, 17)
    assert normalized(found["Marko Kovačević"], "linkedin") == [
        "linkedin.com/in/marko-kovačević-000000001"]
    assert found["Pieter Jan de Graaf"].organization is None  # the company was " -"


def test_linkedin_2018_export_without_url_and_with_us_timestamps(workspace, owner):
    result = bring_in(workspace, owner, "linkedin/linkedin_connections_2018_redacted.csv")
    assert result.count("create", "person") == 11
    found = people(workspace)
    assert found["Lars Nielsen"].met_on == date(2018, 1, 8)
    assert contacts(found["Lars Nielsen"], "email") == ["lars.nielsen@example.dk"]
    assert found["Karan Bhatia"].organization.name == (
        "The Startup Edge-Entrepreneurship Cell, Example College.")
    assert found["Anitha R . Joseph"].organization.name == (
        "National Information Center ,Delhi ,India")
    assert contacts(found["Arnav Pathak"], "email") == []  # held a member URN
    assert found["Divya Sethi"].organization is None


def test_linkedin_export_resaved_without_preamble_and_with_short_dates(workspace, owner):
    result = bring_in(workspace, owner,
                      "linkedin/linkedin_connections_resaved_no_preamble_redacted.csv")
    assert result.count("create", "person") == 12
    found = people(workspace)
    assert found["Venkata Ramana Gollapudi"].met_on == date(2024, 3, 20)
    assert found["Tyler Brandt"].met_on == date(2024, 3, 9)
    assert found["Sudip kumar das"].organization.name == "Victoria’s Secret & Co."
    assert "👩🏻\u200d💻 Ola Wiśniewska" in found
    assert contacts(found["Nikhil Jain"], "email") == ["nikhiljain00@example.com"]


def test_reimporting_a_real_linkedin_export_creates_nobody(workspace, owner):
    bring_in(workspace, owner, "linkedin/linkedin_connections_2024_redacted_a.csv")
    again = bring_in(workspace, owner, "linkedin/linkedin_connections_2024_redacted_a.csv")
    assert again.count("create") == 0 and again.count("unchanged", "person") == 30


# Google -------------------------------------------------------------------------------


def test_google_legacy_csv_with_multi_values_and_formatted_addresses(workspace, owner):
    result = bring_in(workspace, owner, "google/contactsio_google_csv_legacy.csv")
    assert result.format == "google"
    max_ = people(workspace)["Dr. Max Middle Name Mustermann jr."]  # Google's own Name
    assert (max_.name_prefix, max_.given_name, max_.additional_names, max_.family_name,
            max_.name_suffix) == ("Dr.", "Max", "Middle Name", "Mustermann", "jr.")
    assert max_.organization.name == "Firma" and max_.title == "Position"
    assert max_.team.name == "Abteilung"
    assert birthday(max_) == (1972, 1, 31)
    emails = contacts(max_, "email")
    assert "privat@folker-kinzel.de" in emails and "business@folker-kinzel.de" in emails
    assert "business 3@golker.de" not in emails  # a space: not an address
    assert "Kommentar" in max_.notes
    assert tags(max_) == set()  # "Importiert am 29.3." and "* myContacts" are Google's


def test_googles_outlook_flavour_with_german_dates_and_a_trailing_comma(workspace, owner):
    result = bring_in(workspace, owner, "google/contactsio_google_outlook_csv_export.csv")
    assert result.format == "outlook"
    max_ = people(workspace)["Max Middle Name Mustermann jr."]  # the prefix is kept apart
    assert max_.name_prefix == "Dr."
    assert birthday(max_) == (1972, 1, 31)  # 31.1.1972
    assert contacts(max_, "email")[:3] == ["privat@folker-kinzel.de", "andere@folker-kinzel.de",
                                           "business@folker-kinzel.de"]
    assert max_.organization.name == "Firma"


def test_google_2021_export_with_prefix_misuse_and_shared_names(workspace, owner):
    result = bring_in(workspace, owner, "google/google_csv_export_2021_redacted.csv")
    assert result.count("create", "person") == 21
    assert result.count("merge", "person") == 1  # two rows with the same name
    found = people(workspace)
    assert found["Hery Tojo"].organization.name == "Example game"  # suffix used as company
    assert found["Nivo Sarah"].title == "Gestionnaire Accès Banque"  # prefix used as role
    assert found["FID Anosy"].organization.name == "FID Anosy"  # no name, only a company
    assert normalized(found["Anaëlle Rasoanaivo"], "phone")[1] == "+261330000009"
    assert contacts(found["Telma Mora 100"], "phone") == ["#322*67"]
    claire = found["Claire Rabe"]
    assert len(contacts(claire, "email")) == 2 and len(contacts(claire, "phone")) == 4
    assert "Koto, Gardien Exemple, Mvola" in found


# Outlook ------------------------------------------------------------------------------


def test_microsofts_outlook_sample_keeps_five_people_sharing_a_phone(workspace, owner):
    result = bring_in(workspace, owner,
                      "outlook/microsoft_sample_csv_for_importing_contacts.csv")
    found = people(workspace)
    assert set(found) == {"Anita Jorgensen", "Anne-Mette Olesen", "Dorena Paschke",
                          "Kemal Celik", "Shiori Inoue"}
    assert result.count("duplicate") == 4  # the shared switchboard number is flagged
    anita = found["Anita Jorgensen"]
    assert anita.organization.name == "Contoso"
    assert birthday(anita) == (1981, 1, 20)
    assert contacts(anita, "email") == ["Anita@contoso.com"]
    assert contacts(anita, "url") == ["http://www.microsoft.com/"]


def test_outlook_365_desktop_ansi_file_reads_windows_1252(workspace, owner):
    bring_in(workspace, owner, "outlook/contactsio_outlook365_desktop_ansi.csv")
    max_ = people(workspace)["Max Peter Mustermann Jr."]
    assert max_.organization.name == "Google" and max_.title == "Chef"
    assert max_.team.name == "Google Deutschland"
    assert birthday(max_) == (1984, 6, 5)
    assert "email@address.com" in contacts(max_, "email")
    assert all(any(ch.isdigit() for ch in p) for p in contacts(max_, "phone"))


def test_outlook_on_the_web_file_with_bom_and_iso_dates(workspace, owner):
    bring_in(workspace, owner, "outlook/contactsio_outlook365_web_bom.csv")
    max_ = people(workspace)["Max Middle Name Mustermann Jr."]
    assert max_.organization.name == "Firma" and max_.team.name == "Führungsetage"
    assert birthday(max_) == (1972, 1, 31)
    assert contacts(max_, "email")[0] == "privat@folker-kinzel.de"


def test_windows_live_mail_german_semicolon_file(workspace, owner):
    result = bring_in(workspace, owner, "outlook/contactsio_windows_live_mail_de_semicolon.csv")
    assert result.format == "outlook"
    max_ = people(workspace)["Max Middle Name Mustermann"]  # not the display name "Maxl"
    assert max_.organization.name == "Firma" and max_.title == "Position"
    assert contacts(max_, "email") == ["privat@folker-kinzel.de"]
    assert "Kommentar" in max_.notes


# vCard --------------------------------------------------------------------------------


def test_android_21_cards_with_quoted_printable_and_nameless_contacts(workspace, owner):
    result = bring_in(workspace, owner, "vcard/ezvcard_android_2.1.vcf")
    assert result.count("create") + result.count("duplicate") == 6
    found = people(workspace)
    assert "john.doe@company.com" in found  # no name: named after the e-mail address
    assert "Ñ Ñ Ñ Ñ Ñ" in found
    bob = next(p for p in found.values() if "bob@company.com" in contacts(p, "email"))
    assert bob.organization.name == "ÑÑÑÑÑÑÑÑÑÑÑÑ"
    assert contacts(bob, "url") == ["www.company.com"]


@pytest.mark.parametrize("name", ["ezvcard_iphone_ios5_3.0.vcf", "ezvcard_mac_addressbook_3.0.vcf",
                                  "ezvcard_gmail_3.0.vcf", "ezvcard_evolution_3.0.vcf",
                                  "ezvcard_ms_outlook_2.1.vcf"])
def test_john_doe_from_five_address_books(workspace, owner, name):
    bring_in(workspace, owner, f"vcard/{name}")
    (john,) = Person.objects.filter(workspace=workspace)
    assert "John" in john.name and "Doe" in john.name
    assert john.organization.name == "IBM"
    assert john.title == "Money Counter"
    assert contacts(john, "email")[0].startswith("john.doe@ibm.c")
    assert len(contacts(john, "phone")) >= 2
    assert john.birthday_month in (3, 6)


def test_iphone_card_keeps_apple_labels(workspace, owner):
    bring_in(workspace, owner, "vcard/ezvcard_iphone_ios5_3.0.vcf")
    john = Person.objects.get(workspace=workspace)
    labels = {c.label for c in john.contact_points.all() if c.kind == "phone"}
    assert "AssistantPhone" in labels
    assert birthday(john) == (2012, 6, 6)


def test_outlook_2003_and_2007_cards(workspace, owner):
    bring_in(workspace, owner, "vcard/ezvcard_outlook2003_2.1.vcf")
    bring_in(workspace, owner, "vcard/ezvcard_outlook2007_2.1.vcf")
    found = people(workspace)
    john = found["John Doe III"]
    assert john.organization.name == "Company, The"  # the comma was not escaped
    assert john.notes.startswith("This is the note field!!")
    assert contacts(john, "phone") == []  # placeholder words, not numbers
    mike = found["Mr. Michael Angstadt Jr."]
    assert mike.organization.name == "TheCompany" and mike.title == "TheJobTitle"
    assert contacts(mike, "email") == ["mike.angstadt@gmail.com"]
    assert "\t" in mike.notes  # the literal TAB survives quoted-printable


def test_windows_address_book_card_uses_the_name_not_the_nickname(workspace, owner):
    bring_in(workspace, owner, "vcard/contactsio_wab_2.1_qp.vcf")
    max_ = Person.objects.get(workspace=workspace)
    assert max_.name == "Max Middle Name Mustermann"
    assert max_.team.name == "Führungsetage"  # quoted-printable ORG
    assert "ÄÄÄÄÄÄ ääääää" in max_.notes  # 23 QP lines split mid-escape
    assert birthday(max_) == (1972, 1, 31)


def test_google_vcard_with_empty_labels_and_a_leading_space(workspace, owner):
    bring_in(workspace, owner, "vcard/contactsio_google_3.0.vcf")
    found = people(workspace)
    assert birthday(found["Folker Kinzel"]) == (1978, 3, 11)
    assert contacts(found["KMS Außenstelle"], "email") == ["blablö@blub.com"]


def test_cardbook_40_card_with_an_impossible_birthday(workspace, owner):
    result = bring_in(workspace, owner, "vcard/contactsio_cardbook_4.0_invalid_bday.vcf")
    (person,) = Person.objects.filter(workspace=workspace)
    assert person.birthday_month is None
    assert "'19723101' is not a date that exists" in result.rows[0].message
    assert person.title == "Gröfaz" and person.organization.name == "SED"
    assert "privat@freenet.de" in contacts(person, "email")


def test_thunderbird_40_export(workspace, owner):
    result = bring_in(workspace, owner, "vcard/thunderbird_export_4.0.vcf")
    found = people(workspace)
    assert set(found) == {"contact number one", "contact number two"}
    assert found["contact number two"].title == '"worker"'
    assert found["contact number two"].notes == "here's some unicode text…"
    assert "contact1@invalid" in result.rows[0].message  # no domain: left out, said so


def test_davx5_card_with_groups_and_invalid_escapes(workspace, owner):
    bring_in(workspace, owner, "vcard/davx5_allfields_3.0.vcf")
    person = Person.objects.get(workspace=workspace)
    assert person.name == "Ämi Display"
    assert person.organization.name == "ABC, Inc."
    assert person.title == "Director, Research and Development"
    assert contacts(person, "email") == ["private@example.com", "work@example.com"]
    assert birthday(person) == (1996, 4, 15)
    assert tags(person) == {"A", "B'C"}


def test_monica_cards_with_a_mononym_and_a_nickname_only_card(workspace, owner):
    bring_in(workspace, owner, "vcard/monica_vcard_stub_3.0.vcf")
    found = people(workspace)
    assert set(found) == {"Bono", "John Doe", "Johnny"}
    assert found["Bono"].organization.name == "U2" and birthday(found["Bono"]) == (1960, 5, 10)
    assert contacts(found["Johnny"], "address") == [
        "17 Shakespeare Ave., Southampton, SO17 2HB, United Kingdom"]


@pytest.mark.parametrize("name,expected", [
    ("sabre_issue153_photo_base64_3.0.vcf", "Test Benutzer"),
    ("vobject_photo-test_2.1.vcf", "should be ok to share"),
    ("vobject_vcard40_multilang.vcf", "Yamada Taro"),
    ("ezvcard_gmail_list_3.0.vcf", "Doug White"),
])
def test_cards_with_big_photos_languages_and_no_final_newline(workspace, owner, name, expected):
    result = bring_in(workspace, owner, f"vcard/{name}")
    assert expected in people(workspace)
    assert result.count("skip") == 0


# Calendars ----------------------------------------------------------------------------


def test_outlook_meeting_request_becomes_an_interaction_with_three_people(workspace, owner):
    result = bring_in(workspace, owner, "ics/biweekly_outlook2010_request.ics")
    meeting = Interaction.objects.get(workspace=workspace)
    assert meeting.summary == "Team Meeting" and meeting.kind == "team_meeting"
    assert meeting.occurred_at == datetime(2013, 6, 10, 16, 0, tzinfo=UTC)  # Eastern time
    assert meeting.duration_minutes == 60 and meeting.place == "Auditorium 16"
    assert {p.name for p in meeting.participants.all()} == {"John Doe", "Jane Doe",
                                                            "Bob Smith"}
    assert contacts(people(workspace)["John Doe"], "email") == ["johndoe@example.com"]
    assert result.count("create", "interaction") == 1


EVENTS = {
    "biweekly_exchange2010_windows_tzid.ics": [datetime(2023, 11, 22, 8, 30, tzinfo=UTC),
                                               datetime(2023, 4, 22, 7, 30, tzinfo=UTC)],
    "icalendar_google_apple_structured_location.ics": [datetime(2016, 10, 28, 12, 0,
                                                                tzinfo=UTC)],
    "icalendar_google_export_valarm.ics": [datetime(2024, 10, 4, 18, 15, tzinfo=UTC)],
    "icalendar_thunderbird_export_valarm.ics": [datetime(2024, 10, 23, 14, 0, tzinfo=UTC)],
    "icalendar_vendor_prefixed_tzid.ics": [datetime(2020, 4, 26, 12, 0, tzinfo=UTC),
                                           datetime(2020, 4, 26, 18, 0, tzinfo=UTC),
                                           datetime(2020, 4, 26, 17, 0, tzinfo=UTC)],
    "vobject_outlook2007_cyrillic_tzid.ics": [datetime(2008, 5, 30, 9, 0, tzinfo=UTC)],
}


@pytest.mark.parametrize("name,times", sorted(EVENTS.items()))
def test_calendar_times_resolve_every_kind_of_time_zone(name, times):
    rows = list(ICalendarImporter().parse(Source.from_path(real(f"ics/{name}"))))
    assert [r.record.occurred_at.astimezone(UTC) for r in rows] == times


@pytest.mark.parametrize("name", sorted(EVENTS))
def test_events_without_people_are_skipped_with_the_reason(workspace, owner, name):
    result = bring_in(workspace, owner, f"ics/{name}")
    assert result.count("skip") == len(EVENTS[name])
    assert all("nobody else is in this event" in p.message for p in result.problems)
    assert not Interaction.objects.filter(workspace=workspace).exists()


def test_google_birthday_calendar_is_recognised_as_reminders(workspace, owner):
    result = bring_in(workspace, owner, "ics/icaljs_google_contacts_birthdays.ics")
    assert [p.line for p in result.problems] == [8, 27, 48, 69]
    assert result.problems[0].message == "a birthday reminder, not a meeting"
    assert "repeating event" in result.problems[2].message
    assert not Person.objects.filter(workspace=workspace).exists()


def test_apple_structured_location_is_read_as_one_line():
    rows = list(ICalendarImporter().parse(Source.from_path(
        real("ics/icalendar_google_apple_structured_location.ics"))))
    assert rows[0].record.place == "Roadstar 16, 12764 Happyville, Denmark"
