"""A real SMTP server on 127.0.0.1 for the tests that send mail (digests, invitations,
two servers): aiosmtpd's controller on a free port, and an inbox of what it received."""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes
from email.policy import default as email_policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """What the server received: ``messages`` (aiosmtpd envelopes) in order of arrival."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(envelope)
        return "250 Message accepted"

    def texts(self) -> list[str]:
        return [message_from_bytes(m.content, policy=email_policy).get_content()
                for m in self.messages]

    @property
    def mails(self) -> list[tuple[list[str], str]]:
        """(recipients, raw text) of every message."""
        return [(list(m.rcpt_tos), m.content.decode("utf8", "replace")) for m in self.messages]


class SmtpServer:
    """``with SmtpServer() as server:`` — a started server; ``server.port``, ``server.inbox``."""

    def __init__(self):
        self.inbox = Inbox()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=free_port())

    @property
    def port(self) -> int:
        return self.controller.port

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
