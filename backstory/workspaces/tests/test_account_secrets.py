"""Passwords, one-time links and feed addresses: what an attacker with a moment at an open
session, an old printed link or an old calendar URL can no longer do."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from backstory.followups.services import feed_token_regenerate
from backstory.workspaces.models import Membership, Role
from backstory.workspaces.services import (
    membership_add,
    membership_remove,
    signin_link_create,
    user_create,
)

OLD = "correct horse battery"
NEW = "a much better secret"


@pytest.fixture
def olivia(db):
    return user_create(username="olivia", password=OLD)


def _change(client, **fields):
    return client.post("/account/password/", {"password": NEW, "password_again": NEW, **fields})


def test_changing_the_password_asks_for_the_current_one(client, olivia):
    client.force_login(olivia)
    assert "Current password" in client.get("/account/password/").text
    response = _change(client)
    assert response.status_code == 200 and "This field is required" in response.text
    response = _change(client, current_password="a wrong guess")
    assert "not your current password" in response.text
    olivia.refresh_from_db()
    assert olivia.check_password(OLD)
    assert _change(client, current_password=OLD).status_code == 302
    olivia.refresh_from_db()
    assert olivia.check_password(NEW)


def test_after_a_one_time_link_a_new_password_needs_no_old_one(client, olivia):
    token = signin_link_create(user=olivia)
    client.post(f"/signin/link/{token}/")
    assert "Current password" not in client.get("/account/password/").text
    assert _change(client).status_code == 302
    olivia.refresh_from_db()
    assert olivia.check_password(NEW)
    # The link vouched once: the next change asks again.
    assert "Current password" in client.get("/account/password/").text


@pytest.mark.parametrize("weak, reason", [
    ("73920418", "entirely numeric"),
    ("k7#qWz2", "too short"),
    ("Zq7#pLm2x", "too short"),  # nine characters: the minimum is ten
    ("password123", "too common"),
])
def test_weak_passwords_are_refused_with_the_reason(client, db, weak, reason):
    client.force_login(user_create(username="olivia", password=None))
    response = client.post("/account/password/", {"password": weak, "password_again": weak})
    assert response.status_code == 200 and reason in response.text


def test_adduser_refuses_an_all_digit_password(db, monkeypatch):
    monkeypatch.setenv("BACKSTORY_PASSWORD", "739204185561")
    with pytest.raises(CommandError, match="entirely numeric"):
        call_command("adduser", "dana")


def test_a_new_one_time_link_revokes_the_older_ones(client, olivia):
    old = signin_link_create(user=olivia)
    new = signin_link_create(user=olivia)
    response = client.post(f"/signin/link/{old}/")
    assert response.status_code == 400 and "expired or was already used" in response.text
    assert client.post(f"/signin/link/{new}/").status_code == 302


def test_a_removed_member_s_feed_address_stays_dead_when_they_are_added_again(client, personas):
    workspace, tom = personas.workspace, personas.teammate
    token = feed_token_regenerate(workspace, by=tom)
    assert client.get(f"/feed/{token}.ics").status_code == 200
    membership_remove(workspace, membership=Membership.objects.get(workspace=workspace, user=tom),
                      by=personas.owner)
    assert client.get(f"/feed/{token}.ics").status_code == 404
    membership_add(workspace, user=tom, role=Role.EDITOR, by=personas.owner)
    assert client.get(f"/feed/{token}.ics").status_code == 404
