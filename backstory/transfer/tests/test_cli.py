"""The command-line doors: import (dry run, --yes, failures), export, backup, restore."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from backstory.cli import main
from backstory.interactions.models import Interaction
from backstory.people.models import Person
from backstory.transfer.models import ImportBatch

from .conftest import fixture
from .helpers import build_network


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_dry_run_shows_the_summary_and_writes_nothing(workspace):
    output = run("import", str(fixture("linkedin_connections.csv")), "--dry-run",
                 "--workspace", workspace.slug)
    assert "What this import would do (linkedin)" in output
    assert "line 7: skipped — no name, profile or e-mail" in output
    assert "Dry run: nothing was written." in output
    assert not Person.objects.filter(workspace=workspace).exists()


def test_import_with_yes_writes_a_batch_in_the_owners_name(workspace, owner):
    output = run("import", str(fixture("meetings.ics"), ), "--yes",
                 "--workspace", workspace.slug)
    assert "Imported" in output and "Interactions" in output
    batch = ImportBatch.objects.get(workspace=workspace)
    assert batch.created_by == owner and batch.status == "committed"
    assert Interaction.objects.filter(workspace=workspace).count() == 2


def test_without_yes_and_without_a_terminal_nothing_is_imported(workspace, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="Add --yes"):
        run("import", str(fixture("linkedin_2018.csv")), "--workspace", workspace.slug)
    assert not Person.objects.filter(workspace=workspace).exists()


def test_an_unreadable_file_exits_non_zero_with_the_reason(workspace, tmp_path, capsys,
                                                         monkeypatch):
    # The command closes every connection when it ends; the test still needs its own.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    bad = tmp_path / "notes.bin"
    bad.write_bytes(b"\x00\x01\x02 not contacts \xff\xfe")
    with pytest.raises(SystemExit) as exit_:
        main(["import", str(bad), "--yes", "--workspace", workspace.slug])
    assert exit_.value.code == 1
    assert "could not tell what kind of file" in capsys.readouterr().err
    assert not ImportBatch.objects.exists()


def test_a_forced_format_that_does_not_fit_fails_clearly(workspace):
    with pytest.raises(CommandError, match="does not look like a LinkedIn"):
        run("import", str(fixture("contacts.vcf")), "--format", "linkedin", "--yes",
            "--workspace", workspace.slug)


def test_export_writes_each_kind_of_file(workspace, owner, tmp_path):
    build_network(workspace, owner)
    for kind, name in (("xlsx", "n.xlsx"), ("vcard", "n.vcf"), ("ics", "n.ics"),
                       ("csv", "n.zip")):
        output = run("export", kind, "-o", str(tmp_path / name), "--workspace", workspace.slug)
        assert f"to {tmp_path / name}" in output
    assert zipfile.is_zipfile(tmp_path / "n.xlsx") and zipfile.is_zipfile(tmp_path / "n.zip")
    assert (tmp_path / "n.vcf").read_text().count("BEGIN:VCARD") == 2
    run("export", "csv", "-o", str(tmp_path / "folder"), "--workspace", workspace.slug)
    assert (tmp_path / "folder" / "people.csv").exists()
    run("export", "vcard", "-o", str(tmp_path / "v4.vcf"), "--vcard-version", "4.0",
        "--workspace", workspace.slug)
    assert "VERSION:4.0" in (tmp_path / "v4.vcf").read_text()


def test_backup_and_restore_commands_round_trip(workspace, owner, tmp_path):
    from backstory.workspaces.services import user_create

    build_network(workspace, owner)
    path = tmp_path / "ws.backup"
    assert "Backed up" in run("backup", "-o", str(path), "--workspace", workspace.slug)
    other = user_create(username="rita", password=None).memberships.get().workspace
    output = run("restore", str(path), "--workspace", other.slug)
    assert "Restored" in output
    assert Person.objects.filter(workspace=other).count() == 3


def test_restore_of_a_damaged_file_exits_non_zero(workspace, owner, tmp_path):
    build_network(workspace, owner)
    path = tmp_path / "ws.backup"
    run("backup", "-o", str(path), "--workspace", workspace.slug)
    path.write_bytes(path.read_bytes()[:200])
    from backstory.workspaces.services import user_create

    other = user_create(username="rita", password=None).memberships.get().workspace
    with pytest.raises(CommandError, match="damaged or incomplete"):
        run("restore", str(path), "--workspace", other.slug)
    assert not Person.objects.filter(workspace=other).exists()
