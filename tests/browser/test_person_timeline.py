"""A long history on a person page shows the latest touches first; "Show older" brings
the next ones in place, without a page load, until the first touch."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect


def test_show_older_brings_the_rest_of_a_long_history(signed_in_page):
    from backstory.interactions.selectors import TIMELINE_PAGE
    from backstory.testing import make_interaction, make_person
    from backstory.workspaces.models import Workspace

    page = signed_in_page
    workspace = Workspace.objects.get(memberships__user__username=page.user_username)
    dana = make_person(workspace, "Dana Reyes")
    now = timezone.now()
    for day in range(TIMELINE_PAGE * 2 + 5):
        make_interaction(workspace, [dana], when=now - timedelta(days=day + 1),
                         summary=f"Catch-up number {day}")
    page.goto(f"/people/{dana.pk}/")
    timeline = page.locator(".timeline")
    expect(timeline.locator("> li:not(.timeline-more)")).to_have_count(TIMELINE_PAGE)
    expect(timeline).to_contain_text("Catch-up number 0")
    url = page.url
    page.get_by_role("link", name="Show older").click()
    expect(timeline.locator("> li:not(.timeline-more)")).to_have_count(TIMELINE_PAGE * 2)
    page.get_by_role("link", name="Show older").click()
    expect(timeline).to_contain_text(f"Catch-up number {TIMELINE_PAGE * 2 + 4}")
    expect(page.get_by_role("link", name="Show older")).to_have_count(0)
    assert page.url == url  # swapped in place
    assert not page.js_errors
