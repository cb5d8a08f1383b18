"""Normalised keys for contact points: the one place that decides when two are the same."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import phonenumbers

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LINKEDIN_RE = re.compile(r"linkedin\.com/(in|pub|company)/([^/?#]+)", re.IGNORECASE)


def is_email(value: str) -> bool:
    return bool(_EMAIL_RE.match(value.strip()))


def normalize_email(value: str) -> str:
    return value.strip().lower()


def normalize_phone(value: str, region: str | None = None) -> str:
    """E.164 when the number can be parsed, else its digits (with a leading + kept)."""
    raw = value.strip()
    try:
        parsed = phonenumbers.parse(raw, region)
        if phonenumbers.is_possible_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    digits = re.sub(r"[^\d+*#]", "", raw)
    return digits


def is_linkedin(value: str) -> bool:
    return bool(_LINKEDIN_RE.search(value))


def normalize_linkedin(value: str) -> str:
    """`https://www.linkedin.com/in/Dana-Reyes%C3%A9/?trk=x` → `linkedin.com/in/dana-reyesé`."""
    match = _LINKEDIN_RE.search(unquote(value.strip()))
    if not match:
        return normalize_url(value)
    return f"linkedin.com/{match.group(1).lower()}/{match.group(2).strip().lower()}"


def normalize_url(value: str) -> str:
    raw = value.strip()
    if "://" not in raw:
        raw = "https://" + raw
    parts = urlsplit(raw)
    host = parts.netloc.lower().removeprefix("www.")
    path = unquote(parts.path).rstrip("/")
    return f"{host}{path}".lower()


def normalize_contact(kind: str, value: str) -> str:
    if kind == "email":
        return normalize_email(value)
    if kind == "phone":
        return normalize_phone(value)
    if kind == "linkedin":
        return normalize_linkedin(value)
    if kind == "url":
        return normalize_url(value)
    return " ".join(value.split()).lower()
