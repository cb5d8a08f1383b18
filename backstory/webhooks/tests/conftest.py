"""A real HTTP receiver on 127.0.0.1 and the real job backend for the webhook tests."""

from __future__ import annotations

import json
import re
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command

README = Path(__file__).resolve().parents[3] / "README.md"


class Receiver:
    """Records every request; answers with the queued statuses, then 200."""

    def __init__(self):
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    receiver.requests.append({"path": self.path, "headers": dict(self.headers),
                                              "body": body})
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                answer = b'{"ok": true}' if status < 300 else b"boom: try later"
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/backstory"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def events(self) -> list[dict]:
        return [json.loads(r["body"]) for r in self.requests]


@pytest.fixture
def receiver():
    server = Receiver()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def webhooks_local(settings):
    """The test receiver listens on 127.0.0.1: allowed here, as a local setup would; jobs
    wait in the database until a worker runs them (the real backend)."""
    settings.BACKSTORY_WEBHOOKS_ALLOW_PRIVATE = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    """`backstory worker --once` in this process (as transfer's job tests run it)."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        with mock.patch("django_tasks_db.management.commands.db_worker."
                        "close_old_connections", lambda: None):
            call_command("worker", once=True, verbosity=0)
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


def readme_verify():
    """The signature check exactly as the README prints it."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- webhook-verify -->\s*```python\n(.*?)```", text, re.S)
    assert block, "the README lost its webhook signature check"
    namespace: dict = {}
    exec(block.group(1), namespace)  # noqa: S102 - the README's own snippet
    return namespace["verify"]
