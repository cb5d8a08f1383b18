"""Small request helpers shared by the views."""

from __future__ import annotations

import re

from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_next(request, default: str, **kwargs):
    """Redirect to ?next= / POST next when it points at this site, else to `default`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(resolve_url(default, **kwargs))


# The largest id a database column holds (a 64-bit signed integer, SQLite's and
# PostgreSQL's bigint): a bigger number is no record, and would fail in the query.
MAX_ID = 2**63 - 1
_WHOLE_NUMBER = re.compile(r"\s*-?[0-9]{1,19}\s*")


def int_param(value, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """A whole number from a URL parameter or a posted field, or None when the value is
    missing, not a plain decimal number, or outside ``minimum``..``maximum``.

    Every view reads integers from GET and POST through this one function: what a
    request carries is untrusted, and a number past 64 bits or below zero must lead to
    "not found" or a form error, never to a database error.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if minimum <= number <= maximum else None
