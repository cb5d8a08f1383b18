"""The data directory and every file the app writes are its owner's alone: another account
on the same machine reads neither the database, nor uploads, nor backups."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _backstory(home: Path, *args: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith("BACKSTORY_") and k != "DATABASE_URL"}
    environment.update(BACKSTORY_HOME=str(home), BACKSTORY_PASSWORD="correct horse battery")
    # Started the way a login shell starts it, with the usual umask that makes 0644 files.
    return subprocess.run([sys.executable, "-m", "backstory.cli", *args], env=environment,
                          capture_output=True, text=True, timeout=120,
                          preexec_fn=lambda: os.umask(0o022))


def test_a_fresh_data_directory_database_and_backup_are_private(tmp_path):
    home = tmp_path / "home"
    assert _backstory(home, "adduser", "dana").returncode == 0
    backup = tmp_path / "dana.backstory"
    result = _backstory(home, "backup", "-o", str(backup))
    assert result.returncode == 0, result.stderr
    assert _mode(home) == 0o700
    written = [p for p in home.rglob("*") if p.is_file()]
    assert home / "backstory.sqlite3" in written and home / "secret_key" in written
    assert {p.name: _mode(p) for p in written} == {p.name: 0o600 for p in written}
    assert _mode(backup) == 0o600


def test_an_older_world_readable_data_directory_is_tightened_on_start(tmp_path):
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    (home / "backstory.sqlite3").touch(mode=0o644)
    os.chmod(home, 0o755)
    os.chmod(home / "backstory.sqlite3", 0o644)
    assert _backstory(home, "check").returncode == 0
    assert _mode(home) == 0o700 and _mode(home / "backstory.sqlite3") == 0o600


@pytest.mark.django_db
def test_an_uploaded_import_file_is_stored_private(owner_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" \
           b"Dana,Reyes,,,Acme,,07 Dec 2025\n"
    response = owner_client.post("/transfer/upload/", {
        "file": SimpleUploadedFile("Connections.csv", data, content_type="text/csv")})
    assert response.status_code == 302
    folder = Path(settings.MEDIA_ROOT) / "imports"
    stored = [p for p in folder.iterdir() if p.read_bytes() == data]
    assert stored and all(_mode(p) == 0o600 for p in stored)
    assert _mode(folder) == 0o700 and _mode(settings.MEDIA_ROOT) == 0o700
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o600
