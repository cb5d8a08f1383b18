"""LinkedIn Connections.csv: preamble, columns by name, `Connected On` dates, URL as key."""

from __future__ import annotations

from datetime import date

from backstory.transfer.services import import_file

from .conftest import fixture
from .helpers import contacts, normalized, people


def test_connections_come_in_with_names_companies_titles_and_dates(workspace, owner):
    result = import_file(workspace, by=owner, path=fixture("linkedin_connections.csv"))
    found = people(workspace)
    assert set(found) == {"Dana Reyes", "Sam Ortiz, MBA", 'Robert "Bobby" Nguyen 🍀',
                          "Zoë Müller"}
    dana = found["Dana Reyes"]
    assert dana.organization.name == "Acme Corp"
    assert dana.title == "Head of Communications"
    assert dana.met_on == date(2025, 12, 7)
    assert normalized(dana, "linkedin") == ["linkedin.com/in/dana-reyes-0a1b2c"]
    sam = found["Sam Ortiz, MBA"]
    assert sam.organization.name == "Globex, Inc."
    assert contacts(sam, "email") == ["sam.ortiz@example.com"]
    assert found["Zoë Müller"].met_on == date(2021, 3, 15)
    assert result.count("create", "person") == 4


def test_a_deleted_member_row_is_skipped_with_its_line_number(workspace, owner):
    result = import_file(workspace, by=owner, path=fixture("linkedin_connections.csv"))
    skipped = result.problems
    assert [(p.line, p.action) for p in skipped] == [(7, "skip")]
    assert "no name, profile or e-mail" in skipped[0].message


def test_percent_encoded_profile_urls_are_decoded_for_matching(workspace, owner):
    import_file(workspace, by=owner, path=fixture("linkedin_connections.csv"))
    bobby = people(workspace)['Robert "Bobby" Nguyen 🍀']
    assert normalized(bobby, "linkedin") == ["linkedin.com/in/bobby-nguyen🍀"]


def test_the_2018_layout_without_url_and_with_us_dates_imports(workspace, owner):
    result = import_file(workspace, by=owner, path=fixture("linkedin_2018.csv"))
    found = people(workspace)
    assert found["Lars Nielsen"].met_on == date(2018, 1, 8)
    assert contacts(found["Lars Nielsen"], "email") == ["lars.nielsen@example.dk"]
    neha = found["neha tiwari"]
    assert contacts(neha, "email") == []  # a member URN is not an e-mail address
    assert neha.met_on == date(2017, 11, 17)
    assert result.count("create") == 2
