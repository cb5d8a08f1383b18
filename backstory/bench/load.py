"""Load and concurrency: the app under gunicorn on 127.0.0.1, driven by concurrent clients.

Two measurements that `backstory bench` reports:

- `measure_load`: requests per second and latency of a few pages (Today, the people list)
  under concurrent readers.
- `measure_concurrent_writes`: many clients logging interactions through the real form at
  once; every acknowledged write must be in the database afterwards, with no server error.

The server and the small database probes run as child processes (`python -m
backstory.bench.load serve|probe`) with the caller's `env` laid over this process's
environment, so that they reach the database `env` names (BACKSTORY_HOME and/or
DATABASE_URL; an empty DATABASE_URL means SQLite in BACKSTORY_HOME) whatever this process is
configured for. The server is gunicorn configured exactly as `backstory serve` runs it,
without the first-start set-up (no demo data) and without the digest scheduler.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

HOST = "127.0.0.1"
SERVER_START_TIMEOUT = 90
REQUEST_TIMEOUT = 60
# The pages each load client reads once before the timed part, so that every worker has
# imported its templates and warmed its caches.
WARMUP_ROUNDS = 2
ERROR_SAMPLES = 5

_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


# Child processes ----------------------------------------------------------------------


def _child_env(env: dict[str, str]) -> dict[str, str]:
    return {
        **os.environ,
        "BACKSTORY_DEBUG": "",
        **env,
        "DJANGO_SETTINGS_MODULE": "backstory.settings",
        "PYTHONUNBUFFERED": "1",
    }


def _probe(env: dict[str, str], username: str, *, signin: bool = False) -> dict:
    """Ask the database (in a child process) about the user's workspace."""
    args = [sys.executable, "-m", "backstory.bench.load", "probe", username]
    if signin:
        args.append("--signin")
    done = subprocess.run(args, env=_child_env(env), capture_output=True, text=True,
                          timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"Could not read the database for {username!r}:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass
class _Server:
    port: int
    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _stop(process: subprocess.Popen) -> None:
    """Stop gunicorn and its workers: the whole process group, forcefully if need be."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    # Workers that outlived their master would still hold the database open.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


@contextlib.contextmanager
def _serving(env: dict[str, str], *, workers: int, threads: int) -> Iterator[_Server]:
    # The listening socket is opened here and handed to gunicorn, so there is no race
    # for a "free" port between choosing it and binding it.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind((HOST, 0))
    listener.listen(1024)
    port = listener.getsockname()[1]
    fd = listener.fileno()
    with tempfile.TemporaryDirectory(prefix="backstory-load-") as tmp:
        log = Path(tmp) / "server.log"
        try:
            with open(log, "wb") as out:
                process = subprocess.Popen(
                    [sys.executable, "-m", "backstory.bench.load", "serve", "--fd", str(fd),
                     "--workers", str(workers), "--threads", str(threads)],
                    env=_child_env(env), pass_fds=(fd,), stdin=subprocess.DEVNULL,
                    stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                )
        finally:
            # gunicorn holds its own copy of the socket from here on.
            listener.close()
        server = _Server(port=port, process=process, log=log)
        try:
            _wait_until_up(server)
            yield server
        finally:
            _stop(process)


def _wait_until_up(server: _Server) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError("The bench server stopped while starting:\n" + server.log_tail())
        try:
            conn = http.client.HTTPConnection(HOST, server.port, timeout=5)
            conn.request("GET", "/signin/")
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("The bench server did not answer in time:\n" + server.log_tail())


# The HTTP client ----------------------------------------------------------------------


@dataclass
class _Response:
    status: int
    location: str
    body: bytes


class _Client:
    """One keep-alive connection with its own cookies, like one browser tab."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None):
        self.port = port
        self.cookies = dict(cookies or {})
        self._conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, form: dict | None = None) -> _Response:
        if self._conn is None:
            self._conn = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        headers = {"Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self._conn.request(method, path, body=body, headers=headers)
            response = self._conn.getresponse()
            data = response.read()
        except BaseException:
            # A failed exchange leaves the connection in an unknown state: start afresh.
            self.close()
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.will_close:
            self.close()
        return _Response(response.status, response.headers.get("Location", ""), data)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _csrf_from(body: bytes) -> str:
    found = _CSRF_INPUT.search(body)
    if not found:
        raise RuntimeError("No CSRF token in the page.")
    return found.group(1).decode()


def _sign_in(port: int, token: str) -> dict[str, str]:
    """Spend a one-time sign-in link through the web page; return the session's cookies."""
    client = _Client(port)
    try:
        page = client.request("GET", f"/signin/link/{token}/")
        done = client.request("POST", f"/signin/link/{token}/",
                              {"csrfmiddlewaretoken": _csrf_from(page.body)})
        if done.status != 302 or "sessionid" not in client.cookies:
            raise RuntimeError(f"Signing in failed (HTTP {done.status}).")
        return {k: client.cookies[k] for k in ("sessionid", "csrftoken") if k in client.cookies}
    finally:
        client.close()


def _is_ok(response: _Response) -> bool:
    # A redirect to the sign-in page means the session was not accepted: not a success.
    return 200 <= response.status < 400 and "/signin/" not in response.location


# Running clients ----------------------------------------------------------------------


@dataclass
class _Tally:
    latencies_ms: list[float] = field(default_factory=list)
    requests: int = 0
    errors: int = 0


@dataclass
class _ClientResult:
    tallies: dict[str, _Tally] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)

    def tally(self, key: str) -> _Tally:
        return self.tallies.setdefault(key, _Tally())

    def sample(self, message: str) -> None:
        if len(self.error_samples) < ERROR_SAMPLES:
            self.error_samples.append(message)


