"""The quick-log dialog as a user drives it: choosing who an ambiguous name is refreshes
the preview, Enter previews and never saves, a repeat is asked about, and the
confirmation appears where the user is looking — at 1280 px and on a 390 px phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

LINE = "coffee with Dana Reyes yesterday: customer win at Acme #tip"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _workspace(username: str):
    from backstory.workspaces.models import Membership

    return Membership.objects.get(user__username=username).workspace


def _interactions(workspace) -> int:
    from backstory.interactions.models import Interaction

    return Interaction.objects.filter(workspace=workspace).count()


def _open_dialog(page):
    page.locator("body").press("n")
    dialog = page.get_by_role("dialog", name="Quick-log")
    expect(dialog).to_be_visible()
    return dialog


def test_choosing_who_an_ambiguous_name_is_refreshes_the_preview_and_the_error(
    signed_in_page,
):
    from backstory.people.services import organization_create
    from backstory.testing import make_person

    page = signed_in_page
    workspace = _workspace(page.user_username)
    acme = organization_create(workspace, by=None, name="Acme")
    make_person(workspace, "Dana Reyes", title="Head of PR", organization=acme)
    scully = make_person(workspace, "Dana Scully", title="Reporter")
    page.goto("/actions/")
    dialog = _open_dialog(page)
    dialog.get_by_label("What happened?").fill("coffee with Dana yesterday")
    choice = dialog.get_by_label("“Dana” is")
    expect(choice).to_be_visible()
    expect(choice.locator("option", has_text="Dana Reyes — Head of PR, Acme")).to_have_count(1)
    dialog.get_by_role("button", name="Save").click()
    error = dialog.get_by_text("could be Dana Reyes or Dana Scully — choose one")
    expect(error).to_be_visible()
    choice.select_option(str(scully.pk))
    expect(error).to_have_count(0)
    expect(dialog.locator(".ql-person .badge.fresh")).to_contain_text("“Dana” is")
    expect(dialog.get_by_label("“Dana” is")).to_have_value(str(scully.pk))
    assert _interactions(workspace) == 0
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.locator(".ql-saved")).to_contain_text("Logged: coffee with Dana Scully.")
    assert not page.js_errors


def test_enter_refreshes_the_preview_and_ctrl_enter_saves(signed_in_page):
    from backstory.testing import make_person

    page = signed_in_page
    workspace = _workspace(page.user_username)
    make_person(workspace, "Dana Reyes")
    page.goto("/actions/")
    dialog = _open_dialog(page)
    line = dialog.get_by_label("What happened?")
    line.fill("coffee with Dana Reyes")
    preview = dialog.locator(".ql-preview")
    expect(preview).to_contain_text("✓ Dana Reyes")
    expect(dialog.get_by_role("button", name="Save")).to_be_enabled()
    # Enter again after the Save button is there: a fresh preview, nothing saved.
    line.type(" yesterday")
    line.press("Enter")
    expect(preview).to_contain_text("(yesterday)")
    line.press("Enter")
    page.wait_for_timeout(600)
    expect(dialog.locator(".ql-saved")).to_have_count(0)
    assert _interactions(workspace) == 0
    line.press("Control+Enter")
    expect(dialog.locator(".ql-saved")).to_contain_text("Logged: coffee with Dana Reyes.")
    expect(line).to_have_value("")
    expect(line).to_be_focused()
    assert _interactions(workspace) == 1
    assert not page.js_errors


def test_logging_the_same_line_twice_asks_first(signed_in_page):
    from backstory.desk.services import quicklog_commit
    from backstory.stories.models import Tip
    from backstory.testing import make_person
    from backstory.workspaces.models import Membership

    page = signed_in_page
    workspace = _workspace(page.user_username)
    make_person(workspace, "Dana Reyes")
    owner = Membership.objects.get(user__username=page.user_username).user
    quicklog_commit(workspace, by=owner, line=LINE, now=timezone.now())
    page.goto("/actions/")
    dialog = _open_dialog(page)
    dialog.get_by_label("What happened?").fill(LINE)
    expect(dialog.locator(".ql-repeat")).to_contain_text(
        "This looks like a repeat: coffee with Dana Reyes on")
    expect(dialog.get_by_role("button", name="Save", exact=True)).to_have_count(0)
    dialog.get_by_role("button", name="Don't save").click()
    expect(dialog).to_be_hidden()
    assert _interactions(workspace) == 1 and Tip.objects.filter(workspace=workspace).count() == 1
    dialog = _open_dialog(page)
    line = dialog.get_by_label("What happened?")
    expect(line).to_have_value("")
    line.fill(LINE)
    dialog.get_by_role("button", name="Save anyway").click()
    expect(dialog.locator(".ql-saved")).to_contain_text("Logged: coffee with Dana Reyes.")
    assert _interactions(workspace) == 2 and Tip.objects.filter(workspace=workspace).count() == 2
    assert not page.js_errors


def _due_people(workspace, n: int):
    from backstory.testing import make_interaction, make_person

    people = []
    for i in range(n):
        person = make_person(workspace, f"Due Person {chr(65 + i)}{chr(97 + i)}",
                             circle="internal")
        make_interaction(workspace, [person], when=timezone.now() - timedelta(days=60 + i),
                         kind="meal" if i % 2 else "phone")
        people.append(person)
    return people


def _fully_visible_below_the_header(page, selector: str) -> dict:
    return page.evaluate("""(selector) => {
        const el = document.querySelector(selector);
        const box = el.getBoundingClientRect();
        const header = document.querySelector(".topbar").getBoundingClientRect();
        const x = box.left + box.width / 2, y = box.top + Math.min(box.height / 2, 10);
        const hit = document.elementFromPoint(x, y);
        return {top: box.top, bottom: box.bottom, height: window.innerHeight,
                headerBottom: header.bottom, onTop: !!hit && el.contains(hit),
                scrollY: window.scrollY, wide: document.documentElement.scrollWidth};
    }""", selector)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_the_confirmation_shows_where_the_user_is_looking(signed_in_page, viewport):
    page = signed_in_page
    page.set_viewport_size(viewport)
    workspace = _workspace(page.user_username)
    people = _due_people(workspace, 12)
    page.goto("/")
    last = page.locator("#reach-list .reach-row").last
    last.scroll_into_view_if_needed()
    name = last.locator(".who a").first.inner_text()
    person = next(p for p in people if p.name == name)
    last.get_by_role("button", name=f"Log a touch with {name}").click()
    dialog = page.get_by_role("dialog", name="Quick-log")
    line = dialog.get_by_label("What happened?")
    kind = "lunch" if person.interactions.get().kind == "meal" else "call"
    expect(line).to_have_value(f"{kind} with {name} today")
    expect(dialog.locator(".ql-preview")).to_contain_text(f"✓ {name}")
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 0
    dialog.get_by_role("button", name="Save").click()
    saved = dialog.locator(".ql-saved")
    expect(saved).to_contain_text(f"with {name}.")
    expect(saved).to_be_in_viewport()
    where = _fully_visible_below_the_header(page, ".ql-saved")
    assert where["onTop"], where  # nothing (the sticky header) covers it
    assert where["top"] >= 0 and where["bottom"] <= where["height"], where
    # The page behind shows the touch without losing the place.
    expect(page.locator(f"#reach-{person.pk}")).to_have_count(0)
    assert page.evaluate("window.scrollY") > 0
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert where["wide"] <= viewport["width"]
    assert not page.js_errors


def test_a_very_long_name_wraps_in_the_dialog_and_is_refused_by_field(signed_in_page):
    page = signed_in_page
    page.set_viewport_size(PHONE)
    page.goto("/actions/")
    page.locator(".nav-log").click()  # the phone bar's Log
    dialog = page.get_by_role("dialog", name="Quick-log")
    name = "Zed " + "Averyveryverylongname" * 15 + "x" * 11
    assert len(name) == 330
    dialog.get_by_label("What happened?").fill(f"coffee with {name}")
    expect(dialog.locator(".ql-preview")).to_contain_text(
        "is 330 characters long; a name has 200 at most")
    expect(dialog.get_by_role("button", name="Save")).to_be_disabled()
    sizes = page.evaluate("""() => {
        const d = document.getElementById("quicklog");
        return {scroll: d.scrollWidth, client: d.clientWidth,
                right: d.getBoundingClientRect().right, page: document.documentElement.scrollWidth};
    }""")
    assert sizes["scroll"] <= sizes["client"], sizes
    assert sizes["right"] <= 390 and sizes["page"] <= 390, sizes
    assert not page.js_errors
