"""Pressing Save on an edit page without touching its dates keeps them: the browser only
keeps a date input's value when the server wrote it in the format the input requires."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import expect


def test_saving_a_person_and_an_action_item_keeps_their_dates(signed_in_page):
    from backstory.people.models import Person
    from backstory.testing import make_action, make_person
    from backstory.workspaces.models import Membership

    page = signed_in_page
    workspace = Membership.objects.get(user__username=page.user_username).workspace
    person = make_person(workspace, "Dana Reyes", met_on=date(2026, 2, 23))
    item = make_action(workspace, "Send Dana the deck", person=person, due_on=date(2026, 3, 9))

    page.goto(f"/people/{person.pk}/edit/")
    expect(page.get_by_label("Met on")).to_have_value("2026-02-23")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", name="Dana Reyes")).to_be_visible()
    assert Person.objects.get(pk=person.pk).met_on == date(2026, 2, 23)

    page.goto(f"/actions/{item.pk}/edit/")
    expect(page.get_by_label("Due")).to_have_value("2026-03-09")
    page.get_by_label("What needs doing").fill("Send Dana the new deck")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/actions/")
    item.refresh_from_db()
    assert (item.text, item.due_on) == ("Send Dana the new deck", date(2026, 3, 9))
    assert page.js_errors == []