def _run_clients(count: int, seconds: float,
                 work: Callable[[int, Callable[[], bool]], _ClientResult]) -> tuple[
                     list[_ClientResult], float]:
    """Run `work(index, keep_going)` in `count` threads that start together and stop
    starting new requests after `seconds`; return their results and the elapsed time."""
    go = threading.Event()
    clock: dict[str, float] = {}
    results: list[_ClientResult | BaseException | None] = [None] * count

    def keep_going() -> bool:
        return time.perf_counter() < clock["deadline"]

    def run(index: int) -> None:
        go.wait()
        try:
            results[index] = work(index, keep_going)
        except BaseException as error:  # reported below, never lost in a thread
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    clock["deadline"] = start + seconds
    go.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    for result in results:
        if isinstance(result, BaseException):
            raise RuntimeError(f"A load client failed: {result!r}") from result
    return [r for r in results if isinstance(r, _ClientResult)], elapsed


def _timed(client: _Client, result: _ClientResult, key: str, method: str, path: str,
           form: dict | None = None, *,
           ok: Callable[[_Response], bool] = _is_ok) -> _Response | None:
    tally = result.tally(key)
    began = time.perf_counter()
    try:
        response = client.request(method, path, form)
    except (OSError, http.client.HTTPException) as error:
        tally.requests += 1
        tally.errors += 1
        result.statuses["exception"] += 1
        result.sample(f"{method} {path}: {error!r}")
        return None
    tally.latencies_ms.append((time.perf_counter() - began) * 1000)
    tally.requests += 1
    result.statuses[str(response.status)] += 1
    if not ok(response):
        tally.errors += 1
        result.sample(f"{method} {path}: HTTP {response.status} {response.location}".strip())
    return response


def _percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def _summary(tallies: list[_Tally], elapsed: float) -> dict:
    latencies = [ms for t in tallies for ms in t.latencies_ms]
    requests = sum(t.requests for t in tallies)
    return {
        "requests": requests,
        "rps": round(requests / elapsed, 1) if elapsed else 0.0,
        "median_ms": round(_percentile(latencies, 50), 1),
        "p95_ms": round(_percentile(latencies, 95), 1),
        "errors": sum(t.errors for t in tallies),
    }


def _merged(results: list[_ClientResult]) -> tuple[Counter, list[str]]:
    statuses: Counter = Counter()
    samples: list[str] = []
    for result in results:
        statuses.update(result.statuses)
        samples.extend(result.error_samples)
    return statuses, samples[:ERROR_SAMPLES]


