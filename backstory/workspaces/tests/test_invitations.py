"""Inviting someone by e-mail: the owner invites from Settings (or `backstory invite`), the
invitee gets a one-time link by e-mail through the configured SMTP server, follows it, and
is in the workspace. Links expire, can be withdrawn, work once, and never sign in an
existing account by themselves."""

from __future__ import annotations

import re
from datetime import timedelta
from html import escape
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from backstory.core.errors import DomainError
from backstory.testing import count_queries, make_person
from backstory.workspaces import services
from backstory.workspaces.models import Invitation, Membership, Role
from backstory.workspaces.tokens import token_hash
from tests.smtp import free_port

User = get_user_model()
LINK = re.compile(r"http://[^\s\"<]+/invite/[A-Za-z0-9_-]+/")
GOOD_PASSWORD = "marmalade-lighthouse-42"


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def _invite(workspace, owner, email="nina@example.org", role=Role.EDITOR):
    return services.invitation_create(workspace, email=email, role=role, by=owner, send=False)


def test_an_owner_invites_from_settings_and_the_email_arrives_with_the_link(
        owner_client, workspace, smtp):
    response = owner_client.post("/settings/", {"invite": "1", "email": "nina@example.org",
                                                "role": "editor"})
    assert response.status_code == 200
    shown = LINK.findall(response.content.decode())
    assert len(shown) == 1, "the owner sees the link to copy"
    assert len(smtp.messages) == 1
    envelope = smtp.messages[0]
    assert envelope.rcpt_tos == ["nina@example.org"]
    text = smtp.texts()[0]
    assert shown[0] in text and workspace.name in text and "editor" in text
    assert envelope.mail_from == "backstory@localhost"
    invitation = Invitation.objects.get(workspace=workspace)
    token = shown[0].rstrip("/").rsplit("/", 1)[-1]
    assert invitation.token_hash == token_hash(token)
    assert token not in str(list(Invitation.objects.values()))  # only the hash is stored
    assert invitation.mail_status == "sent"
    page = owner_client.get("/settings/").content.decode()
    assert "nina@example.org" in page and "Pending invitations" in page
    assert not LINK.findall(page), "the link is shown once, not on every visit"


