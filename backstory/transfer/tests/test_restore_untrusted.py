"""A backup is untrusted input: anyone can write one and recompute its checksum. Each test
here performs an attack or feeds a damaged body, and checks that the restore refuses it
clearly, keeps to the workspace, and never reaches a file of the server."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tracemalloc
import zlib

import pytest
from django.urls import reverse

from backstory.core.errors import DomainError
from backstory.followups.models import FollowupPrefs
from backstory.followups.services import feed_token_regenerate
from backstory.people.models import Person, Team
from backstory.people.services import organization_create, team_create
from backstory.testing import make_person
from backstory.transfer.models import BatchStatus, ImportBatch, ImportObject, ImportRow
from backstory.transfer.services import import_file, import_upload
from backstory.transfer.services.backup import backup_models, backup_read, backup_restore
from backstory.transfer.services.imports import import_discard, stored_source
from backstory.transfer.services.undo import import_undo
from backstory.workspaces.models import Activity, Role
from backstory.workspaces.services import membership_add

from .conftest import fixture
from .helpers import build_network
from .test_backup_restore import backup, fresh_workspace


def signed(header: dict, body) -> bytes:
    """A backup as anyone can write one: any body, with its checksum recomputed."""
    data = json.dumps(body).encode()
    header = {**header, "checksum": "sha256:" + hashlib.sha256(data).hexdigest()}
    return gzip.compress(json.dumps(header).encode() + b"\n" + data)


def section(body: dict, label: str) -> dict:
    return next(m for m in body["models"] if m["model"] == label)


def rows_of(body: dict, label: str) -> list[dict]:
    part = section(body, label)
    return [dict(zip(part["fields"], row, strict=True)) for row in part["rows"]]


def set_value(body: dict, label: str, index: int, field: str, value) -> None:
    part = section(body, label)
    part["rows"][index][part["fields"].index(field)] = value


def counts(workspace) -> dict[str, int]:
    out = {}
    for model in backup_models():
        if any(f.name == "workspace" for f in model._meta.concrete_fields):
            out[model._meta.label] = model._base_manager.filter(workspace=workspace).count()
    return out


# Paths --------------------------------------------------------------------------------------


@pytest.fixture
def secret_file(settings):
    """A server file next to the upload folder, as the secret key sits in BACKSTORY_HOME."""
    path = settings.MEDIA_ROOT.parent / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("TOP-SECRET-KEY")
    return path


def test_a_crafted_backup_cannot_make_an_import_read_or_delete_a_server_file(
        client, workspace, owner, secret_file):
    import_upload(workspace, by=owner, data=fixture("networking.csv").read_bytes(),
                  name="networking.csv")
    header, body = backup_read(backup(workspace))
    set_value(body, "transfer.ImportBatch", 0, "stored_path", "../secret_key")
    user, target = fresh_workspace()
    result = backup_restore(target, by=user, data=signed(header, body))
    batch = ImportBatch.objects.get(workspace=target)
    assert batch.status == BatchStatus.MAPPING and batch.stored_path == ""
    assert any("upload those files again" in note for note in result.notes)
    client.force_login(user)
    page = client.get(reverse("transfer:mapping", kwargs={"batch_id": batch.pk}), follow=True)
    assert "TOP-SECRET-KEY" not in page.content.decode()
    client.post(reverse("transfer:discard", kwargs={"batch_id": batch.pk}))
    assert secret_file.read_text() == "TOP-SECRET-KEY"


@pytest.mark.parametrize("stored", ["../secret_key", "/etc/passwd", "imports/../../secret_key",
                                    "imports/../secret_key", "imports/x.upload"])
def test_a_stored_path_outside_the_upload_folder_is_neither_read_nor_deleted(
        workspace, owner, secret_file, stored):
    batch = import_upload(workspace, by=owner, data=fixture("networking.csv").read_bytes(),
                          name="networking.csv")
    ImportBatch.objects.filter(pk=batch.pk).update(stored_path=stored)
    batch.refresh_from_db()
    with pytest.raises(DomainError, match="outside the upload folder"):
        stored_source(batch)
    import_discard(workspace, by=owner, batch=batch)
    assert secret_file.read_text() == "TOP-SECRET-KEY"
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DISCARDED and batch.stored_path == ""


def test_a_backup_carries_no_server_path(workspace, owner):
    batch = import_upload(workspace, by=owner, data=fixture("networking.csv").read_bytes(),
                          name="networking.csv")
    assert batch.stored_path
    _header, body = backup_read(backup(workspace))
    assert rows_of(body, "transfer.ImportBatch")[0]["stored_path"] == ""


# Ids in undo data ---------------------------------------------------------------------------


def _committed_team_change(workspace, owner, leader_before):
    """A committed import that (by its undo record) set the Sales team's leader."""
    acme = organization_create(workspace, by=owner, name="Acme")
    team_create(workspace, by=owner, organization=acme, name="Sales")
    batch = ImportBatch.objects.create(workspace=workspace, created_by=owner, format="backstory",
                                       file_name="teams.xlsx", status=BatchStatus.COMMITTED)
    ImportRow.objects.create(
        workspace=workspace, batch=batch, line=2, sheet="Teams", record_type="team",
        action="update", committed=True,
        undo={"team": ["Acme", "Sales"], "before": {"leader": leader_before, "notes": ""},
              "after": {"leader": None, "notes": ""}})
    return batch


