"""The `backstory` command on a fresh machine: no database yet, no surprises."""

import os
import subprocess
import sys


def _backstory(home, *args, **env):
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(BACKSTORY_HOME=str(home), **env)
    return subprocess.run([sys.executable, "-m", "backstory.cli", *args], env=environment,
                          capture_output=True, text=True, timeout=120)


def test_a_data_command_on_a_fresh_install_sets_up_the_database_first(tmp_path):
    result = _backstory(tmp_path, "adduser", "dana", BACKSTORY_PASSWORD="correct horse battery")
    assert result.returncode == 0, result.stderr
    assert "Created dana with the workspace 'dana'." in result.stdout
    assert (tmp_path / "backstory.sqlite3").exists()
    again = _backstory(tmp_path, "signin-link")
    assert again.returncode == 0 and "/signin/link/" in again.stdout


def test_without_arguments_it_lists_the_commands(tmp_path):
    result = _backstory(tmp_path)
    assert result.returncode == 0
    assert "serve" in result.stdout and "demo" in result.stdout


def test_a_failing_command_exits_non_zero_with_a_message(tmp_path):
    result = _backstory(tmp_path, "today", "--workspace", "nope")
    assert result.returncode != 0
    assert "no workspace 'nope'" in result.stderr
