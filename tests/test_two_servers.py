"""Two `backstory serve` processes on one PostgreSQL database and one Redis serve the same
workspace: a session made on one is good on the other, every digest goes out exactly once
though both schedulers run, each background job runs once on whichever server's worker
takes it and its progress shows on both, and the shared cache is one cache.

Each server has a data directory of its own (as on two machines); they share what the
README's "More than one server" says they must: the database, Redis, the secret key and
the upload folder. The mails go to a real SMTP server (aiosmtpd) on 127.0.0.1.

Needs DATABASE_URL on PostgreSQL and BACKSTORY_REDIS_URL (a Redis database of the tests'
own: the tests empty it); skipped otherwise.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from backstory.core.caching import workspace_key
from backstory.followups.models import DigestFrequency, DigestLog, DigestStatus, FollowupPrefs
from backstory.people.models import Tag
from backstory.testing import make_person, make_personas
from backstory.transfer.models import BatchStatus, ImportBatch
from backstory.workspaces.clock import workspace_tz
from backstory.workspaces.models import Membership, Role
from backstory.workspaces.services import user_create
from tests.smtp import SmtpServer, free_port

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
MEMBERS = 6


@pytest.fixture(autouse=True)
def _needs_postgres_and_redis():
    if connection.vendor != "postgresql":
        pytest.skip("two servers share one database: needs DATABASE_URL on PostgreSQL")
    if not settings.REDIS_URL:
        pytest.skip("two servers share one cache: needs BACKSTORY_REDIS_URL")


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server.port, server.inbox


def _database_url() -> str:
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "postgres")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return (f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            f"/{db['NAME']}")


class Server:
    def __init__(self, process: subprocess.Popen, port: int):
        self.process, self.port = process, port
        self.url = f"http://127.0.0.1:{port}"

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 90
        while True:
            assert self.process.poll() is None, self.process.communicate()
            try:
                with urllib.request.urlopen(f"{self.url}/signin/", timeout=2):
                    return
            except OSError:
                assert time.monotonic() < deadline, "serve did not answer within 90 s"
                time.sleep(0.3)


@pytest.fixture
def servers(tmp_path, smtp):
    """Two servers, as on two machines, each with its gunicorn, scheduler and worker."""
    smtp_port, _ = smtp
    shared_uploads = tmp_path / "shared-uploads"
    shared_uploads.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKSTORY_")}
    env.update(
        DATABASE_URL=_database_url(), BACKSTORY_REDIS_URL=settings.REDIS_URL,
        BACKSTORY_SECRET_KEY=settings.SECRET_KEY, BACKSTORY_UPLOADS_DIR=str(shared_uploads),
        BACKSTORY_EMAIL_HOST="127.0.0.1", BACKSTORY_EMAIL_PORT=str(smtp_port),
        BACKSTORY_SCHEDULER_INTERVAL="1", BACKSTORY_LOG_LEVEL="WARNING",
    )
    started = []
    for n in (1, 2):
        home = tmp_path / f"server{n}"
        home.mkdir()
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "backstory.cli", "serve", "--no-demo", "--port", str(port),
             "--workers", "1", "--threads", "2"],
            env={**env, "BACKSTORY_HOME": str(home), "HOME": str(home)}, cwd=tmp_path,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        started.append(Server(process, port))
    try:
        for server in started:
            server.wait_until_up()
        yield started
    finally:
        for server in started:
            server.process.terminate()
        for server in started:
            try:
                server.process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.communicate()


class Browser:
    """A browser's cookies, sent to whichever server the request goes to."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def cookie(self, name: str) -> str:
        return next(c.value for c in self.jar if c.name == name)

    def get(self, server: Server, path: str, **headers) -> tuple[str, str]:
        request = urllib.request.Request(server.url + path, headers=headers)
        with self.opener.open(request, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def post(self, server: Server, path: str, fields: dict, *, files: dict | None = None,
             referer_path: str = "/") -> tuple[str, str]:
        _, page = self.get(server, referer_path)
        token = self.cookie("csrftoken")
        fields = {"csrfmiddlewaretoken": token, **fields}
        if files:
            boundary = uuid.uuid4().hex
            parts = []
            for name, value in fields.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                             f"\r\n\r\n{value}\r\n".encode())
            for name, (filename, data) in files.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                             f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
                             + data + b"\r\n")
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            kind = f"multipart/form-data; boundary={boundary}"
        else:
            body, kind = urllib.parse.urlencode(fields).encode(), \
                "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            server.url + path, data=body, method="POST",
            headers={"Content-Type": kind, "Referer": server.url + referer_path})
        with self.opener.open(request, timeout=30) as response:
            return response.geturl(), response.read().decode()