# The two measurements -----------------------------------------------------------------


def measure_load(*, env: dict[str, str], username: str, paths: list[str],
                 seconds: float = 20, clients: int = 8, workers: int = 2,
                 threads: int = 4) -> dict:
    """Serve the app under gunicorn and read `paths` from `clients` concurrent clients
    (keep-alive connections, signed in as `username`) for `seconds` after a warm-up.

    Returns {"database", "workers", "threads", "clients", "seconds", "paths": {path:
    stats}, "overall": stats, "statuses", "error_samples"}, where stats is {"requests",
    "rps", "median_ms", "p95_ms", "errors"}; an error is an exception or a response other
    than 2xx/3xx (a redirect to the sign-in page counts as an error).
    """
    if not paths:
        raise ValueError("Name at least one path to load.")
    probe = _probe(env, username, signin=True)
    with _serving(env, workers=workers, threads=threads) as server:
        cookies = _sign_in(server.port, probe["token"])

        def warm(index: int, keep_going: Callable[[], bool]) -> _ClientResult:
            client, result = _Client(server.port, cookies), _ClientResult()
            for _ in range(WARMUP_ROUNDS):
                for path in paths:
                    _timed(client, result, path, "GET", path)
            client.close()
            return result

        def read(index: int, keep_going: Callable[[], bool]) -> _ClientResult:
            client, result = _Client(server.port, cookies), _ClientResult()
            turn = index
            while keep_going():
                path = paths[turn % len(paths)]
                _timed(client, result, path, "GET", path)
                turn += 1
            client.close()
            return result

        _run_clients(clients, 0, warm)
        results, elapsed = _run_clients(clients, seconds, read)
        statuses, samples = _merged(results)
        if samples:
            samples.append("server log:\n" + server.log_tail(20))
    by_path = {
        path: _summary([r.tallies[path] for r in results if path in r.tallies], elapsed)
        for path in paths
    }
    return {
        "database": probe["vendor"],
        "workers": workers,
        "threads": threads,
        "clients": clients,
        "seconds": round(elapsed, 2),
        "paths": by_path,
        "overall": _summary([t for r in results for t in r.tallies.values()], elapsed),
        "statuses": dict(statuses),
        "error_samples": samples,
    }


WRITE_PATH = "/interactions/new/"


def _logged(response: _Response) -> bool:
    """The form redirects once the interaction is committed; a 200 is the form with errors."""
    return response.status == 302 and "/signin/" not in response.location


