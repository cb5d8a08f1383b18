"""One POST of a webhook delivery: signed, to a checked address, bounded in time and size.

- **Signature**: ``Backstory-Signature: t=<unix time>,v1=<hex HMAC-SHA256>`` of
  ``"<t>.<body>"`` with the webhook's secret. The timestamp is part of what is signed, so
  a receiver that refuses old timestamps (five minutes, say) cannot be fooled by a replay.
- **Addresses** (webhook URLs are typed by a user; the server must not become a way into
  its own network): only http and https; the host is resolved once and every address it
  resolves to must be a public one — loopback, private, link-local, shared, reserved and
  multicast addresses are refused unless ``BACKSTORY_WEBHOOKS_ALLOW_PRIVATE`` is set —
  and the connection goes to the address that was checked (no second look-up that could
  answer differently). TLS still verifies the certificate for the host name.
- **Redirects are never followed**: a 3xx counts as a failed attempt, its Location shown.
- **Bounds**: a timeout on connecting and on every read (``BACKSTORY_WEBHOOKS_TIMEOUT``);
  at most 64 KiB of the answer is read, and its first 2,000 characters kept for the log.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

READ_LIMIT = 64 * 1024
EXCERPT = 2000
USER_AGENT = "Backstory-Webhooks/1"


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """The value of the Backstory-Signature header."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


class Refused(Exception):
    """The URL may not be called (its scheme, or an address it resolves to)."""


def _allow_private() -> bool:
    return bool(getattr(settings, "BACKSTORY_WEBHOOKS_ALLOW_PRIVATE", False))


def address_refusal(address: str) -> str | None:
    """Why a webhook may not connect to this IP address, or None."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if _allow_private():
        return None
    if ip.is_global and not ip.is_multicast:
        return None
    return (f"{address} is a private, loopback or reserved address; webhooks are sent only "
            "to public addresses (BACKSTORY_WEBHOOKS_ALLOW_PRIVATE=1 allows others).")


def url_refusal(url: str) -> str | None:
    """Why this URL cannot be a webhook's, as far as can be told without a DNS look-up."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "That is not a web address."
    if parts.scheme not in ("http", "https"):
        return "A webhook URL starts with https:// (or http://)."
    if not parts.hostname:
        return "The address has no host name."
    if port == 0:
        return "Port 0 cannot be called."
    host = parts.hostname
    if not _allow_private() and (host == "localhost" or host.endswith(".localhost")):
        return ("localhost is this server itself; webhooks are sent only to public "
                "addresses (BACKSTORY_WEBHOOKS_ALLOW_PRIVATE=1 allows others).")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return None
    return address_refusal(host)


def resolve(host: str, port: int) -> str:
    """The address to connect to: every address of ``host`` must be allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise Refused(f"{host} could not be found ({error.strerror}).") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for address in addresses:
        refusal = address_refusal(address)
        if refusal:
            raise Refused(f"{host}: {refusal}")
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


@dataclass
class Answer:
    ok: bool
    status: int | None = None
    excerpt: str = ""
    error: str = ""
    duration_ms: int = 0


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST ``body`` to ``url``; never raises: what went wrong is in the answer."""
    started = time.monotonic()
    timeout = settings.BACKSTORY_WEBHOOKS_TIMEOUT

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    refusal = url_refusal(url)
    if refusal:
        return Answer(ok=False, error=refusal[:300])
    parts = urlsplit(url)
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    connection = None
    try:
        address = resolve(parts.hostname, port)
        kind = _PinnedHTTPS if https else _PinnedHTTP
        connection = kind(parts.hostname, port, address=address, timeout=timeout)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("POST", path, body=body, headers={
            "Content-Type": "application/json", "User-Agent": USER_AGENT, **headers})
        response = connection.getresponse()
        text = response.read(READ_LIMIT).decode("utf-8", errors="replace")[:EXCERPT]
        status = response.status
    except Refused as error:
        return Answer(ok=False, error=str(error)[:300], duration_ms=elapsed())
    except TimeoutError:
        return Answer(ok=False, error=f"No answer within {timeout} seconds.",
                      duration_ms=elapsed())
    except (OSError, http.client.HTTPException) as error:
        reason = str(error) or type(error).__name__
        return Answer(ok=False, error=f"Could not deliver: {reason}"[:300],
                      duration_ms=elapsed())
    finally:
        if connection is not None:
            connection.close()
    error = ""
    if 300 <= status < 400:
        location = response.getheader("Location", "")
        error = f"Redirected to {location or 'another address'}: redirects are not followed."
    elif not 200 <= status < 300:
        error = f"Answered {status} {response.reason}".strip()
    return Answer(ok=200 <= status < 300, status=status, excerpt=text, error=error[:300],
                  duration_ms=elapsed())
