"""An owner invites a colleague from Settings, copies the link, and the colleague opens it
on a phone, creates an account and lands in the team's workspace."""

from __future__ import annotations

from django.core import mail
from playwright.sync_api import expect

PASSWORD = "marmalade-lighthouse-42"


def test_an_owner_invites_and_the_invitee_creates_an_account_and_lands_in_the_workspace(
        signed_in_page, browser, live_server, settings):
    from backstory.testing import make_person
    from backstory.workspaces.models import Membership

    settings.SITE_URL = live_server.url  # where the links point
    page = signed_in_page
    workspace = Membership.objects.get(user__username="olivia").workspace
    make_person(workspace, "Dana Reyes", circle="media")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                   origin=live_server.url)

    page.goto("/settings/")
    invite = page.locator("form#invite")
    invite.get_by_label("E-mail address").fill("nina@example.org")
    invite.get_by_label("Role").select_option("editor")
    invite.get_by_role("button", name="Send invitation").click()
    link_box = page.get_by_label("Invitation link")
    expect(link_box).to_be_visible()
    link = link_box.input_value()
    assert link.startswith(f"{live_server.url}/invite/")
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body
    expect(page.get_by_text("nina@example.org").last).to_be_visible()  # pending

    phone = browser.new_context(base_url=live_server.url,
                                viewport={"width": 390, "height": 844})
    invitee = phone.new_page()
    invitee.set_default_timeout(10_000)
    errors: list[str] = []
    invitee.on("pageerror", lambda exc: errors.append(str(exc)))
    invitee.goto(link)
    expect(invitee.get_by_role("heading", name=f"Join {workspace.name}")).to_be_visible()
    assert invitee.evaluate("document.documentElement.scrollWidth") <= 390
    invitee.get_by_label("User name").fill("nina")
    invitee.get_by_label("Password", exact=True).fill(PASSWORD)
    invitee.get_by_label("Once more").fill(PASSWORD)
    invitee.get_by_role("button", name="Create my account and join").click()
    invitee.wait_for_url(f"{live_server.url}/")
    expect(invitee.get_by_text(f"Welcome to {workspace.name}.")).to_be_visible()
    invitee.goto("/people/")
    expect(invitee.get_by_role("link", name="Dana Reyes")).to_be_visible()
    assert Membership.objects.get(user__username="nina").workspace == workspace
    assert errors == []
    phone.close()

    # The owner's list of pending invitations is empty again; nina is a member.
    page.goto("/settings/")
    expect(page.get_by_text("Pending invitations")).to_have_count(0)
    expect(page.locator(".person-row").filter(has_text="nina")).to_be_visible()
