"""Web links that users and files give: which of them may be linked to."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_WEB_SCHEMES = {"http", "https"}


def web_href(value: str) -> str | None:
    """The address to link to for a web link a user or a file gave, or None when it is not
    an http(s) address (``javascript:``, ``data:``, a malformed URL…).

    ``example.com/x`` is taken as ``https://example.com/x``; anything with another scheme
    is refused, whatever follows it (``javascript:x//://`` is a script, not a web page).
    """
    raw = (value or "").strip()
    if not raw or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in raw):
        return None
    scheme = _SCHEME_RE.match(raw)
    if scheme is None or ("." in scheme.group(1) and not raw[scheme.end():].startswith("//")
                          and scheme.group(1).lower() not in _WEB_SCHEMES):
        # No scheme, or a bare host with a port (`example.com:8080/x`).
        if raw.startswith(("/", "\\")):
            return None
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
        host = parts.hostname
        parts.port  # noqa: B018 — a port that is not a number raises ValueError
    except ValueError:
        return None
    if parts.scheme.lower() not in _WEB_SCHEMES or not host:
        return None
    return raw