def test_a_restored_undo_cannot_make_a_person_of_another_workspace_a_team_leader(
        personas):
    foreign = make_person(personas.outsider_workspace, "Someone Else", by=personas.outsider)
    _committed_team_change(personas.workspace, personas.owner, leader_before=None)
    header, body = backup_read(backup(personas.workspace))
    row = rows_of(body, "transfer.ImportRow")[0]
    row["undo"]["before"]["leader"] = foreign.pk  # a raw id, as an attacker writes it
    set_value(body, "transfer.ImportRow", 0, "undo", row["undo"])
    user, target = fresh_workspace()
    backup_restore(target, by=user, data=signed(header, body))
    restored = ImportRow.objects.get(workspace=target).undo
    assert restored["before"]["leader"] is None  # not a record of the backup: dropped
    import_undo(target, by=user, batch=ImportBatch.objects.get(workspace=target))
    team = Team.objects.get(workspace=target)
    assert team.leader_id != foreign.pk
    assert team.leader is None or team.leader.workspace_id == target.pk


def test_undo_data_with_a_foreign_id_is_refused_before_anything_is_undone(personas):
    foreign = make_person(personas.outsider_workspace, "Someone Else", by=personas.outsider)
    batch = _committed_team_change(personas.workspace, personas.owner,
                                   leader_before=foreign.pk)
    with pytest.raises(DomainError, match="cannot be undone safely"):
        import_undo(personas.workspace, by=personas.owner, batch=batch)
    assert Team.objects.get(workspace=personas.workspace).leader is None
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED


def test_undo_data_naming_a_field_an_import_never_changes_is_refused(personas):
    workspace, owner = personas.workspace, personas.owner
    dana = make_person(workspace, "Dana Reyes", by=owner)
    batch = ImportBatch.objects.create(workspace=workspace, format="csv", file_name="x.csv",
                                       status=BatchStatus.COMMITTED)
    ImportRow.objects.create(
        workspace=workspace, batch=batch, line=2, action="update", committed=True,
        person=dana, undo={"fields": {"workspace_id": [personas.outsider_workspace.pk,
                                                        workspace.pk]}})
    with pytest.raises(DomainError, match="not a field an import changes"):
        import_undo(workspace, by=owner, batch=batch)
    dana.refresh_from_db()
    assert dana.workspace_id == workspace.pk


# Size ---------------------------------------------------------------------------------------


