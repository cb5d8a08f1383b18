"""A colleague's tip becomes a story: capture → board → pitch one journalist → coverage →
thank the colleague."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def _cast():
    from backstory.people.services import PersonFields, person_create
    from backstory.testing import make_interaction
    from backstory.workspaces.models import Workspace

    workspace = Workspace.objects.get()
    dana = person_create(workspace, by=None, data=PersonFields(
        name="Dana Reyes", title="Account director", circle="internal"))
    person_create(workspace, by=None, data=PersonFields(
        name="Alex Morgan", circle="media", beat="enterprise software and customers",
        outlet="TechDaily"))
    person_create(workspace, by=None, data=PersonFields(
        name="Pat Lee", circle="media", beat="sports", outlet="Daily Sport"))
    return make_interaction(workspace, [dana], summary="Coffee with Dana")


def test_a_tip_from_a_colleague_becomes_coverage_and_a_thank_you(signed_in_page):
    page = signed_in_page
    coffee = _cast()

    # Capture the tip from the coffee where Dana mentioned it.
    page.goto(f"/interactions/{coffee.pk}/")
    page.get_by_role("link", name="+ Capture a tip").click()
    expect(page.locator(".chip", has_text="Dana Reyes")).to_be_visible()
    page.get_by_label("What's the story").fill("Acme cut customer onboarding to three days")
    page.get_by_label("Kind").select_option("customer_story")
    page.get_by_role("button", name="Capture tip").click()
    expect(page.locator("#tip-status")).to_contain_text("New")

    # Move it along the board in place, and undo once.
    page.get_by_role("link", name="← Tips board").click()
    card = page.locator(".tip-card", has_text="Acme cut customer onboarding")
    card.get_by_role("button", name=re.compile("^Research")).click()
    expect(page.locator(".flash-bar")).to_contain_text("moved to Researching")
    page.locator(".flash-bar").get_by_role("button", name="Undo").click()
    expect(page.locator("#col-new").locator("..")).to_contain_text("Acme cut customer")
    page.locator(".tip-card", has_text="Acme cut").get_by_role(
        "button", name=re.compile("^Research")).click()
    researching = page.locator("section.board-col", has=page.locator("#col-researching"))
    expect(researching).to_contain_text("Acme cut customer onboarding")

    # Pitch it to one journalist, chosen from the suggestions.
    researching.get_by_role("link", name="Pitch it").click()
    suggestions = page.locator("#suggestions")
    expect(suggestions).to_contain_text("Alex Morgan")
    expect(suggestions).not_to_contain_text("Pat Lee")
    suggestions.get_by_role("link", name="Pitch to Alex Morgan").click()
    expect(page.locator(".chip", has_text="Alex Morgan")).to_be_visible()
    page.get_by_label("Your angle for them").fill(
        "You covered onboarding costs last month — Acme has the numbers.")
    page.get_by_role("button", name="Save pitch").click()
    expect(page.locator("#tip-status")).to_contain_text("Pitched")
    expect(page.locator("#pitches")).to_contain_text("Sent")

    # The story ran.
    page.get_by_role("link", name="Record coverage").click()
    expect(page.get_by_label("Outlet")).to_have_value("TechDaily")
    page.get_by_label("Link to the story").fill("https://techdaily.example/acme")
    page.get_by_label("Headline").fill("Acme gets customers live in three days")
    page.get_by_role("button", name="Record coverage").click()
    expect(page.locator("#tip-status")).to_contain_text("Covered")

    # Thank the colleague who tipped it.
    page.get_by_role("button", name="Add thank-you for Dana Reyes").click()
    expect(page.locator(".messages")).to_contain_text("Thank Dana Reyes for the tip")
    page.goto("/actions/")
    expect(page.locator(".action", has_text="Thank Dana Reyes")).to_contain_text("TechDaily")

    # Dana gets the credit on the Sources view.
    page.goto("/sources/")
    row = page.locator("#source-results li", has_text="Dana Reyes")
    expect(row).to_contain_text("1 became coverage (100 %)")
    assert not page.js_errors
