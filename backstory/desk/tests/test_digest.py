"""Digests reach a real SMTP server on 127.0.0.1 exactly once: on time, after the server
was down, with two schedulers racing, and from `backstory digest`."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default as email_policy
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connections, transaction

from backstory.desk.digest import digest_send_due, period_due
from backstory.desk.scheduler import DigestScheduler
from backstory.followups import services
from backstory.followups.models import DigestLog, DigestStatus, FollowupPrefs
from backstory.testing import make_action, make_interaction, make_person
from tests.smtp import free_port

MONDAY_0800 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def _daily(workspace, user, *, at="08:00", since=MONDAY_0800 - timedelta(days=3),
           address="olivia@example.com", frequency="daily", weekday=0):
    return services.digest_settings_update(
        workspace, by=user, now=since,
        data=services.DigestSettings(frequency=frequency,
                                     at=datetime.strptime(at, "%H:%M").time(),
                                     weekday=weekday, address=address),
    )


@pytest.fixture
def network(workspace):
    dana = make_person(workspace, "Dana Reyes", circle="internal")
    make_interaction(workspace, [dana], when=MONDAY_0800 - timedelta(days=47))
    make_action(workspace, "Send Dana the Q3 report", person=dana,
                due_on=(MONDAY_0800 - timedelta(days=1)).date())
    return dana


def test_a_due_digest_arrives_once_with_text_and_html(smtp, workspace, owner, network):
    _daily(workspace, owner)
    assert digest_send_due(now=MONDAY_0800 + timedelta(minutes=1)).sent
    assert digest_send_due(now=MONDAY_0800 + timedelta(minutes=2)).sent == []
    assert len(smtp.messages) == 1
    envelope = smtp.messages[0]
    assert envelope.rcpt_tos == ["olivia@example.com"]
    message = message_from_bytes(envelope.content, policy=email_policy)
    subject = str(message["Subject"]).strip()
    assert subject.startswith("Backstory · Monday 23 Nov: 1 person to reach out to")
    parts = {p.get_content_type(): p.get_content()
             for p in message.walk() if not p.is_multipart()}
    assert "Dana Reyes [Overdue]: last coffee 47 days ago — window 4–6 weeks" in \
        parts["text/plain"]
    assert "Send Dana the Q3 report" in parts["text/plain"]
    assert "<a href=" in parts["text/html"] and "Dana Reyes" in parts["text/html"]
    entry = DigestLog.objects.get()
    assert entry.status == DigestStatus.SENT and entry.period == "d2026-11-23"


def test_nothing_is_sent_before_the_time(smtp, workspace, owner, network):
    _daily(workspace, owner, since=MONDAY_0800 - timedelta(hours=1))
    assert digest_send_due(now=MONDAY_0800 - timedelta(minutes=1)).sent == []
    assert smtp.messages == []


def test_turning_the_digest_on_late_waits_for_the_next_time(smtp, workspace, owner, network):
    _daily(workspace, owner, since=MONDAY_0800 + timedelta(hours=7))  # set at 15:00
    assert digest_send_due(now=MONDAY_0800 + timedelta(hours=8)).sent == []
    assert digest_send_due(now=MONDAY_0800 + timedelta(days=1, minutes=1)).sent
    assert len(smtp.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_a_digest_missed_while_the_server_was_down_is_sent_once_when_it_is_back(
        smtp, workspace, owner, network):
    _daily(workspace, owner)
    # Down from Sunday evening to Wednesday 11:00: Monday's, Tuesday's and Wednesday's
    # 08:00 digests were missed. The scheduler starts and sends one — Wednesday's.
    back = MONDAY_0800 + timedelta(days=2, hours=3)
    scheduler = DigestScheduler(interval=3600)
    import time_machine

    with time_machine.travel(back, tick=True):
        scheduler.start()
        for _ in range(100):
            if scheduler.rounds:
                break
            time.sleep(0.05)
        scheduler.stop()
        scheduler.join(5)
        assert digest_send_due(now=back + timedelta(minutes=5)).sent == []
    assert len(smtp.messages) == 1
    assert DigestLog.objects.get().period == "d2026-11-25"


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_racing_send_one_digest(smtp, personas, network):
    workspace, owner = personas.workspace, personas.owner
    _daily(workspace, owner)
    now = MONDAY_0800 + timedelta(minutes=3)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def scheduler():
        try:
            barrier.wait(5)
            results.append(digest_send_due(now=now))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sum(len(r.sent) for r in results) == 1
    assert len(smtp.messages) == 1
    assert DigestLog.objects.count() == 1


def test_the_send_log_refuses_a_second_digest_for_the_same_period(workspace, owner):
    row = {"workspace": workspace, "user": owner, "period": "d2026-11-23",
           "scheduled_for": MONDAY_0800, "claimed_at": MONDAY_0800, "status": "sent"}
    DigestLog.objects.create(**row)
    with pytest.raises(IntegrityError), transaction.atomic():
        DigestLog.objects.create(**row)


def test_a_failed_digest_shows_why_on_settings_and_is_retried_once(settings, smtp, workspace,
                                                                   owner, network,
                                                                   owner_client):
    _daily(workspace, owner)
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there
    first = MONDAY_0800 + timedelta(minutes=1)
    assert digest_send_due(now=first).failed
    page = owner_client.get("/settings/").text
    assert "Not sent" in page and "ConnectionRefusedError" in page
    settings.EMAIL_PORT = working_port
    assert digest_send_due(now=first + timedelta(minutes=2)).sent == []  # too soon to retry
    assert digest_send_due(now=first + timedelta(minutes=11)).sent
    assert digest_send_due(now=first + timedelta(minutes=30)).sent == []
    assert len(smtp.messages) == 1
    assert DigestLog.objects.get().attempts == 2
    assert "Last digest sent" in owner_client.get("/settings/").text


def test_weekly_digests_go_out_on_the_chosen_day(smtp, workspace, owner, network):
    _daily(workspace, owner, frequency="weekly", weekday=2, at="07:30")  # Wednesdays
    prefs = FollowupPrefs.objects.get(user=owner)
    assert period_due(prefs, MONDAY_0800) is None  # last Wednesday is before "since"
    wednesday = MONDAY_0800 + timedelta(days=2)
    assert period_due(prefs, wednesday)[0] == "w2026-W48"
    assert digest_send_due(now=wednesday).sent
    assert digest_send_due(now=wednesday + timedelta(days=3)).sent == []
    assert len(smtp.messages) == 1


def test_the_digest_command_sends_due_digests_for_cron(smtp, workspace, owner, network):
    _daily(workspace, owner)
    out = StringIO()
    call_command("digest", "--now", "2026-11-23T08:05+00:00", stdout=out)
    assert "sent: olivia" in out.getvalue()
    call_command("digest", "--now", "2026-11-23T08:10+00:00", stdout=out)
    assert "No digest is due." in out.getvalue()
    assert len(smtp.messages) == 1


def test_digest_settings_are_saved_from_the_settings_page_with_an_audit_entry(owner_client,
                                                                              workspace, owner):
    from backstory.workspaces.models import Activity

    response = owner_client.post("/settings/follow-ups/", {
        "save_digest": "1", "frequency": "daily", "at": "07:45", "weekday": "0",
        "address": "olivia@example.com", "next": "/settings/"})
    assert response.status_code == 302
    prefs = FollowupPrefs.objects.get(user=owner)
    assert prefs.digest_frequency == "daily" and prefs.digest_time.strftime("%H:%M") == "07:45"
    assert Activity.objects.filter(workspace=workspace, action="digest.settings_updated").exists()
    response = owner_client.post("/settings/follow-ups/", {
        "save_digest": "1", "frequency": "daily", "at": "07:45", "weekday": "0",
        "address": "not-an-address"})
    assert response.status_code == 200 and "Enter a valid email address" in response.text


def test_serve_starts_the_digest_scheduler(monkeypatch, personas):
    from backstory.core.management.commands import serve

    started = []
    monkeypatch.setattr("backstory.desk.scheduler.start_scheduler",
                        lambda: started.append(True))
    monkeypatch.setattr(serve.Command, "_gunicorn", lambda self, *a: None)
    call_command("serve", "--no-demo", stdout=StringIO())
    assert started == [True]
    call_command("serve", "--no-demo", "--no-scheduler", stdout=StringIO())
    assert started == [True]
