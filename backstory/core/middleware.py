"""Response headers that every page needs."""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """`Cache-Control: no-store` on what is private: every page seen signed in, and every
    download (exports, backups, the calendar feed), so that neither a shared computer's
    browser cache nor a proxy keeps a copy of someone's network."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        # Every download names its file (the calendar feed too, inline).
        if signed_in or response.has_header("Content-Disposition"):
            add_never_cache_headers(response)
        return response
