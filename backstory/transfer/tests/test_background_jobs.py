"""Import previews and commits run as background jobs on django-tasks' database backend:
the request answers before the job runs, a worker takes the job from the database, its
progress is stored there, a job survives a restart, and the time limit stops it for real.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from backstory.core.errors import DomainError
from backstory.people.models import Person
from backstory.transfer import progress, tasks
from backstory.transfer.models import BatchStatus, ImportBatch, ImportRow
from backstory.transfer.services.write import Writer

from .conftest import fixture

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LINKEDIN = "linkedin_connections.csv"


@pytest.fixture
def database_jobs(settings):
    """The real backend: a job is a row in the database until a worker takes it."""
    settings.TASKS = DATABASE


def run_worker() -> None:
    """`backstory worker --once` in this process: runs the waiting jobs, then returns.

    The worker closes "old" connections between jobs, which inside a test's transaction
    would close the test's own connection: that one step is left out here.
    """
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        with mock.patch("django_tasks_db.management.commands.db_worker."
                        "close_old_connections", lambda: None):
            call_command("worker", once=True, verbosity=0)
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


def upload(client, name: str = LINKEDIN):
    return client.post(reverse("transfer:upload"),
                       {"file": SimpleUploadedFile(name, fixture(name).read_bytes())})


def test_an_upload_answers_before_its_preview_runs_and_a_worker_then_runs_it(
        database_jobs, owner_client, workspace):
    started = time.monotonic()
    response = upload(owner_client)
    assert time.monotonic() - started < 5
    batch = ImportBatch.objects.get(workspace=workspace)
    assert response.status_code == 302
    assert response.url == reverse("transfer:batch", kwargs={"batch_id": batch.pk})
    # The answer came before the job ran: the preview is a waiting row in the database.
    assert batch.status == BatchStatus.CHECKING
    assert not ImportRow.objects.filter(batch=batch).exists()
    job = DBTaskResult.objects.get()
    assert job.status == TaskResultStatus.READY
    assert job.task_path == "backstory.transfer.tasks.import_preview_job"
    page = owner_client.get(response.url).content.decode()
    assert "Reading the file" in page and 'id="import-progress"' in page
    assert 'id="import-table"' not in page

    run_worker()

    job.refresh_from_db()
    batch.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert batch.status == BatchStatus.PREVIEW
    assert ImportRow.objects.filter(batch=batch, action="create").count() == 4
    counts = progress.progress_read(batch.pk)
    assert counts["done"] == counts["total"] > 0  # the job's progress, in the database
    page = owner_client.get(response.url).content.decode()
    assert "Check what will happen" in page and "Dana Reyes" in page


def test_a_commit_answers_at_once_and_the_poll_shows_the_committed_page_when_done(
        database_jobs, owner_client, workspace):
    upload(owner_client)
    run_worker()
    batch = ImportBatch.objects.get(workspace=workspace)
    response = owner_client.post(reverse("transfer:commit", kwargs={"batch_id": batch.pk}))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.RUNNING
    assert not Person.objects.filter(workspace=workspace).exists()
    poll = owner_client.get(reverse("transfer:progress", kwargs={"batch_id": batch.pk}),
                            HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 500ms"' in poll.content.decode()
    assert "Waiting for the background job to start" in poll.content.decode()
    again = owner_client.post(reverse("transfer:commit", kwargs={"batch_id": batch.pk}),
                              follow=True)
    assert "This import is already running or finished." in again.content.decode()
    assert DBTaskResult.objects.filter(task_path__endswith="import_commit_job").count() == 1

    run_worker()

    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED
    assert Person.objects.filter(workspace=workspace).count() == 4
    poll = owner_client.get(reverse("transfer:progress", kwargs={"batch_id": batch.pk}),
                            HTTP_HX_REQUEST="true")
    assert poll["HX-Retarget"] == "#batch-page"
    body = poll.content.decode()
    assert "Import finished." in body and "✓ Imported" in body
    assert "Ready to review" not in body and 'id="import-progress"' not in body


def test_a_job_left_running_by_a_killed_worker_is_taken_up_by_the_next_worker(
        database_jobs, owner_client, workspace, settings):
    upload(owner_client)
    batch = ImportBatch.objects.get(workspace=workspace)
    # A worker claimed the job and was then killed (no chance to put it back).
    long_ago = timezone.now() - timedelta(seconds=settings.BACKSTORY_JOB_TIME_LIMIT + 120)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=long_ago,
                                worker_ids=["killed-worker"])

    run_worker()  # the restarted server's worker

    batch.refresh_from_db()
    assert batch.status == BatchStatus.PREVIEW
    assert ImportRow.objects.filter(batch=batch).count() > 0
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_a_worker_stopped_in_the_middle_of_a_commit_puts_the_job_back(
        database_jobs, owner_client, workspace, monkeypatch):
    upload(owner_client)
    run_worker()
    batch = ImportBatch.objects.get(workspace=workspace)
    owner_client.post(reverse("transfer:commit", kwargs={"batch_id": batch.pk}))
    real_write = Writer.write
    stops = []

    def stopped_once(self, planned):
        real_write(self, planned)  # some rows are written, then the worker is stopped
        if not stops:
            stops.append(1)
            raise SystemExit(1)

    monkeypatch.setattr(Writer, "write", stopped_once)
    with pytest.raises(SystemExit):
        tasks.import_commit_job.call(batch.pk, None)  # as the stopped worker ran it
    batch.refresh_from_db()
    assert batch.status == BatchStatus.RUNNING
    assert not Person.objects.filter(workspace=workspace).exists()  # rolled back

    run_worker()  # the next start

    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED
    assert Person.objects.filter(workspace=workspace).count() == 4


def test_a_commit_past_the_time_limit_is_stopped_and_writes_nothing(
        database_jobs, owner_client, workspace, settings, monkeypatch):
    upload(owner_client)
    run_worker()
    batch = ImportBatch.objects.get(workspace=workspace)
    preview_rows = ImportRow.objects.filter(batch=batch).count()
    settings.BACKSTORY_JOB_TIME_LIMIT = 1
    real_write = Writer.write

    def slow(self, planned):
        real_write(self, planned)
        time.sleep(1.3)  # past the deadline, which the import checks before it finishes

    monkeypatch.setattr(Writer, "write", slow)
    owner_client.post(reverse("transfer:commit", kwargs={"batch_id": batch.pk}))
    run_worker()

    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert "longer than the limit of 1 second (BACKSTORY_JOB_TIME_LIMIT)" in batch.message
    assert not Person.objects.filter(workspace=workspace).exists()
    assert ImportRow.objects.filter(batch=batch).count() == preview_rows
    page = owner_client.get(reverse("transfer:batch", kwargs={"batch_id": batch.pk}))
    assert "longer than the limit of 1 second" in page.content.decode()


def test_a_job_stuck_inside_one_step_is_interrupted_by_the_timer(
        database_jobs, owner_client, workspace, settings, monkeypatch):
    upload(owner_client)
    run_worker()
    batch = ImportBatch.objects.get(workspace=workspace)
    settings.BACKSTORY_JOB_TIME_LIMIT = 1

    def stuck(self, planned):
        time.sleep(60)  # one step that never comes back to check the deadline

    monkeypatch.setattr(Writer, "write", stuck)
    owner_client.post(reverse("transfer:commit", kwargs={"batch_id": batch.pk}))
    started = time.monotonic()
    run_worker()
    assert time.monotonic() - started < 10  # stopped at 1 s (+1 s for the timer)

    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert "longer than the limit of 1 second" in batch.message
    assert not Person.objects.filter(workspace=workspace).exists()


def test_a_preview_past_the_time_limit_fails_and_keeps_no_file(
        database_jobs, owner_client, workspace, settings, monkeypatch):
    from backstory.transfer.services import plan

    settings.BACKSTORY_JOB_TIME_LIMIT = 1
    real_plan = plan.Planner.plan_chunk

    def slow(self, chunk):
        time.sleep(1.3)
        return real_plan(self, chunk)

    monkeypatch.setattr(plan.Planner, "plan_chunk", slow)
    upload(owner_client)
    run_worker()
    batch = ImportBatch.objects.get(workspace=workspace)
    assert batch.status == BatchStatus.FAILED
    assert "limit of 1 second" in batch.message
    assert not batch.stored_path and not ImportRow.objects.filter(batch=batch).exists()


def test_starting_a_commit_twice_is_refused_by_the_service(database_jobs, owner_client,
                                                           workspace, owner):
    upload(owner_client)
    run_worker()
    batch = ImportBatch.objects.get(workspace=workspace)
    tasks.commit_start(workspace, by=owner, batch=batch)
    with pytest.raises(DomainError, match="already running or finished"):
        tasks.commit_start(workspace, by=owner, batch=batch)


# A real `backstory worker` process on a temp SQLite database ----------------------------


def _environment(home) -> dict:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(BACKSTORY_HOME=str(home), BACKSTORY_PASSWORD="correct horse battery")
    return environment


def _backstory(home, *args, input_text: str | None = None):
    environment = _environment(home)
    return subprocess.run([sys.executable, "-m", "backstory.cli", *args], env=environment,
                          capture_output=True, text=True, timeout=120, input=input_text)


def _status(home, batch_id: int) -> str:
    with sqlite3.connect(home / "backstory.sqlite3") as db:
        row = db.execute("SELECT status FROM transfer_importbatch WHERE id = ?",
                         [batch_id]).fetchone()
    return row[0]


def _wait_for(home, batch_id: int, status: str, worker) -> None:
    deadline = time.monotonic() + 60
    while _status(home, batch_id) != status:
        assert worker.poll() is None, worker.communicate()
        assert time.monotonic() < deadline, f"still {_status(home, batch_id)}"
        time.sleep(0.2)


ENQUEUE = """
from django.contrib.auth import get_user_model
from backstory.transfer import tasks
from backstory.transfer.models import ImportBatch
from backstory.workspaces.models import Workspace
user = get_user_model().objects.get(username="dana")
workspace = Workspace.objects.get(slug="dana")
{action}
"""


def test_a_backstory_worker_process_runs_the_jobs_it_finds_in_the_database(tmp_path):
    home = tmp_path / "home"
    created = _backstory(home, "adduser", "dana")
    assert created.returncode == 0, created.stderr
    upload = (f"batch = tasks.upload_start(workspace, by=user, name='{LINKEDIN}', "
              f"data=open({str(fixture(LINKEDIN))!r}, 'rb').read())\nprint(batch.pk)")
    enqueued = _backstory(home, "shell", input_text=ENQUEUE.format(action=upload))
    assert enqueued.returncode == 0, enqueued.stderr
    batch_id = int(enqueued.stdout.strip().splitlines()[-1])
    assert _status(home, batch_id) == "checking"  # waiting: no worker runs yet

    worker = subprocess.Popen([sys.executable, "-m", "backstory.cli", "worker",
                               "--interval", "0.2"], env=_environment(home),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(home, batch_id, "preview", worker)
        commit = (f"batch = ImportBatch.objects.get(pk={batch_id})\n"
                  "tasks.commit_start(workspace, by=user, batch=batch)")
        committed = _backstory(home, "shell", input_text=ENQUEUE.format(action=commit))
        assert committed.returncode == 0, committed.stderr
        _wait_for(home, batch_id, "committed", worker)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=20)
    assert worker.returncode == 0
    with sqlite3.connect(home / "backstory.sqlite3") as db:
        people = db.execute("SELECT count(*) FROM people_person").fetchone()[0]
    assert people == 4