def test_the_link_is_shown_even_when_the_mail_server_is_down(owner_client, workspace,
                                                              settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing there
    settings.EMAIL_TIMEOUT = 2
    response = owner_client.post("/settings/", {"invite": "1", "email": "nina@example.org",
                                                "role": "viewer"})
    body = response.content.decode()
    assert response.status_code == 200 and LINK.findall(body)
    assert "could not be sent" in body
    assert Invitation.objects.get(workspace=workspace).mail_status.startswith(
        "ConnectionRefusedError")


def test_someone_new_follows_the_link_chooses_a_name_and_password_and_is_in(
        workspace, owner):
    issued = _invite(workspace, owner, role=Role.VIEWER)
    make_person(workspace, "Dana Reyes", by=owner)
    invitee = Client()
    page = invitee.get(_path(issued.link))
    assert page.status_code == 200 and escape(workspace.name) in page.content.decode()
    response = invitee.post(_path(issued.link), {
        "username": "nina", "password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    nina = User.objects.get(username="nina")
    assert nina.email == "nina@example.org" and nina.check_password(GOOD_PASSWORD)
    assert [(m.workspace_id, m.role) for m in nina.memberships.all()] == [
        (workspace.pk, Role.VIEWER)], "joins the team, with no personal workspace beside it"
    assert "Dana Reyes" in invitee.get("/people/").content.decode()
    # Used once: the same link no longer works, for anyone.
    again = Client().get(_path(issued.link))
    assert again.status_code == 410 and "already used" in again.content.decode()


def test_a_weak_password_or_a_taken_name_is_refused_beside_the_field(workspace, owner):
    issued = _invite(workspace, owner)
    invitee = Client()
    weak = invitee.post(_path(issued.link), {"username": "nina", "password": "12345678",
                                             "password_again": "12345678"})
    assert weak.status_code == 200
    assert "too short" in weak.content.decode() or "too common" in weak.content.decode()
    taken = invitee.post(_path(issued.link), {"username": "TOM", "password": GOOD_PASSWORD,
                                              "password_again": GOOD_PASSWORD})
    assert taken.status_code == 200 and "already exists" in taken.content.decode()
    assert not User.objects.filter(username="nina").exists()
    assert Invitation.objects.get().accepted_at is None, "the link still works"


def test_an_address_with_an_account_must_sign_in_before_joining(workspace, owner, personas):
    outsider = personas.outsider
    outsider.email = "Oscar@Example.org"
    outsider.save()
    issued = _invite(workspace, owner, email="oscar@example.org")
    stranger = Client()
    page = stranger.get(_path(issued.link)).content.decode()
    assert "Sign in to join" in page and 'name="password"' not in page
    # The link alone neither signs in the account nor makes another one for the address.
    response = stranger.post(_path(issued.link), {
        "username": "oscar2", "password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD})
    assert "_auth_user_id" not in stranger.session
    assert not User.objects.filter(username="oscar2").exists()
    assert response.status_code == 200
    with pytest.raises(DomainError, match="sign in"):
        services.invitation_accept_new_account(token=_path(issued.link).split("/")[2],
                                               username="oscar3", password=GOOD_PASSWORD)
    # Signed in as the account: one click joins it.
    oscar = Client()
    oscar.force_login(outsider)
    assert "You are signed in as" in oscar.get(_path(issued.link)).content.decode()
    response = oscar.post(_path(issued.link), {"join": "1"})
    assert response.status_code == 302
    assert Membership.objects.get(workspace=workspace, user=outsider).role == Role.EDITOR
    assert oscar.session["workspace_id"] == workspace.pk, "they land in the new workspace"


def test_expired_withdrawn_and_unknown_links_get_a_clear_page(workspace, owner, settings):
    expired = services.invitation_create(
        workspace, email="old@example.org", role=Role.EDITOR, by=owner, send=False,
        now=timezone.now() - timedelta(days=settings.BACKSTORY_INVITATION_DAYS, minutes=1))
    withdrawn = _invite(workspace, owner, email="gone@example.org")
    services.invitation_revoke(workspace, invitation=withdrawn.invitation, by=owner)
    browser = Client()
    for link, status, words in [(expired.link, 410, "expired"),
                                (withdrawn.link, 410, "withdrawn"),
                                ("http://x/invite/not-a-real-token/", 404, "not known")]:
        for method in ("get", "post"):
            response = getattr(browser, method)(_path(link), {
                "username": "mallory", "password": GOOD_PASSWORD,
                "password_again": GOOD_PASSWORD})
            assert response.status_code == status, (link, method)
            assert words in response.content.decode()
    assert not User.objects.filter(username="mallory").exists()


def test_pending_invitations_are_listed_and_withdrawn_from_settings(owner_client, workspace,
                                                                     owner):
    issued = _invite(workspace, owner)
    page = owner_client.get("/settings/").content.decode()
    assert "nina@example.org" in page
    response = owner_client.post(f"/settings/invitations/{issued.invitation.pk}/revoke/")
    assert response.status_code == 302
    assert "is withdrawn" in owner_client.get("/settings/").content.decode()
    assert "Pending invitations" not in owner_client.get("/settings/").content.decode()
    assert Client().get(_path(issued.link)).status_code == 410


def test_a_new_invitation_to_the_same_address_replaces_the_older_link(workspace, owner):
    first = _invite(workspace, owner)
    second = _invite(workspace, owner, email="NINA@example.org", role=Role.VIEWER)
    assert Client().get(_path(first.link)).status_code == 410
    assert Client().get(_path(second.link)).status_code == 200


def test_inviting_a_member_or_a_bad_address_is_refused_by_name(owner_client, workspace,
                                                               personas):
    personas.teammate.email = "tom@example.org"
    personas.teammate.save()
    response = owner_client.post("/settings/", {"invite": "1", "email": "tom@example.org",
                                                "role": "editor"})
    assert "is already a member" in response.content.decode()
    response = owner_client.post("/settings/", {"invite": "1", "email": "not an address",
                                                "role": "editor"})
    assert "is not an e-mail address" in response.content.decode()
    assert not Invitation.objects.exists()


def test_only_an_owner_invites_or_withdraws(client, workspace, owner, personas):
    issued = _invite(workspace, owner)
    for user in (personas.teammate, personas.viewer):
        client.force_login(user)
        client.post("/settings/", {"invite": "1", "email": "eve@example.org",
                                   "role": "owner"})
        assert client.post(f"/settings/invitations/{issued.invitation.pk}/revoke/"
                           ).status_code == 403
        with pytest.raises(DomainError):
            services.invitation_create(workspace, email="eve@example.org", role=Role.OWNER,
                                       by=user, send=False)
    assert list(Invitation.objects.values_list("email", "revoked_at")) == [
        ("nina@example.org", None)]


def test_the_invite_command_prints_the_link_and_mails_it(workspace, owner, smtp):
    out = StringIO()
    call_command("invite", "nina@example.org", "--role", "viewer", "--workspace",
                 workspace.slug, stdout=out)
    link = out.getvalue().strip()
    assert LINK.fullmatch(link)
    assert link in smtp.texts()[0]
    assert Invitation.objects.get().role == Role.VIEWER
    quiet = StringIO()
    call_command("invite", "ben@example.org", "--workspace", workspace.slug, "--no-mail",
                 stdout=quiet)
    assert LINK.fullmatch(quiet.getvalue().strip()) and len(smtp.messages) == 1
    with pytest.raises(CommandError, match="no workspace"):
        call_command("invite", "x@example.org", "--workspace", "nope")


def test_a_member_of_two_workspaces_sees_only_the_one_they_are_in(client, personas):
    owner, outsider = personas.owner, personas.outsider
    make_person(personas.workspace, "Alma Owner-Side", by=owner)
    make_person(personas.outsider_workspace, "Bert Outsider-Side", by=outsider)
    issued = _invite(personas.outsider_workspace, outsider, email="olivia@example.org")
    client.force_login(owner)
    client.post(_path(issued.link), {"join": "1"})
    # In B (where the invitation brought her): B's people only, on every list.
    for url in ("/people/", "/search/?q=side", "/"):
        body = client.get(url).content.decode()
        assert "Alma Owner-Side" not in body, url
    assert "Bert Outsider-Side" in client.get("/people/").content.decode()
    # Switch to A from the menu: A's people only.
    menu = client.get("/").content.decode()
    assert escape(personas.workspace.name) in menu
    assert escape(personas.outsider_workspace.name) in menu
    client.post("/workspace/switch/", {"workspace": personas.workspace.pk})
    for url in ("/people/", "/search/?q=side", "/"):
        body = client.get(url).content.decode()
        assert "Bert Outsider-Side" not in body, url
    assert "Alma Owner-Side" in client.get("/people/").content.decode()
    person = make_person(personas.outsider_workspace, "Cleo Other", by=outsider)
    assert client.get(f"/people/{person.pk}/").status_code == 404, \
        "a record of the other workspace is not found while in this one"


@pytest.mark.parametrize("pending", [1, 20])
def test_settings_and_invitation_pages_read_a_fixed_number_of_queries(
        owner_client, workspace, owner, pending):
    issued = [_invite(workspace, owner, email=f"p{i}@example.org") for i in range(pending)]
    counts = {
        "settings": count_queries(owner_client, "/settings/"),
        "invitation": count_queries(Client(), _path(issued[-1].link)),
    }
    assert counts == {"settings": 9, "invitation": 2}
