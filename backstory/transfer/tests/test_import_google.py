"""Google Contacts CSV: legacy UTF-16 layout and the current one, ::: multi-values."""

from __future__ import annotations

from backstory.transfer.services import import_file

from .conftest import fixture
from .helpers import contacts, normalized, people, tags


def test_legacy_utf16_google_csv_splits_multi_values_and_reads_groups(workspace, owner):
    result = import_file(workspace, by=owner, path=fixture("google_legacy_utf16.csv"))
    assert result.format == "google"
    found = people(workspace)
    jurgen = found["Jürgen Weiß"]
    assert contacts(jurgen, "email") == ["juergen@example.de", "jw@example.org"]
    assert normalized(jurgen, "phone") == ["+491701234567", "+49307654321"]
    assert normalized(jurgen, "linkedin") == ["linkedin.com/in/juergen-weiss"]
    assert jurgen.organization.name == "Tagesblatt" and jurgen.title == "Editor"
    assert (jurgen.birthday_year, jurgen.birthday_month, jurgen.birthday_day) == (1972, 1, 31)
    assert tags(jurgen) == {"Press", "Berlin"}  # "* myContacts" is Google's own group
    assert jurgen.notes == "Met at the Berlin PR summit.\nLikes data."
    amara = found["Amara Okafor"]
    assert (amara.birthday_year, amara.birthday_month, amara.birthday_day) == (None, 4, 15)
    assert contacts(amara, "email") == ["amara@example.com"]


def test_current_google_layout_with_bom_reads_labels_and_department(workspace, owner):
    import_file(workspace, by=owner, path=fixture("google_current.csv"))
    priya = people(workspace)["Priya Raman"]
    assert priya.organization.name == "Hooli"
    assert priya.team.name == "Product Marketing"
    assert priya.title == "Product Marketing Lead"
    assert tags(priya) == {"Colleagues"}
    assert contacts(priya, "phone") == ["+1 415 555 0100"]