def test_a_gzip_bomb_is_refused_while_it_is_unpacked(workspace, settings):
    settings.BACKSTORY_RESTORE_MAX_MB = 8
    header = {"format": "backstory-backup", "version": 1, "checksum": "sha256:0"}
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    spaces = b" " * (1 << 20)
    bomb = packer.compress(json.dumps(header).encode() + b"\n")
    bomb += b"".join(packer.compress(spaces) for _ in range(256)) + packer.flush()
    assert len(bomb) < 1024 * 1024  # 256 MB once unpacked
    user, target = fresh_workspace()
    tracemalloc.start()
    try:
        with pytest.raises(DomainError, match="BACKSTORY_RESTORE_MAX_MB"):
            backup_restore(target, by=user, data=bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024


# Secrets --------------------------------------------------------------------------------------


def test_a_backup_leaves_calendar_feed_tokens_out_and_a_restore_makes_new_ones(
        workspace, owner):
    token = feed_token_regenerate(workspace, by=owner)
    data = backup(workspace)
    assert token.encode() not in gzip.decompress(data)
    user, target = fresh_workspace()
    membership_add(target, user=owner, role=Role.EDITOR, by=user)
    result = backup_restore(target, by=user, data=data)
    restored = FollowupPrefs.objects.get(workspace=target, user=owner)
    assert restored.feed_token and restored.feed_token != token
    assert any("calendar feed" in note for note in result.notes)


def test_a_backup_cannot_give_settings_to_a_user_who_is_not_a_member(personas):
    workspace, owner = personas.workspace, personas.owner
    feed_token_regenerate(workspace, by=owner)
    header, body = backup_read(backup(workspace))
    set_value(body, "followups.FollowupPrefs", 0, "user", personas.outsider.get_username())
    user, target = fresh_workspace()
    result = backup_restore(target, by=user, data=signed(header, body))
    assert not FollowupPrefs.objects.filter(workspace=target).exists()
    assert any("not members of this workspace" in note for note in result.notes)


# The crash after an undo, and authors ---------------------------------------------------


def test_a_backup_taken_after_an_import_was_undone_restores(workspace, owner):
    build_network(workspace, owner)
    result = import_file(workspace, by=owner, path=fixture("linkedin_connections.csv"))
    import_undo(workspace, by=owner, batch=result.batch)
    assert ImportObject.objects.filter(workspace=workspace).exists()
    data = backup(workspace)
    user, target = fresh_workspace()
    restored = backup_restore(target, by=user, data=data)
    assert restored.counts["people.Person"] == 3
    assert ImportBatch.objects.get(workspace=target).status == BatchStatus.UNDONE
    header, body = backup_read(data)
    # What a backup of the older version held after an undo: a pointer at nothing.
    part = section(body, "transfer.ImportObject")
    assert part["fields"][:3] == ["batch", "object_type", "object_id"]
    part["rows"].append([0, "interaction", None, ""])
    user2, other = fresh_workspace("ruth")
    again = backup_restore(other, by=user2, data=signed(header, body))
    assert again.counts == restored.counts
    assert any("point at records no longer there" in n for n in again.notes)


def test_a_restore_into_another_installation_keeps_the_authors_name(client, workspace, owner):
    build_network(workspace, owner)
    import_file(workspace, by=owner, path=fixture("linkedin_connections.csv"))
    data = backup(workspace)
    owner.username = "olivia-elsewhere"  # the author is not a user of this installation
    owner.save()
    user, target = fresh_workspace()
    result = backup_restore(target, by=user, data=data)
    entries = Activity.objects.filter(workspace=target)
    assert entries.exists() and not entries.filter(actor__isnull=False).exists()
    assert set(entries.values_list("actor_name", flat=True)) == {"olivia"}
    assert any("olivia" in note and "history keeps their names" in note
               for note in result.notes)
    dana = Person.objects.filter(workspace=target, name="Dana Reyes").first()
    client.force_login(user)
    page = client.get(reverse("people:detail", kwargs={"person_id": dana.pk})).content.decode()
    assert "by olivia" in page
    batch = ImportBatch.objects.get(workspace=target)
    assert (batch.created_by, batch.created_by_name) == (None, "olivia")
    page = client.get(reverse("transfer:batch", kwargs={"batch_id": batch.pk})).content.decode()
    assert "by olivia" in page


def test_a_kept_author_name_comes_back_as_a_name(workspace, owner):
    build_network(workspace, owner)
    header, body = backup_read(backup(workspace))
    for index in range(len(section(body, "workspaces.Activity")["rows"])):
        set_value(body, "workspaces.Activity", index, "actor", None)
        set_value(body, "workspaces.Activity", index, "actor_name", "olivia")
    user, target = fresh_workspace()
    backup_restore(target, by=user, data=signed(header, body))
    # Kept as a name only because no user was linked; a name is not a link to a user.
    assert not Activity.objects.filter(workspace=target, actor__isnull=False).exists()


# A body that is not what a backup holds ------------------------------------------------------


def _break(kind: str, body: dict):
    people = section(body, "people.Person")
    if kind == "body is a list":
        return []
    if kind == "models is text":
        body["models"] = "people"
    elif kind == "row too short":
        people["rows"][0] = people["rows"][0][:3]
    elif kind == "date is not a date":
        set_value(body, "people.Person", 0, "met_on", "yesterday-ish")
    elif kind == "unknown choice":
        set_value(body, "people.Person", 0, "circle", "enemies")
    elif kind == "text where a number belongs":
        set_value(body, "people.Person", 0, "cadence_min_days", "often")
    elif kind == "number past 64 bits":
        set_value(body, "people.Person", 0, "cadence_min_days", 2 ** 70)
    elif kind == "link out of range":
        set_value(body, "people.Person", 0, "organization", 4000)
    elif kind == "required value missing":
        set_value(body, "people.Person", 0, "name", None)
    elif kind == "object where text belongs":
        set_value(body, "people.Person", 0, "name", {"first": "Dana"})
    elif kind == "text too long":
        set_value(body, "people.Person", 0, "name", "x" * 5000)
    elif kind == "bad time zone":
        body["workspace"]["time_zone"] = "Mars/Olympus"
    elif kind == "two people with one contact row":
        contacts = section(body, "people.ContactPoint")
        contacts["rows"].append(list(contacts["rows"][0]))
    elif kind == "section twice":
        body["models"].append(dict(people))
    elif kind == "column map the page cannot read":
        set_value(body, "transfer.ImportBatch", 0, "column_map", {"mapping": {"x": "name"}})
    return body


BREAKS = ["body is a list", "models is text", "row too short", "date is not a date",
          "unknown choice", "text where a number belongs", "number past 64 bits",
          "link out of range", "required value missing", "object where text belongs",
          "text too long", "bad time zone", "section twice", "column map the page cannot read"]


@pytest.mark.parametrize("kind", BREAKS)
def test_a_malformed_body_with_a_valid_checksum_gets_a_clear_error(workspace, owner, kind):
    build_network(workspace, owner)
    import_upload(workspace, by=owner, data=fixture("networking.csv").read_bytes(),
                  name="networking.csv")
    header, body = backup_read(backup(workspace))
    data = signed(header, _break(kind, body))
    user, target = fresh_workspace()
    before = counts(target)
    with pytest.raises(DomainError) as error:
        backup_restore(target, by=user, data=data)
    message = error.value.message
    assert message.startswith("This backup file is malformed") and "Nothing was restored" in \
        message
    if kind == "column map the page cannot read":
        assert "transfer.ImportBatch row 1, field 'column_map'" in message
    elif kind not in ("body is a list", "models is text", "bad time zone", "section twice"):
        assert "people.Person" in message
    assert counts(target) == before


def test_a_body_that_breaks_a_database_rule_gets_a_clear_error(workspace, owner):
    from backstory.people.models import PersonWord

    build_network(workspace, owner)
    assert PersonWord.objects.filter(workspace=workspace).exists()
    header, body = backup_read(backup(workspace))
    words = section(body, "people.PersonWord")
    words["rows"].append(list(words["rows"][0]))  # the same word twice for one person
    user, target = fresh_workspace()
    with pytest.raises(DomainError, match="malformed: its person words break a rule"):
        backup_restore(target, by=user, data=signed(header, body))
    assert Person.objects.filter(workspace=target).count() == 0


def test_the_restore_command_prints_what_the_restore_changed(workspace, owner, tmp_path):
    from django.core.management import call_command

    feed_token_regenerate(workspace, by=owner)
    path = tmp_path / "ws.backup"
    path.write_bytes(backup(workspace))
    user, target = fresh_workspace()
    membership_add(target, user=owner, role=Role.EDITOR, by=user)
    out = io.StringIO()
    call_command("restore", str(path), "--workspace", target.slug, stdout=out)
    assert "Note: 1 calendar feeds have new addresses" in out.getvalue()


def test_ids_inside_audit_entries_are_mapped_to_the_restored_records(personas):
    workspace, owner = personas.workspace, personas.owner
    build_network(workspace, owner)
    import_file(workspace, by=owner, path=fixture("linkedin_connections.csv"))
    foreign = import_file(personas.outsider_workspace, by=personas.outsider,
                          path=fixture("linkedin_connections.csv")).batch
    header, body = backup_read(backup(workspace))
    part = section(body, "workspaces.Activity")
    data_at = part["fields"].index("data")
    crafted = [row for row in part["rows"] if "batch" in (row[data_at] or {})]
    assert crafted
    crafted[0][data_at] = {**crafted[0][data_at], "batch": foreign.pk}  # a raw foreign id
    user, target = fresh_workspace()
    backup_restore(target, by=user, data=signed(header, body))
    mine = set(ImportBatch.objects.filter(workspace=target).values_list("pk", flat=True))
    named = {a.data["batch"] for a in Activity.objects.filter(workspace=target)
             if "batch" in a.data}
    assert named - {None} <= mine  # never the foreign batch
    assert mine <= named
