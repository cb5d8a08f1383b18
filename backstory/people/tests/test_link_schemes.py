"""Person links and organisation websites are shown as live links: only http(s) gets in,
through the form and the services, and a stored script URL is never rendered as a link."""

from __future__ import annotations

import pytest

from backstory.core.errors import DomainError
from backstory.people import normalize
from backstory.people.models import ContactPoint, Organization, Person
from backstory.people.services import (
    ContactInput,
    PersonFields,
    organization_create,
    organization_update,
    person_create,
)
from backstory.testing import make_person

ATTACKS = ["javascript:alert(document.cookie)", "javascript:x//://",
           "JavaScript:x//linkedin.com/in/a",
           "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(1)",
           " javascript:alert(1)", "http://[broken", "//evil.example/x"]


def _person_form(**overrides):
    data = {"name": "Dana Reyes", "circle": "internal", "title": "", "organization_name": "",
            "emails": "", "phones": "", "links": "https://example.com/dana", "tags": ""}
    data.update(overrides)
    return data


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_script_link_in_the_person_form_is_refused_and_nothing_is_saved(
        owner_client, workspace, attack):
    response = owner_client.post("/people/new/", _person_form(
        links=f"https://example.com/dana\n{attack}"))
    assert response.status_code == 200
    assert "Line 2:" in response.text and "only http:// and https:// links" in response.text
    assert not Person.objects.filter(workspace=workspace).exists()


def test_a_script_link_added_on_the_edit_form_is_refused_and_the_old_links_stay(
        owner_client, workspace, owner):
    person = make_person(workspace, "Sam Ortiz", by=owner)
    response = owner_client.post(f"/people/{person.pk}/edit/", _person_form(
        name="Sam Ortiz", links="javascript:x//://"))
    assert response.status_code == 200
    assert "only http:// and https:// links" in response.text
    assert not ContactPoint.objects.filter(person=person).exists()


def test_web_addresses_with_and_without_scheme_are_kept(workspace, owner):
    person = person_create(workspace, by=owner, data=PersonFields(name="Lee", contacts=[
        ContactInput("url", "example.com/lee"), ContactInput("url", "HTTPS://Example.org"),
        ContactInput("url", "https://www.linkedin.com/in/lee")]))
    assert sorted(c.kind for c in person.contact_points.all()) == ["linkedin", "url", "url"]


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_script_website_is_refused_for_an_organisation(workspace, owner, attack):
    with pytest.raises(DomainError) as caught:
        organization_create(workspace, by=owner, name="Evil Corp", website=attack)
    assert "website" in caught.value.field_errors
    org = organization_create(workspace, by=owner, name="Good Corp", website="good.example")
    assert org.website == "https://good.example"
    with pytest.raises(DomainError):
        organization_update(workspace, by=owner, organization=org, name="Good Corp",
                            kind="company", is_own=False, website=attack)
    org.refresh_from_db()
    assert org.website == "https://good.example"


def test_a_script_link_stored_before_the_check_is_shown_as_text_not_a_link(
        owner_client, workspace, owner):
    person = make_person(workspace, "Old Data", by=owner)
    ContactPoint.objects.create(workspace=workspace, person=person, kind="url",
                                value="javascript:x//://", normalized="x")
    org = Organization.objects.create(workspace=workspace, name="Old Org",
                                      website="javascript:alert(1)")
    page = owner_client.get(f"/people/{person.pk}/").text
    assert "javascript:x//://" in page and 'href="javascript' not in page
    page = owner_client.get(f"/orgs/{org.pk}/").text
    assert "javascript:alert(1)" in page and 'href="javascript' not in page


def test_a_url_with_a_bracket_gives_a_message_not_a_crash(workspace, owner):
    assert normalize.web_href("http://[x") is None
    assert normalize.normalize_url("http://[x") == "http://[x"
    with pytest.raises(DomainError, match="not a web address"):
        person_create(workspace, by=owner, data=PersonFields(
            name="Bracket", contacts=[ContactInput("url", "http://[x/")]))
