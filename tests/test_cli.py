"""The `backstory` command on a fresh machine: no database yet, no surprises."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest


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


def _children(pid: int) -> list[list[str]]:
    """The command lines of a process's children (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                found.append((Path(f"/proc/{child}/cmdline").read_bytes()
                              .decode().split("\0"), int(child)))
            except OSError:
                continue
    return found


def _serve(home, *args):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment["BACKSTORY_HOME"] = str(home)
    server = subprocess.Popen(
        [sys.executable, "-m", "backstory.cli", "serve", "--no-demo", "--workers", "1",
         "--port", str(port), *args], env=environment, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 90
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            assert server.poll() is None, server.communicate()[0]
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.3)
    return server


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_serve_runs_a_job_worker_beside_the_server_and_stops_it_with_the_server(tmp_path):
    server = _serve(tmp_path)
    try:
        workers = [pid for argv, pid in _children(server.pid) if "worker" in argv]
        assert len(workers) == 1
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    assert not Path(f"/proc/{workers[0]}").exists()  # stopped (and reaped) with the server

