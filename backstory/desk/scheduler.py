"""The digest scheduler that `backstory serve` runs in a background thread.

It checks once a minute (``BACKSTORY_SCHEDULER_INTERVAL`` seconds) and right away on
start, so that a digest missed while the server was down goes out as soon as it is back.
Running several (two servers, or a server and `backstory digest` from cron) is safe: the
send log's unique key lets one of them send each digest.
"""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections, connection

from .digest import digest_send_due

log = logging.getLogger(__name__)


class DigestScheduler(threading.Thread):
    def __init__(self, interval: float = 60.0):
        super().__init__(name="backstory-digests", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()
        self.rounds = 0

    def run(self) -> None:
        while True:
            self.tick()
            if self.stopped.wait(self.interval):
                break

    def tick(self) -> None:
        close_old_connections()
        try:
            run = digest_send_due()
            if run.sent or run.failed:
                log.info("digests sent: %s; failed: %s", run.sent, run.failed)
        except Exception:  # noqa: BLE001 - the thread must survive a bad round
            log.exception("the digest round failed; trying again in %ss", self.interval)
        finally:
            connection.close()
            self.rounds += 1

    def stop(self) -> None:
        self.stopped.set()


def start_scheduler(interval: float | None = None) -> DigestScheduler:
    from django.conf import settings

    scheduler = DigestScheduler(interval or settings.BACKSTORY_SCHEDULER_INTERVAL)
    scheduler.start()
    return scheduler
