"""From Today, the keyboard shortcut opens the quick-log; a coffee with two people is
previewed, saved, and both people leave the due list."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

LINE = ("coffee with Dana Reyes and Sam Ortiz yesterday: customer win at Acme #tip "
        "follow up in 5 weeks")


def _due_pair(username: str):
    from backstory.testing import make_interaction, make_person
    from backstory.workspaces.models import Membership

    workspace = Membership.objects.get(user__username=username).workspace
    dana = make_person(workspace, "Dana Reyes", circle="internal")
    sam = make_person(workspace, "Sam Ortiz", circle="media")
    make_interaction(workspace, [dana, sam], when=timezone.now() - timedelta(days=40))
    return dana, sam


def test_quicklog_a_coffee_from_the_shortcut_and_watch_both_leave_today(signed_in_page):
    page = signed_in_page
    _due_pair(page.user_username)
    page.goto("/")
    due = page.locator("#reach-list")
    expect(due).to_contain_text("Dana Reyes")
    expect(due).to_contain_text("Sam Ortiz")
    expect(due).to_contain_text("last coffee 40 days ago — window 4–6 weeks")

    page.locator("body").press("n")
    dialog = page.get_by_role("dialog", name="Quick-log")
    expect(dialog).to_be_visible()
    line = dialog.get_by_label("What happened?")
    expect(line).to_be_focused()
    line.fill(LINE)
    line.press("Enter")
    preview = dialog.locator(".ql-preview")
    expect(preview).to_contain_text("✓ Dana Reyes")
    expect(preview).to_contain_text("✓ Sam Ortiz")
    expect(preview).to_contain_text("#tip")
    expect(preview).to_contain_text("customer win at Acme")
    dialog.get_by_role("button", name="Save").click()

    expect(dialog.locator(".ql-saved")).to_contain_text(
        re.compile("Logged: coffee with Dana Reyes and Sam Ortiz"))
    page.keyboard.press("Escape")
    expect(page.locator("#reach-empty")).to_be_visible()
    expect(page.locator("#reach-list")).to_have_count(0)
    assert not page.js_errors


def test_slash_searches_on_the_people_list_and_quick_logs_elsewhere(signed_in_page):
    page = signed_in_page
    page.goto("/people/")
    page.locator("body").press("/")
    expect(page.get_by_label("Search people")).to_be_focused()
    expect(page.get_by_role("dialog", name="Quick-log")).to_be_hidden()
    page.goto("/actions/")
    page.locator("body").press("/")
    expect(page.get_by_role("dialog", name="Quick-log")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="Quick-log")).to_be_hidden()
    assert not page.js_errors
