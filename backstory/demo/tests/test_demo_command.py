"""`backstory demo`: seeds the chosen workspace, refuses to mix with real data."""

from __future__ import annotations

import functools
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

import backstory.demo
from backstory.cli import main
from backstory.core.errors import DomainError
from backstory.interactions.models import Interaction
from backstory.people.models import Person
from backstory.testing import make_interaction, make_person
from backstory.workspaces.models import Activity, Workspace
from backstory.workspaces.services import signin_link_redeem


@pytest.fixture
def small_demo(monkeypatch):
    """The command seeds the real demo at a tenth of its size, to keep these tests fast."""
    monkeypatch.setattr(backstory.demo, "seed_demo",
                        functools.partial(backstory.demo.seed_demo, scale=0.1))


def _run(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_demo_without_any_workspace_creates_a_user_and_prints_a_sign_in_link(db, small_demo):
    output = _run()
    user = get_user_model().objects.get()
    assert not user.has_usable_password()
    workspace = user.memberships.get().workspace
    assert Person.objects.filter(workspace=workspace).exists()
    assert Interaction.objects.filter(workspace=workspace).exists()
    token = output.split("/signin/link/")[1].split("/")[0]
    assert signin_link_redeem(token=token) == user


def test_demo_fills_the_only_workspace_when_it_is_empty(db, small_demo):
    call_command("adduser", "nadia", "--no-password", stdout=StringIO())
    output = _run()
    workspace = Workspace.objects.get()
    assert "Demo ready" in output
    assert Person.objects.filter(workspace=workspace).count() > 10
    assert get_user_model().objects.count() == 1


def test_demo_refuses_a_workspace_that_already_has_people(personas, small_demo):
    make_person(personas.outsider_workspace, "Real Person", by=personas.outsider)
    with pytest.raises(CommandError) as error:
        _run("--workspace", personas.outsider_workspace.slug)
    assert "already has 1 people" in str(error.value)
    assert "--replace" in str(error.value)
    assert list(Person.objects.filter(workspace=personas.outsider_workspace)
                .values_list("name", flat=True)) == ["Real Person"]


def test_demo_names_the_choices_when_several_workspaces_exist(personas, small_demo):
    with pytest.raises(CommandError) as error:
        _run()
    for workspace in Workspace.objects.all():
        assert workspace.slug in str(error.value)
    assert not Person.objects.exists()


def test_demo_replace_deletes_the_old_network_and_records_who_did_it(personas, small_demo):
    ws = personas.workspace
    old = make_person(ws, "Zebulon Quillfeather", by=personas.owner, tags=["old"])
    make_interaction(ws, [old], by=personas.owner)
    make_person(personas.outsider_workspace, "Outsider Friend", by=personas.outsider)
    output = _run("--workspace", ws.slug, "--replace")
    assert "Deleted 1 people" in output
    assert not Person.objects.filter(workspace=ws, name="Zebulon Quillfeather").exists()
    assert Person.objects.filter(workspace=ws).count() > 10
    entry = Activity.objects.get(workspace=ws, action="workspace.network_deleted")
    assert entry.actor == personas.owner
    assert entry.data["people"] == 1 and entry.data["interactions"] == 1
    # Another workspace is never touched.
    assert list(Person.objects.filter(workspace=personas.outsider_workspace)
                .values_list("name", flat=True)) == ["Outsider Friend"]


def test_a_failing_demo_leaves_the_workspace_as_it_was(personas, monkeypatch):
    ws = personas.workspace
    make_person(ws, "Zebulon Quillfeather", by=personas.owner)

    def broken(*args, **kwargs):
        raise DomainError("The demo broke half-way.")

    monkeypatch.setattr(backstory.demo, "seed_demo", broken)
    with pytest.raises(CommandError, match="half-way"):
        _run("--workspace", ws.slug, "--replace")
    assert list(Person.objects.filter(workspace=ws).values_list("name", flat=True)) == [
        "Zebulon Quillfeather"]
    assert not Activity.objects.filter(action="workspace.network_deleted").exists()


def test_demo_exits_non_zero_on_failure(personas, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--workspace", "no-such-workspace"])
    assert exit_.value.code != 0
    assert "no-such-workspace" in capsys.readouterr().err
