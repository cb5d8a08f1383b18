"""A fresh `backstory serve` writes only inside BACKSTORY_HOME and prints only what the user
needs: where it runs and how to sign in."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _files_under(path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


def test_a_fresh_serve_writes_nothing_outside_backstory_home(tmp_path):
    home, data = tmp_path / "home", tmp_path / "data"
    home.mkdir()
    data.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "XDG_RUNTIME_DIR", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                        "XDG_CONFIG_HOME", "PYTHONWARNINGS"}}
    env.update(HOME=str(home), BACKSTORY_HOME=str(data), BACKSTORY_USER="casey")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "backstory.cli", "serve", "--no-demo", "--port", str(port),
         "--workers", "1", "--no-scheduler"],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.communicate()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/signin/", timeout=2) as r:
                    assert r.status == 200
                break
            except OSError:
                assert time.monotonic() < deadline, "serve did not answer within a minute"
                time.sleep(0.3)
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert _files_under(home) == [], "serve wrote into the home directory"
    assert (data / "backstory.sqlite3").exists()
    assert f"Backstory is running at http://127.0.0.1:{port}/" in out
    assert "/signin/link/" in out
    assert "Booting worker" not in err, "gunicorn's start-up log buries the sign-in link"
    assert "Warning" not in out + err and "deprecat" not in (out + err).lower(), out + err
