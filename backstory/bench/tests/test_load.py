"""The load bench serves a real database under gunicorn: readers see no errors, and every
write a client was told about is in the database.

These tests build their own file database in child processes (the test database of
pytest-django lives in this process only): SQLite in a temporary BACKSTORY_HOME, or, when
the suite runs on PostgreSQL, a database of its own next to the test database.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from urllib.parse import urlsplit, urlunsplit

import pytest

from backstory.bench.load import _percentile, measure_concurrent_writes, measure_load

USERNAME = "loadbench"
STATS = {"requests", "rps", "median_ms", "p95_ms", "errors"}

BUILD = textwrap.dedent(f"""
    import django
    django.setup()
    from django.contrib.auth import get_user_model
    from backstory.testing import make_interaction, make_person
    user = get_user_model().objects.get(username={USERNAME!r})
    workspace = user.memberships.get().workspace
    people = [make_person(workspace, f"Person {{i}}", by=user) for i in range(6)]
    make_interaction(workspace, people[:2], by=user)
""")


def _run(env: dict[str, str], *args: str) -> None:
    done = subprocess.run([sys.executable, *args], env={**os.environ, **env,
                          "DJANGO_SETTINGS_MODULE": "backstory.settings"},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def bench_env(tmp_path_factory):
    """A migrated file database with one user and a handful of people."""
    env = {"BACKSTORY_HOME": str(tmp_path_factory.mktemp("loadhome")), "DATABASE_URL": ""}
    url = os.environ.get("DATABASE_URL", "")
    dropper = None
    if url.startswith(("postgres://", "postgresql://")):
        env["DATABASE_URL"], dropper = _fresh_postgres_database(url)
    try:
        _run(env, "-m", "backstory.cli", "adduser", USERNAME, "--no-password")
        _run(env, "-c", BUILD)
        yield env
    finally:
        if dropper:
            dropper()


def _fresh_postgres_database(url: str):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_loadtest"
    admin = urlunsplit(parts._replace(path="/postgres"))

    def execute(sql: str) -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql)

    execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name)), lambda: execute(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.slow
def test_readers_get_every_page_without_errors_and_a_summary_per_path(bench_env):
    result = measure_load(env=bench_env, username=USERNAME, paths=["/", "/people/"],
                          seconds=1.5, clients=3, workers=2, threads=2)

    assert set(result["paths"]) == {"/", "/people/"}
    for stats in [*result["paths"].values(), result["overall"]]:
        assert set(stats) == STATS
        assert stats["requests"] > 0 and stats["errors"] == 0
        assert 0 < stats["median_ms"] <= stats["p95_ms"]
    assert result["overall"]["requests"] == sum(s["requests"] for s in result["paths"].values())
    assert result["error_samples"] == []
    assert set(result["statuses"]) == {"200"}
    assert result["database"] in {"sqlite", "postgresql"}


@pytest.mark.slow
def test_every_acknowledged_write_is_in_the_database(bench_env):
    result = measure_concurrent_writes(env=bench_env, username=USERNAME, clients=8,
                                       seconds=2, workers=2, threads=2)

    assert result["acknowledged"] > 0
    assert result["acknowledged"] == sum(result["acknowledged_per_client"])
    assert len(result["acknowledged_per_client"]) == 8
    assert result["in_database"] - result["before"] == result["acknowledged"]
    assert result["lost"] == 0
    assert result["server_errors"] == 0 and result["other_failures"] == 0
    assert result["error_samples"] == []
    assert result["writes_per_second"] > 0
    assert result["max_ms"] >= result["p95_ms"] >= result["median_ms"] > 0


@pytest.mark.slow
def test_the_server_is_gone_when_the_measurement_ends(bench_env, monkeypatch):
    """Even when the clients fail, the gunicorn process group is stopped."""
    import backstory.bench.load as load

    started = []
    real_popen = load.subprocess.Popen

    def recording_popen(*args, **kwargs):
        process = real_popen(*args, **kwargs)
        if "serve" in process.args:
            started.append(process)
        return process

    def failing_sign_in(port, token):
        raise RuntimeError("the sign-in failed")

    monkeypatch.setattr(load.subprocess, "Popen", recording_popen)
    monkeypatch.setattr(load, "_sign_in", failing_sign_in)
    with pytest.raises(RuntimeError, match="the sign-in failed"):
        measure_load(env=bench_env, username=USERNAME, paths=["/"], seconds=1)

    assert len(started) == 1
    assert started[0].poll() is not None
    with pytest.raises(ProcessLookupError):
        os.killpg(started[0].pid, 0)


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert _percentile(values, 50) == 50.0
    assert _percentile(values, 95) == 95.0
    assert _percentile([7.0], 95) == 7.0
    assert _percentile([], 95) == 0.0
