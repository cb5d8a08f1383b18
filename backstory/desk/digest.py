"""The digest: an e-mail with the agenda, sent once per member and period, never twice.

How "once" is kept:

* Each member's schedule (daily or weekly, at a time in the workspace's time zone) gives,
  at any moment, the latest scheduled time that has passed: its *period* ("d2026-11-03",
  "w2026-W45"). That is the one digest that is due; older periods are not sent later
  (a server that was down for three days sends one digest when it is back, not three).
* A scheduler claims a period by inserting its ``DigestLog`` row. The unique key
  (workspace, user, period) lets exactly one insert succeed, on SQLite and PostgreSQL
  alike, whether the other scheduler is a thread, a process, ``backstory digest`` from
  cron, or the same server after a restart.
* A failed send (SMTP down) is retried on later rounds, up to ``MAX_ATTEMPTS``, each
  retry claimed by a conditional UPDATE so that two schedulers cannot both retry.
* Times before ``FollowupPrefs.digest_since`` (when the schedule was set) are not due:
  turning the digest on at 15:00 does not send this morning's digest.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from backstory.followups.models import DigestFrequency, DigestLog, DigestStatus, FollowupPrefs
from backstory.workspaces.clock import workspace_today, workspace_tz

from .agenda import today_agenda

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
RETRY_AFTER = timedelta(minutes=10)


@dataclass
class DigestRun:
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def period_due(prefs: FollowupPrefs, now: datetime) -> tuple[str, datetime] | None:
    """The period whose scheduled time is the latest one at or before ``now``."""
    if prefs.digest_frequency == DigestFrequency.OFF:
        return None
    tz = workspace_tz(prefs.workspace)
    local = now.astimezone(tz)
    day = local.date()
    if prefs.digest_frequency == DigestFrequency.WEEKLY:
        day -= timedelta(days=(day.weekday() - prefs.digest_weekday) % 7)
        step = timedelta(weeks=1)
    else:
        step = timedelta(days=1)
    scheduled = datetime.combine(day, prefs.digest_time, tzinfo=tz)
    if scheduled > now:
        scheduled = datetime.combine(day - step, prefs.digest_time, tzinfo=tz)
    if prefs.digest_since is not None and scheduled < prefs.digest_since:
        return None
    if prefs.digest_frequency == DigestFrequency.WEEKLY:
        year, week, _ = scheduled.date().isocalendar()
        return f"w{year}-W{week:02d}", scheduled
    return f"d{scheduled.date().isoformat()}", scheduled


def _claim(prefs: FollowupPrefs, period: str, scheduled: datetime,
           now: datetime) -> DigestLog | None:
    """Take the period for this scheduler, or None when another one has it."""
    try:
        with transaction.atomic():
            return DigestLog.objects.create(
                workspace=prefs.workspace, user=prefs.user, period=period,
                scheduled_for=scheduled, status=DigestStatus.SENDING, claimed_at=now,
            )
    except IntegrityError:
        pass
    except OperationalError as error:  # SQLite busy beyond its timeout: next round
        log.warning("digest claim for %s deferred: %s", prefs.user, error)
        return None
    retry = DigestLog.objects.filter(
        workspace=prefs.workspace, user=prefs.user, period=period,
        status=DigestStatus.FAILED, attempts__lt=MAX_ATTEMPTS,
        claimed_at__lte=now - RETRY_AFTER,
    )
    if retry.update(status=DigestStatus.SENDING, attempts=F("attempts") + 1, claimed_at=now):
        return DigestLog.objects.get(workspace=prefs.workspace, user=prefs.user, period=period)
    return None


def render_digest(prefs: FollowupPrefs, *, now: datetime) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of one member's digest."""
    workspace = prefs.workspace
    today = workspace_today(workspace, now)
    agenda = today_agenda(workspace, user=prefs.user, today=today, now=now)
    due = agenda.reach_out_total
    parts = [f"{due} {'person' if due == 1 else 'people'} to reach out to"]
    if agenda.action_items:
        n = len(agenda.action_items)
        parts.append(f"{n} action item{'s' if n != 1 else ''} due")
    subject = f"Backstory · {today:%A %-d %b}: " + ", ".join(parts)
    context = {"agenda": agenda, "workspace": workspace, "user": prefs.user,
               "site": settings.SITE_URL, "today": today,
               "weekly": prefs.digest_frequency == DigestFrequency.WEEKLY}
    text = render_to_string("followups/email/digest.txt", context)
    html = render_to_string("followups/email/digest.html", context)
    return subject, text, html


def _send(prefs: FollowupPrefs, entry: DigestLog, now: datetime) -> str:
    address = prefs.digest_address or prefs.user.email
    entry.address = address
    if not address:
        entry.status, entry.error = DigestStatus.SKIPPED, "no e-mail address to send it to."
        entry.save(update_fields=["status", "error", "address"])
        return entry.status
    try:
        subject, text, html = render_digest(prefs, now=now)
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
        message.attach_alternative(html, "text/html")
        message.send()
    except Exception as error:  # noqa: BLE001 - any failure is shown on Settings
        entry.status = DigestStatus.FAILED
        entry.error = f"{type(error).__name__}: {error}"[:500]
        entry.save(update_fields=["status", "error", "address"])
        log.warning("digest for %s failed: %s", prefs.user, entry.error)
        return entry.status
    entry.status, entry.error, entry.sent_at = DigestStatus.SENT, "", timezone.now()
    entry.save(update_fields=["status", "error", "sent_at", "address"])
    return entry.status


def digest_send_due(*, now: datetime | None = None) -> DigestRun:
    """Send every digest that is due and not sent yet (the scheduler and the command)."""
    now = now or timezone.now()
    run = DigestRun()
    prefs_list = (
        FollowupPrefs.objects.exclude(digest_frequency=DigestFrequency.OFF)
        .filter(workspace__memberships__user=F("user"))
        .select_related("workspace", "user")
        .order_by("id")
    )
    for prefs in prefs_list:
        due = period_due(prefs, now)
        if due is None:
            continue
        period, scheduled = due
        entry = _claim(prefs, period, scheduled, now)
        if entry is None:
            continue
        status = _send(prefs, entry, now)
        label = f"{prefs.user.get_username()} ({prefs.workspace.slug}, {period})"
        {DigestStatus.SENT: run.sent, DigestStatus.FAILED: run.failed}.get(
            status, run.skipped).append(label)
    return run
