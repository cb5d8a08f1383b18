"""Every command says who acts with one flag, --as; an unknown name is refused by name."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command

from backstory.interactions.models import Interaction
from backstory.testing import make_person
from backstory.workspaces.actors import recorded_actor
from backstory.workspaces.models import Activity


def test_log_as_a_member_names_them_as_the_author(workspace, owner, personas):
    make_person(workspace, "Dana Reyes")
    other = next(m.user for m in workspace.memberships.select_related("user")
                 if m.user != owner)
    call_command("log", "coffee with Dana Reyes today", "--yes", "--as",
                 other.username.upper(), workspace=workspace.slug, stdout=StringIO())
    touch = Interaction.objects.get(workspace=workspace)
    assert touch.created_by == other
    assert Activity.objects.filter(workspace=workspace, actor=other).exists()


@pytest.mark.parametrize("command, args", [
    ("log", ["coffee with Dana Reyes today", "--yes"]),
    ("today", []),
    ("import", ["contacts.csv"]),
])
def test_an_unknown_member_is_refused_with_their_name_and_nothing_is_written(
    workspace, owner, command, args, tmp_path, monkeypatch,
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "contacts.csv").write_text("Name\nDana Reyes\n")
    before = Interaction.objects.count()
    with pytest.raises(CommandError, match="'nobody-here' is not a member of"):
        call_command(command, *args, "--as", "nobody-here", workspace=workspace.slug,
                     stdout=StringIO())
    assert Interaction.objects.count() == before


def test_the_old_user_flag_is_gone_so_there_is_one_name_for_it(workspace, owner):
    with pytest.raises(CommandError):
        call_command("log", "coffee with Dana today", "--user", owner.username,
                     workspace=workspace.slug, stdout=StringIO())


def test_a_record_names_a_signed_in_user_and_nobody_otherwise(owner):
    assert recorded_actor(owner) == owner
    assert recorded_actor(AnonymousUser()) is None
    assert recorded_actor(None) is None
