"""The first start of `backstory serve` creates the user, the demo and a sign-in link."""

from __future__ import annotations

import functools
import threading
from io import StringIO

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.db import connection

import backstory.demo
from backstory.core.management.commands.serve import Command as Serve
from backstory.core.startlock import _START_LOCK, one_start_at_a_time
from backstory.demo.firststart import default_username
from backstory.interactions.models import ActionItem, Interaction
from backstory.people.models import Person
from backstory.workspaces.services import signin_link_redeem


def _first_start(*, demo: bool) -> str:
    out = StringIO()
    Serve(stdout=out)._first_start("http://127.0.0.1:8000", demo=demo)
    return out.getvalue()


def test_first_start_creates_a_user_with_the_demo_and_prints_a_sign_in_link(
    db, monkeypatch
):
    monkeypatch.setattr(backstory.demo, "seed_demo",
                        functools.partial(backstory.demo.seed_demo, scale=0.1))
    monkeypatch.setenv("BACKSTORY_USER", "casey")
    output = _first_start(demo=True)
    user = get_user_model().objects.get()
    assert user.username == "casey"
    assert not user.has_usable_password()
    workspace = user.memberships.get().workspace
    assert Person.objects.filter(workspace=workspace).count() > 10
    assert Interaction.objects.filter(workspace=workspace).exists()
    assert ActionItem.objects.filter(workspace=workspace).exists()
    assert "Demo ready" in output
    link = output.split("http://127.0.0.1:8000/signin/link/")[1].split("/")[0]
    assert signin_link_redeem(token=link) == user


def test_first_start_without_demo_creates_an_empty_workspace(db):
    output = _first_start(demo=False)
    user = get_user_model().objects.get()
    assert not Person.objects.filter(workspace=user.memberships.get().workspace).exists()
    assert "/signin/link/" in output


def test_a_second_start_creates_nobody_and_seeds_nothing(db, monkeypatch):
    monkeypatch.setattr(backstory.demo, "seed_demo",
                        functools.partial(backstory.demo.seed_demo, scale=0.1))
    _first_start(demo=True)
    people = Person.objects.count()
    _first_start(demo=True)
    assert get_user_model().objects.count() == 1
    assert Person.objects.count() == people


@pytest.mark.parametrize(("login", "expected"), [
    ("dana", "dana"), ("root", "owner"), ("", "owner"), ("dana reyes!", "danareyes"),
])
def test_the_default_user_name_is_the_login_name_but_never_root(monkeypatch, login, expected):
    monkeypatch.setenv("BACKSTORY_USER", "")
    monkeypatch.setattr("getpass.getuser", lambda: login)
    assert default_username() == expected


def _start_in_a_thread(started: list) -> threading.Thread:
    """What `serve` does before it serves, on a connection (a session) of its own."""

    def run():
        try:
            with one_start_at_a_time():
                Serve(stdout=StringIO())._first_start("http://127.0.0.1:8000", demo=False)
            started.append("ok")
        except Exception as error:  # noqa: BLE001 - the test reports it
            started.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_a_server_starting_while_another_is_in_its_start_waits_and_then_creates_nobody():
    if connection.vendor != "postgresql":
        pytest.skip("two servers on one database: PostgreSQL")
    other_server = psycopg.connect(_conninfo(), autocommit=True)
    try:
        other_server.execute("SELECT pg_advisory_lock(%s)", [_START_LOCK])
        started: list = []
        waiting = _start_in_a_thread(started)
        waiting.join(timeout=1.5)
        assert waiting.is_alive() and not get_user_model().objects.exists()
        second = _start_in_a_thread(started)
        other_server.execute("SELECT pg_advisory_unlock(%s)", [_START_LOCK])
        waiting.join(timeout=30)
        second.join(timeout=30)
    finally:
        other_server.close()
    assert started == ["ok", "ok"]
    assert get_user_model().objects.count() == 1


def _conninfo() -> str:
    db = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        dbname=db["NAME"], user=db["USER"] or "postgres", password=db.get("PASSWORD") or None,
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432)
