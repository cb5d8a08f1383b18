"""Olivia sees on Maria's page that Tom knows her, asks him for an introduction; Tom finds
the request on his Today and accepts it: it becomes an introduction he makes."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.signin import PASSWORD, sign_in


def _team(owner_name: str):
    from backstory.testing import make_interaction, make_person
    from backstory.workspaces.models import Membership, Role
    from backstory.workspaces.services import membership_add, user_create

    workspace = Membership.objects.get(user__username=owner_name).workspace
    tom = user_create(username="tom", password=PASSWORD)
    tom.first_name, tom.last_name = "Tom", "Baker"
    tom.save()
    tom.memberships.all().delete()
    membership_add(workspace, user=tom, role=Role.EDITOR, by=None)
    maria = make_person(workspace, "Maria Lopez", circle="media", outlet="Daily Planet")
    make_person(workspace, "Olivia Owens", circle="internal")
    for days in (2, 9):
        make_interaction(workspace, [maria], by=tom, when=timezone.now() - timedelta(days=days))
    return maria, tom


def test_ask_a_teammate_for_an_intro_and_the_teammate_accepts_it(signed_in_page, browser,
                                                                  live_server):
    page = signed_in_page
    maria, tom = _team(page.user_username)
    page.goto(f"/people/{maria.pk}/")
    panel = page.locator("#warm-paths")
    expect(panel).to_contain_text("Who on the team knows Maria Lopez")
    expect(panel).to_contain_text("Tom Baker")
    expect(panel).to_contain_text("2 touches, last on")

    panel.get_by_text("Ask a teammate for an intro").click()
    expect(panel.get_by_label("Teammate", exact=True)).to_have_value(str(tom.pk))
    panel.get_by_label("Introduce Maria Lopez to").fill("Olivia")
    panel.get_by_role("button", name="Olivia Owens").click()
    panel.get_by_label("Note for your teammate").fill("I'd like to pitch her the launch")
    panel.get_by_role("button", name="Ask for the introduction").click()
    expect(page.locator("body")).to_contain_text(
        "Asked Tom Baker for an introduction to Maria Lopez. It is on their Today.")
    expect(page.locator("#warm-paths")).to_contain_text("You asked Tom Baker to introduce")

    context = browser.new_context(base_url=live_server.url)
    tom_page = context.new_page()
    sign_in(tom_page, "tom")
    card = tom_page.locator("#intro-requests")
    expect(card).to_contain_text("asks you to introduce Olivia Owens to Maria Lopez")
    expect(card).to_contain_text("I'd like to pitch her the launch")
    card.get_by_role("button", name="Accept — I'll introduce them").click()
    expect(tom_page.locator("h1")).to_contain_text("Olivia Owens")
    expect(tom_page.locator("body")).to_contain_text("Accepted: ask Maria Lopez first")
    context.close()

    page.goto("/")
    expect(page.locator("#intro-requests")).to_contain_text("Tom Baker accepted your request")
    assert not page.js_errors
