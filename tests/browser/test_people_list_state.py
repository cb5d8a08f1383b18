"""The people list keeps what the user did: ticks for a bulk action survive, and Back after
changing filters shows the list and the menus of that earlier state."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from backstory.people.models import Person
from backstory.testing import make_person


def _workspace(page):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=page.user_username).memberships.get().workspace


def test_the_first_tick_of_a_bulk_selection_is_kept(signed_in_page):
    page = signed_in_page
    ws = _workspace(page)
    for name in ("Ada Ames", "Ben Brook", "Cy Cole"):
        make_person(ws, name, circle="media")
    page.goto("/people/")
    requests = []
    page.on("request", lambda r: "/people/" in r.url and requests.append(r.url))
    first = page.get_by_label("Select Ada Ames")
    first.check()
    page.wait_for_timeout(700)  # the list used to reload here and drop the tick
    expect(first).to_be_checked()
    assert not requests, f"ticking a row reloaded the list: {requests}"
    page.get_by_label("Select Cy Cole").check()
    page.get_by_label("Tag to add").fill("vip")
    page.get_by_role("button", name="Add tag").click()
    page.wait_for_load_state("networkidle")
    tagged = set(Person.objects.filter(workspace=ws, tags__name="vip")
                 .values_list("name", flat=True))
    assert tagged == {"Ada Ames", "Cy Cole"}


def test_back_after_changing_filters_restores_the_list_and_the_menus(signed_in_page):
    page = signed_in_page
    ws = _workspace(page)
    make_person(ws, "Maya Media", circle="media", tags=["press"])
    make_person(ws, "Mo Media", circle="media")
    make_person(ws, "Ina Inside", circle="internal", tags=["press"])
    page.goto("/people/")
    results = page.locator("#people-results")
    page.locator("#f-circle").select_option("media")
    page.wait_for_url(re.compile(r"circle=media"))
    expect(results).not_to_contain_text("Ina Inside")
    page.locator("#f-tag").select_option("press")
    page.wait_for_url(re.compile(r"tag=press"))
    expect(results).not_to_contain_text("Mo Media")

    page.go_back()
    page.wait_for_url(lambda url: "circle=media" in url and "tag=press" not in url)
    expect(results).to_contain_text("Mo Media")
    expect(results).not_to_contain_text("Ina Inside")
    expect(page.locator("#f-circle")).to_have_value("media")
    expect(page.locator("#f-tag")).to_have_value("")

    page.go_back()
    expect(results).to_contain_text("Ina Inside")
    expect(page.locator("#f-circle")).to_have_value("")
    page.go_forward()
    expect(page.locator("#f-circle")).to_have_value("media")
    expect(results).not_to_contain_text("Ina Inside")
    assert not page.js_errors
