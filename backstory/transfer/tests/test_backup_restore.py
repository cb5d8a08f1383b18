"""Backup and restore: everything of a workspace, identical after a round trip; a
damaged file is refused and writes nothing."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from django.apps import apps

from backstory.core.errors import DomainError
from backstory.transfer.services import import_file
from backstory.transfer.services.backup import (
    NOT_BACKED_UP,
    backup_models,
    backup_read,
    backup_restore,
    backup_write,
)
from backstory.workspaces.services import user_create

from .conftest import fixture
from .helpers import build_network


def backup(workspace) -> bytes:
    buffer = io.BytesIO()
    backup_write(workspace, buffer)
    return buffer.getvalue()


def fresh_workspace(name: str = "rita"):
    user = user_create(username=name, password=None)
    return user, user.memberships.get().workspace


def fingerprint(workspace) -> str:
    """Every row of every workspace model, as a test sees it (ids included)."""
    rows = {}
    for model in backup_models():
        rows[model._meta.label] = model._base_manager.count()
    return json.dumps(rows, sort_keys=True)


def test_every_model_with_a_workspace_is_in_the_backup():
    included = {m._meta.label for m in backup_models()}
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        if ("workspace" in names
                and model._meta.label not in {"workspaces.Membership", "workspaces.Invitation"}
                and model._meta.label not in NOT_BACKED_UP):
            assert model._meta.label in included, model._meta.label
    assert {"people.Person_tags", "interactions.Interaction_tags"} <= included


def test_backup_then_restore_then_backup_gives_identical_content(workspace, owner):
    build_network(workspace, owner)
    import_file(workspace, by=owner, path=fixture("linkedin_connections.csv"))
    first = backup(workspace)
    user, target = fresh_workspace()
    counts = backup_restore(target, by=user, data=first).counts
    assert counts["people.Person"] == 7 and counts["workspaces.Activity"] > 10
    second = backup(target)
    header1, body1 = backup_read(first)
    header2, body2 = backup_read(second)
    assert body1 == body2
    assert header1["checksum"] == header2["checksum"]
    target.refresh_from_db()
    assert target.name == workspace.name


def test_a_restore_brings_back_links_history_and_timestamps(workspace, owner):
    from backstory.interactions.models import ActionItem, Interaction
    from backstory.people.models import Person
    from backstory.workspaces.models import Activity

    network = build_network(workspace, owner)
    user, target = fresh_workspace()
    backup_restore(target, by=user, data=backup(workspace))
    lois = Person.objects.get(workspace=target, name="Lois Lane")
    assert lois.introduced_by.name == "Dana Reyes" and lois.introduced_by.workspace == target
    assert lois.created_at == network["lois"].created_at
    coffee = Interaction.objects.get(workspace=target, summary="Launch chat")
    assert {p.name for p in coffee.participants.all()} == {"Dana Reyes", "Lois Lane"}
    item = ActionItem.objects.get(workspace=target, text="Send Lois the customer story")
    assert item.interaction == coffee and item.person == lois
    created = Activity.objects.get(workspace=target, action="person.created",
                                   person__name="Lois Lane")
    assert created.object_id == lois.pk  # generic pointers get the new ids
    assert created.actor == owner  # user names are kept


def test_restore_into_a_workspace_that_is_not_empty_is_refused(workspace, owner):
    build_network(workspace, owner)
    data = backup(workspace)
    with pytest.raises(DomainError, match="is not empty"):
        backup_restore(workspace, by=owner, data=data)


def test_a_truncated_backup_fails_clearly_and_writes_nothing(workspace, owner):
    build_network(workspace, owner)
    data = backup(workspace)
    user, target = fresh_workspace()
    before = fingerprint(target)
    with pytest.raises(DomainError, match="damaged or incomplete"):
        backup_restore(target, by=user, data=data[: len(data) // 2])
    assert fingerprint(target) == before


def test_a_tampered_backup_fails_its_checksum_and_writes_nothing(workspace, owner):
    build_network(workspace, owner)
    raw = gzip.decompress(backup(workspace)).replace(b"Lois Lane", b"Lois Lang")
    user, target = fresh_workspace()
    before = fingerprint(target)
    with pytest.raises(DomainError, match="does not match its checksum"):
        backup_restore(target, by=user, data=gzip.compress(raw))
    assert fingerprint(target) == before


def test_a_file_that_is_not_a_backup_is_refused(workspace, owner):
    user, target = fresh_workspace()
    with pytest.raises(DomainError, match="not a Backstory backup"):
        backup_restore(target, by=user, data=gzip.compress(b'{"hello": 1}\n{}'))
    with pytest.raises(DomainError, match="damaged or incomplete"):
        backup_restore(target, by=user, data=b"PK\x03\x04 a zip, not a backup")


def test_a_failure_half_way_rolls_everything_back(workspace, owner, monkeypatch):
    from backstory.transfer.services import backup as module

    build_network(workspace, owner)
    data = backup(workspace)
    user, target = fresh_workspace()
    before = fingerprint(target)
    real = module._restore_timestamps
    calls = []

    def fail_on_the_fifth_table(*args, **kwargs):
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "_restore_timestamps", fail_on_the_fifth_table)
    with pytest.raises(RuntimeError):
        backup_restore(target, by=user, data=data)
    assert fingerprint(target) == before


def test_a_restore_keeps_the_teammates_who_were_at_a_touch(workspace, owner):
    from backstory.interactions.models import Interaction
    from backstory.testing import make_interaction, make_person
    from backstory.workspaces.models import Role
    from backstory.workspaces.services import membership_add

    tom = user_create(username="tomas", password=None)
    membership_add(workspace, user=tom, role=Role.EDITOR, by=owner)
    dana = make_person(workspace, "Dana Reyes", by=owner)
    touch = make_interaction(workspace, [dana], by=owner, summary="Lunch with Tom there")
    touch.members.set([tom])
    user, target = fresh_workspace()
    membership_add(target, user=tom, role=Role.EDITOR, by=user)
    backup_restore(target, by=user, data=backup(workspace))
    restored = Interaction.objects.get(workspace=target, summary="Lunch with Tom there")
    assert [u.username for u in restored.members.all()] == ["tomas"]


def test_api_tokens_and_webhook_secrets_stay_with_their_server(workspace, owner):
    from backstory.api.services import token_create

    token, _ = token_create(workspace, user=owner, name="Calendar script")
    labels = {m._meta.label for m in backup_models()}
    assert not labels & {"api.ApiToken", "api.IdempotentRequest", "webhooks.Webhook"}
    assert token.token_hash.encode() not in gzip.decompress(backup(workspace))
