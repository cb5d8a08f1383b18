"""Normalised keys for contact points: the one place that decides when two are the same."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import unquote, urlsplit

import phonenumbers

from backstory.core.links import web_href

# One "@" and no space; the domain's dot is checked apart: `[^@\s]+\.[^@\s]+` backtracks
# over every dot (quadratic: 6.5 s for a 64 KB cell like `a@.a.a.a…@`).
_EMAIL_RE = re.compile(r"^[^@\s]+@([^@\s]+)$")
_LINKEDIN_RE = re.compile(r"linkedin\.com/(in|pub|company)/([^/?#]+)", re.IGNORECASE)


def is_email(value: str) -> bool:
    match = _EMAIL_RE.match(value.strip())
    return match is not None and "." in match.group(1)[1:-1]


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


def web_url_problem(value: str) -> str:
    """Why a value cannot be kept as a web link, or '' when it can."""
    if web_href(value) is not None:
        return ""
    return (f"'{value.strip()[:200]}' is not a web address: only http:// and https:// "
            "links are accepted")


def normalize_url(value: str) -> str:
    raw = value.strip()
    if "://" not in raw:
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
    except ValueError:  # a bracket that is not an IPv6 host: compare the text as it is
        return " ".join(value.split()).lower()
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


# Names ----------------------------------------------------------------------------------
# Duplicate detection compares names through these keys; they never change what is shown.

_HONORIFICS = {"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "sir", "dame", "herr", "frau",
               "mme", "mlle"}
_POSTNOMINALS = {"phd", "mba", "msc", "bsc", "ma", "ba", "md", "cfa", "cpa", "cfp", "pmp", "phr",
                 "aams", "jr", "sr", "ii", "iii", "iv", "esq", "dds", "rn", "llm", "meng"}
_ASCII_WORD_RE = re.compile(r"[a-z0-9]+")
_PARENTHESES_RE = re.compile(r"[(\[（【][^)\]）】]*[)\]）】]")


def name_tokens(value: str) -> list[str]:
    """Lower-case, accent-free word tokens of a name, without titles and post-nominals.

    `Dr. José  Álvarez-Ruiz, MBA (he/him) 🍀` → `["jose", "alvarez", "ruiz"]`.
    """
    text = _PARENTHESES_RE.sub(" ", value or "")
    if text.isascii():
        tokens = _ASCII_WORD_RE.findall(text.lower())  # the common case, much faster
    else:
        text = unicodedata.normalize("NFKD", text)
        kept = []
        for ch in text:
            category = unicodedata.category(ch)
            if category == "Mn":
                continue
            kept.append(ch.casefold() if category[0] in "LN" else " ")
        tokens = "".join(kept).split()
    useful = [t for t in tokens if t not in _HONORIFICS and t not in _POSTNOMINALS]
    return useful or tokens


def name_keys(value: str) -> tuple[str, list[str]]:
    """(normalize_name, name_block_keys) from one pass over the name."""
    tokens = name_tokens(value)
    return " ".join(sorted(tokens)), _blocks(tokens)


def stored_name_keys(value: str) -> tuple[str, str]:
    """What Person.name_key and Person.name_block hold for a name: the key and its
    (single) fuzzy-matching block, cut to the columns' sizes."""
    key, blocks = name_keys(value)
    return key[:200], (blocks[0] if blocks else "")[:20]


def normalize_name(value: str) -> str:
    """An order-insensitive key: 'Reyes, Dana' and 'Dana Reyes' give the same key."""
    return " ".join(sorted(name_tokens(value)))


def name_block_keys(value: str) -> list[str]:
    """Blocking keys for fuzzy matching: only names sharing a key are compared.

    The key pairs the first two letters of the alphabetically first and last word, so it
    does not depend on the order of the words ("Reyes, Dana" = "Dana Reyes") and catches
    typos after the second letter. A changed first name ("Bob" / "Robert") would not pass
    the similarity threshold anyway. Comparing within blocks instead of all pairs keeps
    matching linear in the size of the workspace.
    """
    return _blocks(name_tokens(value))


def _blocks(tokens: list[str]) -> list[str]:
    if not tokens:
        return []
    if len(tokens) == 1:
        return [f"1:{tokens[0][:4]}"]
    ordered = sorted(tokens)
    return [f"p:{ordered[0][:2]}|{ordered[-1][:2]}"]


@lru_cache(maxsize=65536)  # imports ask for the same few thousand organisations again
def normalize_organization(value: str) -> str:
    """Organisation key: accents, case, punctuation and legal suffixes do not count."""
    tokens = name_tokens(value)
    suffixes = {"inc", "ltd", "llc", "gmbh", "ag", "sa", "sas", "plc", "co", "corp", "bv",
                "nv", "limited", "corporation", "company", "the"}
    useful = [t for t in tokens if t not in suffixes]
    return " ".join(useful or tokens)
