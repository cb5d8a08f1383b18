"""`backstory digest`: send the digests that are due (for those who prefer cron)."""

from __future__ import annotations

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from backstory.desk.digest import digest_send_due


class Command(BaseCommand):
    help = ("Send every digest that is due and not sent yet. Safe to run from cron every "
            "few minutes, also next to `backstory serve`: each digest goes out once.")

    def add_arguments(self, parser):
        parser.add_argument("--now", metavar="ISO", help="Pretend it is this time (tests).")

    def handle(self, *args, now=None, **options):
        when = timezone.now()
        if now:
            try:
                when = datetime.fromisoformat(now)
            except ValueError:
                raise CommandError(f"--now '{now}' is not a date and time "
                                   "(e.g. 2026-11-03T08:05+00:00).") from None
            if timezone.is_naive(when):
                when = timezone.make_aware(when)
        run = digest_send_due(now=when)
        for label in run.sent:
            self.stdout.write(self.style.SUCCESS(f"sent: {label}"))
        for label in run.skipped:
            self.stdout.write(f"skipped: {label}")
        for label in run.failed:
            self.stderr.write(self.style.ERROR(f"failed: {label}"))
        if not (run.sent or run.failed or run.skipped):
            self.stdout.write("No digest is due.")
        if run.failed:
            raise CommandError(f"{len(run.failed)} digest(s) failed; see Settings for why.")
