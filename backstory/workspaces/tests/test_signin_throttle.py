"""Guessing passwords: failed sign-ins are throttled per user name and per address."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from backstory.workspaces.services import signin_link_create, user_create

RIGHT = "correct horse battery"


def _attempt(client, username="olivia", password="wrong guess 1", address="203.0.113.7"):
    return client.post("/signin/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


@pytest.fixture(autouse=True)
def quick_hashing(settings):
    # Hundreds of sign-ins: the real hasher is slow on purpose, which is not what is tested.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def olivia(db):
    return user_create(username="olivia", password=RIGHT)


def test_after_25_wrong_passwords_the_right_one_is_refused_with_when_to_try_again(client, olivia):
    answers = [_attempt(client, password=f"wrong guess {n}").status_code for n in range(25)]
    # Nine are answered as wrong passwords; the tenth failure locks the name.
    assert answers[:9] == [200] * 9 and set(answers[9:]) == {429}
    response = _attempt(client, password=RIGHT)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.text
    assert "Try again in 15 minutes (after " in response.text
    assert "backstory unlock" in response.text
    assert "_auth_user_id" not in client.session


def test_the_wait_ends_when_the_message_says_and_guessing_on_restarts_it(client, olivia):
    with time_machine.travel("2026-03-02 09:00:00 +0000", tick=False) as clock:
        for n in range(10):
            _attempt(client, password=f"wrong {n}")
        assert "after 09:15 UTC" in _attempt(client, password=RIGHT).text
        clock.shift(timedelta(minutes=10))
        # Any attempt while locked counts, the right password too: the wait starts again.
        assert "after 09:25 UTC" in _attempt(client, password="still guessing").text
        clock.shift(timedelta(minutes=14))
        assert _attempt(client, password="wrong once more").status_code == 429
        clock.shift(timedelta(minutes=16))
        assert _attempt(client, password=RIGHT).status_code == 302


def test_a_lockout_of_one_name_holds_from_every_address_and_any_capitalisation(client, olivia):
    for n in range(10):
        _attempt(client, password=f"wrong {n}", address=f"198.51.100.{n}")
    response = _attempt(Client(), username="OLIVIA ", password=RIGHT, address="192.0.2.99")
    assert response.status_code == 429


def test_one_address_trying_many_names_is_locked_out_too(client, olivia):
    for n in range(10):
        _attempt(client, username=f"someone{n}", password="nope nope nope")
    # Olivia herself signs in from another address; the guessing address is refused.
    assert _attempt(Client(), password=RIGHT, address="192.0.2.1").status_code == 302
    assert _attempt(client, password=RIGHT).status_code == 429


def test_a_few_mistakes_are_forgiven_by_a_successful_sign_in(client, olivia):
    for n in range(9):
        _attempt(client, password=f"typo {n}")
    assert _attempt(client, password=RIGHT).status_code == 302
    client.logout()
    for n in range(9):
        assert _attempt(client, password=f"typo again {n}").status_code == 200


def test_the_owner_unlocks_a_name_from_the_command_line(client, olivia, capsys):
    for n in range(12):
        _attempt(client, password=f"wrong {n}")
    assert _attempt(client, password=RIGHT).status_code == 429
    call_command("unlock", "Olivia")
    assert "Unlocked Olivia" in capsys.readouterr().out
    assert _attempt(client, password=RIGHT).status_code == 302


def test_unlock_names_an_address_too_and_says_when_there_was_nothing(client, olivia, capsys):
    for n in range(10):
        _attempt(client, username=f"someone{n}", password="nope nope nope")
    call_command("unlock", "--ip", "203.0.113.7")
    call_command("unlock", "nobody")
    out = capsys.readouterr().out
    assert "Unlocked 203.0.113.7" in out and "nobody had no failed sign-ins" in out
    assert _attempt(client, password=RIGHT).status_code == 302


def test_a_locked_out_user_still_gets_in_by_a_one_time_link(client, olivia):
    for n in range(12):
        _attempt(client, password=f"wrong {n}")
    token = signin_link_create(user=olivia)
    response = client.post(f"/signin/link/{token}/", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_behind_a_proxy_the_forwarded_address_is_counted(client, olivia, settings):
    settings.BACKSTORY_PROXY_COUNT = 1
    for n in range(10):
        client.post("/signin/", {"username": f"someone{n}", "password": "nope nope nope"},
                    REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    # Another client behind the same proxy is not locked out with the guesser.
    other = Client().post("/signin/", {"username": "olivia", "password": RIGHT},
                          REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.5")
    assert other.status_code == 302
    # And the guesser cannot dodge by forging the header: the proxy appends the real one.
    forged = client.post("/signin/", {"username": "olivia", "password": RIGHT},
                         REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert forged.status_code == 429
