import os
import stat

import pytest
from django.conf import settings
from django.db import connection


def test_secret_key_is_generated_into_the_data_directory_and_private():
    path = settings.HOME / "secret_key"
    assert path.exists()
    assert path.read_text().strip() == settings.SECRET_KEY
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_debug_is_off_unless_asked():
    assert settings.DEBUG is False


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    if connection.settings_dict["NAME"] in (":memory:", "") or "memory" in str(
        connection.settings_dict["NAME"]
    ):
        # The test database is in memory; check the settings that a file database gets.
        options = settings.DATABASES["default"]["OPTIONS"]
        assert "journal_mode=WAL" in options["init_command"]
        assert options["timeout"] >= 5
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
