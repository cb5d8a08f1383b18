from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from backstory.workspaces.models import Membership, Role, SignInLink, Workspace
from backstory.workspaces.services import signin_link_create, user_create


def test_a_one_time_link_signs_in_once(client, db):
    user = user_create(username="olivia", password=None)
    token = signin_link_create(user=user)
    # Link previews (GET) do not spend it.
    assert client.get(f"/signin/link/{token}/").status_code == 200
    response = client.post(f"/signin/link/{token}/")
    assert response.status_code == 302 and response.url == "/account/password/"
    client.logout()
    again = client.post(f"/signin/link/{token}/")
    assert again.status_code == 400 and "expired or was already used" in again.text


def test_an_expired_link_is_refused(client, db):
    user = user_create(username="olivia", password=None)
    token = signin_link_create(user=user, valid_for=timedelta(minutes=5))
    SignInLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.post(f"/signin/link/{token}/").status_code == 400


def test_only_a_hash_of_the_token_is_stored(db):
    user = user_create(username="olivia", password=None)
    token = signin_link_create(user=user)
    assert not SignInLink.objects.filter(token_hash=token).exists()


def test_sign_in_with_a_password(client, db):
    user_create(username="olivia", password="correct horse battery")
    response = client.post("/signin/", {"username": "olivia",
                                        "password": "correct horse battery"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_pages_ask_strangers_to_sign_in(client, db):
    response = client.get("/people/")
    assert response.status_code == 302 and response.url.startswith("/signin/")


def test_choosing_a_password_after_the_link(client, db):
    user = user_create(username="olivia", password=None)
    client.force_login(user)
    response = client.post("/account/password/", {"password": "a much better secret",
                                                   "password_again": "a much better secret"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a much better secret")


def test_a_weak_password_is_refused_with_the_reason(client, db):
    client.force_login(user_create(username="olivia", password=None))
    response = client.post("/account/password/", {"password": "123", "password_again": "123"})
    assert "too short" in response.text


def test_adduser_takes_the_password_from_the_environment(db, monkeypatch, capsys):
    monkeypatch.setenv("BACKSTORY_PASSWORD", "correct horse battery")
    call_command("adduser", "dana")
    workspace = Workspace.objects.get(memberships__user__username="dana")
    assert Membership.objects.get(workspace=workspace).role == Role.OWNER
    assert "Created dana" in capsys.readouterr().out


def test_adduser_refuses_a_taken_name(db, monkeypatch):
    monkeypatch.setenv("BACKSTORY_PASSWORD", "correct horse battery")
    call_command("adduser", "dana")
    with pytest.raises(CommandError, match="already exists"):
        call_command("adduser", "DANA")


def test_signin_link_command_prints_a_working_link(client, db, capsys):
    user_create(username="olivia", password=None)
    call_command("signin_link")
    url = capsys.readouterr().out.strip()
    assert "/signin/link/" in url
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert client.post("/" + path).status_code == 302


def test_switching_workspace_only_to_ones_you_belong_to(client, personas):
    client.force_login(personas.owner)
    response = client.post("/workspace/switch/",
                           {"workspace": personas.outsider_workspace.pk})
    assert response.status_code == 302
    assert client.get("/").context["workspace"] == personas.workspace


def test_workspace_resolution_lists_the_choices(db):
    from backstory.workspaces.management.base import resolve_workspace

    user_create(username="a", password=None)
    user_create(username="b", password=None)
    with pytest.raises(CommandError, match="Choices: a, b"):
        resolve_workspace(None)
    with pytest.raises(CommandError, match="no workspace 'nope'"):
        resolve_workspace("nope")


def test_only_owners_change_workspace_settings(client, personas):
    client.force_login(personas.teammate)
    client.post("/settings/", {"save_workspace": "1", "name": "Renamed",
                               "time_zone": "Europe/London"})
    personas.workspace.refresh_from_db()
    assert personas.workspace.name != "Renamed"
    client.force_login(personas.owner)
    client.post("/settings/", {"save_workspace": "1", "name": "Comms team",
                               "time_zone": "Europe/London"})
    personas.workspace.refresh_from_db()
    assert personas.workspace.name == "Comms team"
    assert personas.workspace.time_zone == "Europe/London"


def test_the_settings_page_offers_every_time_zone_with_the_workspace_one_chosen(client,
                                                                                personas):
    personas.workspace.time_zone = "America/Port-au-Prince"
    personas.workspace.save()
    client.force_login(personas.owner)
    page = client.get("/settings/").text
    assert '<option value="America/Port-au-Prince" selected>America/Port-au-Prince</option>' \
        in page
    assert '<option value="Europe/London">Europe/London</option>' in page
    assert page.count('<option value="') > 400
