"""A save over a newer version, as a phone shows it: the refusal names what changed,
sits where the user looks, keeps what they typed, and fits 390 px."""

from __future__ import annotations

import os

import pytest

from tests.browser.signin import sign_in
from tests.browser.test_every_page_fits_a_phone import OVERFLOW_JS


@pytest.fixture
def olivia(browser, live_server, transactional_db):
    from backstory.workspaces.services import user_create

    user = user_create(username="olivia", password="correct horse battery")
    context = browser.new_context(base_url=live_server.url,
                                  viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, "olivia")
    page.user = user
    yield page
    context.close()


def test_a_stale_save_of_an_organisation_is_refused_on_a_phone_naming_the_change(olivia):
    from backstory.people.models import Organization
    from backstory.people.services import organization_create, organization_update

    workspace = olivia.user.memberships.get().workspace
    org = organization_create(workspace, by=olivia.user, name="Acme Holdings",
                              kind="company", notes="Our biggest client.")
    olivia.goto(f"/orgs/{org.pk}/edit/")
    # Someone else saves the organisation meanwhile.
    organization_update(workspace, by=olivia.user, organization=org, name="Acme Group",
                        kind="company", is_own=False, notes="Our biggest client.")
    olivia.get_by_label("Notes").fill("Renewal due in March.")
    olivia.get_by_role("button", name="Save").click()

    alert = olivia.locator(".form-errors")
    assert "Someone else saved Acme Group after you opened it (name changed)" in (
        alert.inner_text())
    assert "Changed meanwhile; it is now “Acme Group”." in olivia.content()
    assert olivia.get_by_label("Notes").input_value() == "Renewal due in March."
    fit = olivia.evaluate(OVERFLOW_JS)
    assert fit["scroll"] <= fit["inner"] and not fit["wide"], fit
    if os.environ.get("BACKSTORY_SCREENSHOTS"):
        olivia.screenshot(path=os.environ["BACKSTORY_SCREENSHOTS"], full_page=True)
    assert Organization.objects.get(pk=org.pk).notes == "Our biggest client."

    # Saving again, having seen the change, goes through.
    olivia.get_by_role("button", name="Save").click()
    olivia.wait_for_url(f"**/orgs/{org.pk}/")
    saved = Organization.objects.get(pk=org.pk)
    assert (saved.name, saved.notes) == ("Acme Holdings", "Renewal due in March.")
