"""`backstory worker`: run the background jobs (import previews and commits).

A thin front to django-tasks' database worker (`db_worker`): it takes jobs from the
database one at a time (row locks, so any number of workers on any number of servers may
run side by side) and runs each in its main thread, where the job's time limit can
interrupt it. `backstory serve` starts one of these beside gunicorn.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from backstory.transfer.tasks import abandoned_jobs_recover
from backstory.webhooks.outbox import deliveries_resume


class Command(BaseCommand):
    help = "Run background jobs (import previews and commits, webhook deliveries) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="Run the jobs that are waiting, then exit.")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="Seconds between looks for new jobs (default 1).")

    def handle(self, *args, once: bool, interval: float, verbosity: int = 1, **options):
        recovered = abandoned_jobs_recover()
        if recovered and verbosity:
            self.stdout.write(f"Took up {recovered} job{'s' if recovered != 1 else ''} that "
                              "a stopped worker had left.")
        resumed = deliveries_resume()
        if resumed and verbosity:
            self.stdout.write(f"Took up {resumed} webhook deliver"
                              f"{'ies' if resumed != 1 else 'y'} left waiting.")
        call_command("db_worker", batch=once, interval=interval, reload=False,
                     startup_delay=not once, verbosity=verbosity)