def measure_concurrent_writes(*, env: dict[str, str], username: str, clients: int = 50,
                              seconds: float = 60, workers: int = 2,
                              threads: int = 4) -> dict:
    """Serve the app under gunicorn; `clients` concurrent clients log interactions through
    the web form (POST /interactions/new/ with its CSRF token) as fast as they can for
    `seconds`; then count the workspace's interactions in the database.

    Returns {"database", "workers", "threads", "clients", "seconds", "acknowledged",
    "acknowledged_per_client", "before", "in_database", "lost", "server_errors",
    "other_failures", "writes_per_second", "median_ms", "p95_ms", "max_ms", "statuses",
    "error_samples"}. A write is acknowledged when the form answers with its redirect
    (the interaction is committed before that); lost = acknowledged - (in_database -
    before) and must be 0; server_errors counts 5xx answers; other_failures counts
    exceptions and any other answer.
    """
    probe = _probe(env, username, signin=True)
    people: list[int] = probe["people"]
    if not people:
        raise RuntimeError(f"{username!r}'s workspace has no people to log interactions with.")
    with _serving(env, workers=workers, threads=threads) as server:
        cookies = _sign_in(server.port, probe["token"])
        clients_ready: list[tuple[_Client, str]] = []
        for _ in range(clients):
            client = _Client(server.port, cookies)
            page = client.request("GET", WRITE_PATH)
            if page.status != 200:
                raise RuntimeError(f"GET {WRITE_PATH} answered HTTP {page.status}.")
            clients_ready.append((client, _csrf_from(page.body)))
        # Nothing above wrote an interaction: the first probe's count is the one before.
        before = probe["interactions"]

        def write(index: int, keep_going: Callable[[], bool]) -> _ClientResult:
            client, token = clients_ready[index]
            result = _ClientResult()
            n = 0
            while keep_going():
                person = people[(index + n * clients) % len(people)]
                form = {
                    "csrfmiddlewaretoken": token,
                    "kind": "coffee",
                    "occurred_at": datetime.now().strftime("%Y-%m-%dT%H:%M"),
                    "people": str(person),
                    "summary": f"Load client {index}, write {n}",
                    "notes": "Logged by the concurrency benchmark.",
                }
                _timed(client, result, "write", "POST", WRITE_PATH, form, ok=_logged)
                n += 1
            client.close()
            return result

        results, elapsed = _run_clients(clients, seconds, write)
        statuses, samples = _merged(results)
        if samples:
            samples.append("server log:\n" + server.log_tail(20))
    after = _probe(env, username)["interactions"]
    per_client = [r.tally("write").requests - r.tally("write").errors for r in results]
    latencies = [ms for r in results for ms in r.tally("write").latencies_ms]
    acknowledged = sum(per_client)
    server_errors = sum(n for status, n in statuses.items()
                        if status.isdigit() and int(status) >= 500)
    attempts = sum(r.tally("write").requests for r in results)
    return {
        "database": probe["vendor"],
        "workers": workers,
        "threads": threads,
        "clients": clients,
        "seconds": round(elapsed, 2),
        "acknowledged": acknowledged,
        "acknowledged_per_client": per_client,
        "before": before,
        "in_database": after,
        "lost": acknowledged - (after - before),
        "server_errors": server_errors,
        "other_failures": attempts - acknowledged - server_errors,
        "writes_per_second": round(acknowledged / elapsed, 1) if elapsed else 0.0,
        "median_ms": round(_percentile(latencies, 50), 1),
        "p95_ms": round(_percentile(latencies, 95), 1),
        # How close the slowest write came to the 30-second SQLite busy timeout.
        "max_ms": round(max(latencies, default=0.0), 1),
        "statuses": dict(statuses),
        "error_samples": samples,
    }


# Child process entry points -----------------------------------------------------------


def _probe_main(username: str, *, signin: bool) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from backstory.interactions.models import Interaction
    from backstory.people.models import Person
    from backstory.workspaces.selectors import membership_for
    from backstory.workspaces.services import signin_link_create

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        sys.exit(f"There is no user {username!r}.")
    membership = membership_for(user, None)
    if membership is None:
        sys.exit(f"{username!r} has no workspace.")
    workspace = membership.workspace
    # The page the web session opens on is this same workspace (membership_for, no choice).
    ids = list(Person.objects.filter(workspace=workspace, archived_at__isnull=True)
               .order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // 1000)
    answer = {
        "vendor": connection.vendor,
        "workspace_id": workspace.pk,
        "interactions": Interaction.objects.filter(workspace=workspace).count(),
        "people": ids[::step][:1000],
    }
    if signin:
        answer["token"] = signin_link_create(user=user)
    print(json.dumps(answer))


def _serve_main(fd: int, *, workers: int, threads: int) -> None:
    import django

    django.setup()
    from backstory.core.management.commands.serve import run_gunicorn

    run_gunicorn(bind=f"fd://{fd}", workers=workers, threads=threads)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m backstory.bench.load")
    verbs = parser.add_subparsers(dest="verb", required=True)
    serve = verbs.add_parser("serve", help="gunicorn on an inherited listening socket")
    serve.add_argument("--fd", type=int, required=True)
    serve.add_argument("--workers", type=int, default=2)
    serve.add_argument("--threads", type=int, default=4)
    probe = verbs.add_parser("probe", help="the user's workspace, as JSON")
    probe.add_argument("username")
    probe.add_argument("--signin", action="store_true", help="also make a sign-in link")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backstory.settings")
    if args.verb == "serve":
        _serve_main(args.fd, workers=args.workers, threads=args.threads)
    else:
        _probe_main(args.username, signin=args.signin)


if __name__ == "__main__":
    main()
