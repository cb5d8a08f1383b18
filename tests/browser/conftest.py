"""Browser tests: Playwright (from PyPI) driving Debian's Chromium at /usr/bin/chromium.

They run against pytest-django's live server. Chromium is never downloaded: when it is
missing, the tests skip and say how to install it.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.browser.signin import sign_in

CHROMIUM = os.environ.get("BACKSTORY_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM}: `apt-get install -y chromium`")
    # Playwright's sync API runs an event loop in this thread; the Django test database
    # is still used synchronously from the test, which is safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    # Anything the Content-Security-Policy refuses (an inline script or handler, eval, a
    # style element) fails the test that met it: the pages must work under the policy.
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.csp_violations = violations
    page.csp_violations_expected = False
    yield page
    context.close()
    assert page.csp_violations_expected or not violations, violations


@pytest.fixture
def signed_in_page(page, transactional_db):
    """A page signed in through the real sign-in form as the owner of a fresh workspace."""
    from backstory.workspaces.services import user_create

    user_create(username="olivia", password="correct horse battery")
    sign_in(page, "olivia")
    page.user_username = "olivia"
    return page


class JobWorker:
    """What runs the background jobs of a browser test; ``run()`` lets waiting jobs run."""

    def __init__(self, process=None):
        self.process = process

    def run(self) -> None:
        if self.process is not None:
            return  # the worker process takes them by itself
        import signal

        from django.core.management import call_command

        saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            call_command("worker", once=True, verbosity=0)
        finally:
            for signum, handler in saved.items():
                signal.signal(signum, handler)


@pytest.fixture
def job_worker(transactional_db):
    """Background jobs for the live server, on django-tasks' database backend.

    On PostgreSQL a real `backstory worker` process takes the jobs from the test database,
    as in production. SQLite's test database lives in this process's memory, where no
    other process can see it: there the test lets the waiting jobs run (``run()``), with
    the same worker in this thread, while the page polls.
    """
    import subprocess
    import sys

    from django.db import connection

    if connection.vendor != "postgresql":
        yield JobWorker()
        return
    db = connection.settings_dict
    url = (f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
           f"{db['PORT'] or 5432}/{db['NAME']}")
    environment = {**os.environ, "DATABASE_URL": url}
    worker = subprocess.Popen([sys.executable, "-m", "backstory.cli", "worker", "-v", "0",
                               "--interval", "0.2"], env=environment)
    yield JobWorker(worker)
    worker.terminate()
    worker.wait(timeout=20)
