"""A newcomer adds two people, logs a coffee with both, finds them again with the search box
and ticks off an action item."""

from __future__ import annotations

import re

from playwright.sync_api import expect

XSS_NOTE = (
    'Talked about the **Acme** launch.\n\n<script>window.__pwned = 1</script>\n\n'
    '<img src=x onerror="window.__pwned = 2">'
)


def _add_person(page, name: str, email: str) -> None:
    page.goto("/people/new/")
    page.get_by_label("Full name").fill(name)
    page.get_by_label("E-mail addresses").fill(email)
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()


def _pick(page, name: str) -> None:
    page.get_by_label("With").fill(name.split()[0])
    page.locator(f'[data-pick-name="{name}"]').click()
    expect(page.locator(".chip", has_text=name)).to_be_visible()


def test_log_coffee_with_two_people_and_tick_off_action(signed_in_page):
    page = signed_in_page
    _add_person(page, "Dana Reyes", "dana@example.com")
    _add_person(page, "Sam Ortiz", "sam@example.com")

    page.goto("/interactions/new/")
    _pick(page, "Dana Reyes")
    _pick(page, "Sam Ortiz")
    page.get_by_label("Kind").select_option("coffee")
    page.get_by_role("textbox", name="Notes").fill(XSS_NOTE)
    page.get_by_label("Action item").fill("Send Dana the customer story brief")
    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_role("heading", name=re.compile("Coffee"))).to_be_visible()
    expect(page.locator("#interaction-notes strong")).to_have_text("Acme")

    for name in ("Dana Reyes", "Sam Ortiz"):
        page.get_by_role("link", name=name).first.click()
        expect(page.get_by_role("heading", name=name)).to_be_visible()
        expect(page.locator(".timeline")).to_contain_text("Coffee")
        expect(page.locator(".timeline")).to_contain_text("Acme")
        assert page.evaluate("window.__pwned") is None
        page.go_back()

    # The search box in the header finds her as you type, and Enter lists everything.
    search = page.get_by_label("Search everything")
    search.fill("dan")
    page.locator("#search-live").get_by_role("link", name=re.compile("Dana Reyes")).click()
    expect(page.get_by_role("heading", name="Dana Reyes")).to_be_visible()
    search.fill("acme launch")
    search.press("Enter")
    page.wait_for_url("**/search/?q=acme+launch")
    expect(page.locator(".search-group mark").first).to_have_text("Acme")
    assert page.evaluate("window.__pwned") is None

    page.goto("/actions/")
    item = page.locator(".action", has_text="Send Dana the customer story brief")
    item.get_by_role("button", name=re.compile("Mark done")).click()
    expect(page.locator(".action.done", has_text="Send Dana")).to_be_visible()
    # It happened in place (htmx), and it stuck.
    page.reload()
    expect(page.get_by_text("All done. Nothing open.")).to_be_visible()
    assert page.evaluate("window.__pwned") is None
    assert not page.js_errors
