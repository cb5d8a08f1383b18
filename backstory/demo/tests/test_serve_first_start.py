"""The first start of `backstory serve` creates the user, the demo and a sign-in link."""

from __future__ import annotations

import functools
from io import StringIO

import pytest
from django.contrib.auth import get_user_model

import backstory.demo
from backstory.core.management.commands.serve import Command as Serve
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