def _linkedin_csv(rows: int) -> bytes:
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [f"Member{i:05d},Contact,https://www.linkedin.com/in/member-{i:05d},"
              f"member{i:05d}@example.org,Firm {i % 40},Editor,07 Dec 2025"
              for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def _wait(condition, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds} s"
        time.sleep(0.2)


def test_two_servers_share_sessions_send_each_digest_once_run_each_job_once_and_share_the_cache(
        servers, smtp):
    one, two = servers
    _, inbox = smtp
    personas = make_personas()
    workspace, owner = personas.workspace, personas.owner
    owner.set_password(PASSWORD)
    owner.email = "olivia@example.org"
    owner.save()
    make_person(workspace, "Jo Journalist", tags=["tech"])

    # A session made by signing in on server 1 is good on server 2.
    browser = Browser()
    browser.post(one, "/signin/", {"username": "olivia", "password": PASSWORD},
                 referer_path="/signin/")
    session = browser.cookie("sessionid")
    on_two = urllib.request.Request(f"{two.url}/people/",
                                    headers={"Cookie": f"sessionid={session}"})
    with urllib.request.urlopen(on_two, timeout=30) as response:
        assert response.geturl() == f"{two.url}/people/", "server 2 sent us to sign in"
        assert "Jo Journalist" in response.read().decode()

    # The cache is one: what server 1 cached, server 2 reads; a write through server 2
    # makes server 1 read afresh.
    browser.get(one, "/people/")
    workspace.refresh_from_db()
    key = workspace_key(workspace, "people-filter-menus")
    cached = cache.get(key)
    assert cached is not None, "server 1 did not fill the shared cache"
    assert [t.name for t in cached["tags"]] == ["tech"], "server 1 did not fill the cache"
    cache.set(key, {**cached, "tags": [Tag(name="only-in-the-cache")]})
    _, page = browser.get(two, "/people/")
    assert "#only-in-the-cache" in page, "server 2 does not read the cache server 1 wrote"
    browser.post(two, "/people/new/", {"name": "Cat Customer", "circle": "other",
                                       "tags": "fintech"}, referer_path="/people/new/")
    _, page = browser.get(one, "/people/")
    assert "#fintech" in page and "#tech" in page and "only-in-the-cache" not in page

    # Background jobs: four uploads through either server; each preview runs exactly once,
    # on whichever worker takes it, and both servers show its progress and its outcome.
    batches = []
    for n, server in enumerate([one, two, one, two]):
        url, _ = browser.post(server, "/transfer/upload/", {"format": ""},
                              files={"file": (f"connections{n}.csv", _linkedin_csv(3000))},
                              referer_path="/transfer/")
        batches.append(int(re.search(r"/transfer/batches/(\d+)/", url).group(1)))
    seen_running: set[int] = set()

    def previews_ready():
        for batch_id in batches:
            for server in (one, two):
                _, html = browser.get(server, f"/transfer/batches/{batch_id}/progress/",
                                      **{"HX-Request": "true"})
                if "Reading the file" in html:
                    seen_running.add(server.port)
        return all(ImportBatch.objects.get(pk=b).status == BatchStatus.PREVIEW for b in batches)

    _wait(previews_ready, seconds=120, what="four previews")
    # The progress is written by whichever worker runs the job and read by both servers.
    assert seen_running == {one.port, two.port}, "a server never showed a job's progress"
    for batch_id in batches:
        jobs = [j for j in DBTaskResult.objects.all()
                if (j.args_kwargs.get("args") or [None])[0] == batch_id]
        assert len(jobs) == 1 and jobs[0].status == TaskResultStatus.SUCCESSFUL, jobs
        assert len(jobs[0].worker_ids) == 1, "a job ran on more than one worker"
        for server in (one, two):
            _, html = browser.get(server, f"/transfer/batches/{batch_id}/")
            assert "Member00000 Contact" in html or "3,000" in html, html[:2000]

    # Digests: six members' digests fall due while both schedulers run (every second).
    members = [owner]
    for i in range(MEMBERS - 1):
        user = user_create(username=f"member{i}", password=None, email=f"member{i}@example.org")
        Membership.objects.create(workspace=workspace, user=user, role=Role.EDITOR)
        members.append(user)
    now = timezone.now()
    local = (now - timedelta(minutes=1)).astimezone(workspace_tz(workspace))
    for user in members:
        FollowupPrefs.objects.update_or_create(workspace=workspace, user=user, defaults={
            "digest_frequency": DigestFrequency.DAILY, "digest_time": local.time(),
            "digest_since": now - timedelta(hours=1)})
    _wait(lambda: len(inbox.mails) >= MEMBERS, seconds=60, what="six digests")
    time.sleep(4)  # several more rounds of both schedulers
    recipients = sorted(r for rcpts, _ in inbox.mails for r in rcpts)
    assert recipients == sorted(u.email for u in members), recipients
    assert DigestLog.objects.filter(status=DigestStatus.SENT).count() == MEMBERS
    for server in servers:
        assert server.process.poll() is None, "a server stopped during the test"
