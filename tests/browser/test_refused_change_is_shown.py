"""A change the server refuses is said on the page: a member whose role became viewer
while Today was open presses Snooze, and reads why nothing happened."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect


def test_a_refused_htmx_request_shows_a_message(signed_in_page):
    from backstory.testing import make_interaction, make_person
    from backstory.workspaces.models import Membership, Role

    page = signed_in_page
    membership = Membership.objects.get(user__username=page.user_username)
    person = make_person(membership.workspace, "Dana Reyes", circle="customer")
    make_interaction(membership.workspace, [person], when=timezone.now() - timedelta(days=200))

    page.goto("/")
    row = page.locator(f"#reach-{person.pk}")
    expect(row).to_be_visible()
    Membership.objects.filter(pk=membership.pk).update(role=Role.VIEWER)

    row.get_by_label("Snooze Dana Reyes", exact=True).click()
    row.get_by_role("button", name="Snooze Dana Reyes for 1 week").click()

    notice = page.get_by_role("alert").filter(has_text="does not allow")
    expect(notice).to_be_visible()
    expect(notice).to_have_text("Your role in this workspace does not allow this change.")
    expect(row).to_be_visible()  # the row stays as it was: nothing was snoozed
    assert page.js_errors == []
