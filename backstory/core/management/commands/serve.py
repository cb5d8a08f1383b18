"""`backstory serve`: migrate, prepare the first start, and serve the app."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from backstory.core.startlock import one_start_at_a_time
from backstory.demo.firststart import first_user_create, signin_instructions


class Command(BaseCommand):
    help = "Set up the database and serve Backstory (on 127.0.0.1:8000 by default)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument("--no-demo", action="store_true",
                            help="On first start, create an empty workspace instead of the demo.")
        parser.add_argument("--dev", action="store_true",
                            help="Django's development server, reloading on code changes.")
        parser.add_argument("--no-scheduler", action="store_true",
                            help="Do not send digests from this process (e.g. cron runs "
                                 "`backstory digest`).")
        parser.add_argument("--no-worker", action="store_true",
                            help="Do not start a background-job worker (run `backstory "
                                 "worker` elsewhere, e.g. on another machine).")

    def handle(self, *args, host, port, workers, threads, no_demo, dev, no_scheduler=False,
               no_worker=False, **options):
        url = f"http://{host}:{port}"
        # Two servers started together: the second waits, then finds the migrations run
        # and the first user made.
        with one_start_at_a_time():
            call_command("migrate", verbosity=0, interactive=False)
            # Fresh planner statistics at every start (a second at 50,000 people): without
            # them SQLite may walk a whole workspace's rows to find one person's.
            from backstory.followups.stored import planner_statistics

            planner_statistics()
            self._first_start(url, demo=not no_demo)
        # The digest schedule runs in a thread of this (gunicorn master) process; with the
        # reloading dev server, only in the child that serves (RUN_MAIN).
        serving = not dev or os.environ.get("RUN_MAIN") == "true"
        if not no_scheduler and serving:
            from backstory.desk.scheduler import start_scheduler

            start_scheduler()
        # With the reloading dev server, the worker belongs to the process that restarts
        # the server (a reload would otherwise leave a worker behind each time).
        worker_here = not dev or os.environ.get("RUN_MAIN") != "true"
        with background_worker(enabled=worker_here and not no_worker):
            if dev:
                call_command("runserver", f"{host}:{port}")
                return
            self._gunicorn(host, port, workers, threads)

    def _first_start(self, url: str, *, demo: bool) -> None:
        User = get_user_model()
        users = list(User.objects.order_by("id")[:2])
        if not users:
            if demo:
                self.stdout.write("Preparing the demo workspace (one moment)…")
            users = [first_user_create(demo=demo, stdout=self.stdout)]
        owner = users[0]
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Backstory is running at {url}/"))
        if len(users) == 1 and not owner.has_usable_password():
            self.stdout.write(signin_instructions(owner, url))
        else:
            self.stdout.write(f"Sign in at {url}/signin/ — forgot the password? "
                              "Run `backstory signin-link USERNAME`.")
        self.stdout.write("Press Ctrl+C to stop.\n")

    def _gunicorn(self, host: str, port: int, workers: int, threads: int) -> None:
        run_gunicorn(bind=f"{host}:{port}", workers=workers, threads=threads)


@contextmanager
def background_worker(*, enabled: bool):
    """`backstory worker` as a child process for as long as the server runs.

    On the way out it is asked to stop (SIGTERM: it finishes the job in hand); a job that
    is still running after 10 seconds is interrupted (a second SIGTERM), which rolls its
    transaction back and puts it back in the queue for the next start.
    """
    if not enabled:
        yield None
        return
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        # Stopped with SIGTERM (a service manager, `kill`), leave through the finally below
        # rather than at once. Gunicorn installs handlers of its own that do the same.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    # A session of its own, so that Ctrl+C in the terminal reaches only the server, which
    # then stops the worker as below.
    child = subprocess.Popen([sys.executable, "-m", "backstory.cli", "worker", "-v", "0"],
                             start_new_session=True)
    try:
        yield child
    finally:
        for signum, wait in ((signal.SIGTERM, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            if child.poll() is not None:
                break
            child.send_signal(signum)
            try:
                child.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue


def run_gunicorn(*, bind: str, workers: int, threads: int) -> None:
    """Serve the app under gunicorn until it is stopped; `backstory bench` serves this way too.

    `bind` is what gunicorn takes: "HOST:PORT", or "fd://N" for a socket the caller opened.
    """
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from backstory.wsgi import application

    # Workers are forked from this process: they must not share its connections.
    connections.close_all()

    class App(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", bind)
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("accesslog", "-" if settings.DEBUG else None)
            # The terminal shows the sign-in link; gunicorn's start-up chatter would bury it.
            self.cfg.set("loglevel", "info" if settings.DEBUG else "warning")
            self.cfg.set("timeout", 120)
            self.cfg.set("graceful_timeout", 10)
            # gunicorn 25.1+ opens a control socket under $HOME (or XDG_RUNTIME_DIR) by
            # default; Backstory writes nothing outside BACKSTORY_HOME and does not use it.
            if "control_socket_disable" in self.cfg.settings:
                self.cfg.set("control_socket_disable", True)

        def load(self):
            return application

    App().run()
