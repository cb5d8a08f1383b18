"""How django-axes sees a sign-in attempt (settings.py names these), and the lockout page."""

from __future__ import annotations

import math

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import time_format


def attempted_username(request, credentials: dict | None) -> str:
    """User names are matched without regard to case (`adduser` refuses "DANA" next to
    "dana"), so failures for "Dana" and "dana" count against the same name."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username", "")
    return str(raw or "").strip().lower()


def client_address(request) -> str | None:
    """The connection's address, or behind BACKSTORY_PROXY_COUNT reverse proxies the address
    the nearest trusted proxy saw (so that one attacker cannot lock out everyone behind the
    proxy, and a forged X-Forwarded-For cannot dodge the limit)."""
    hops = settings.BACKSTORY_PROXY_COUNT
    if hops > 0:
        forwarded = [part.strip() for part in
                     request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")


def lockout_message(now=None) -> str:
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = max(1, math.ceil(cooloff.total_seconds() / 60))
    until = timezone.localtime(now or timezone.now()) + cooloff
    return (
        f"Too many failed sign-ins for this name or from this address. "
        f"Try again in {minutes} minute{'s' if minutes != 1 else ''} "
        f"(after {time_format(until, 'H:i')} {until.tzname()}). "
        "An owner can lift the wait at once with `backstory unlock NAME`."
    )


def lockout_response(request, original_response=None, credentials=None):
    from .forms import SignInForm

    form = SignInForm(request, initial={"username": attempted_username(request, credentials)})
    return render(request, "workspaces/signin.html",
                  {"form": form, "lockout": lockout_message(),
                   "next": request.POST.get("next", "")},
                  status=429)
