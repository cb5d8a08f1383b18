"""The error pages (the home page is Today, in backstory.followups)."""

from __future__ import annotations

from django.shortcuts import render


def not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


def server_error(request):
    # No request context: the page must render even when the database is what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("core/500.html").render())


def forbidden(request, exception=None):
    return render(request, "core/403.html", status=403)
