"""Rate limits per token: ``BACKSTORY_API_RATE`` requests (default 600 a minute) for each
personal token; past it the API answers ``429`` with ``Retry-After``. The web's own
session is not limited here (sign-in has its own throttle).

The counts live in Django's cache: with the default (in-process) cache each server
process counts on its own; point ``CACHES`` at a shared cache to count across processes.
"""

from __future__ import annotations

from django.conf import settings
from ninja.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api_token"

    def __init__(self):
        super().__init__(rate=None)

    def get_rate(self) -> str | None:
        return getattr(settings, "BACKSTORY_API_RATE", "600/m") or None

    def allow_request(self, request) -> bool:
        # The rate is read at every request, so that a change of the setting counts.
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def wait(self) -> float:
        """Seconds until the oldest request of the window leaves it."""
        if not self.history:
            return float(self.duration)
        return max(1.0, self.duration - (self.now - self.history[-1]))

    def get_cache_key(self, request) -> str | None:
        token = getattr(request, "api_token", None)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.token_hash[:32]}
