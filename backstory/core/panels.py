"""Sections that a higher app adds to a lower app's page, without an import upwards.

The person page (``people``) shows who on the team knows the person (``team``), which
stands above it: the higher app plugs a provider in from its ``AppConfig.ready`` with
``register``, and the page's view calls ``panels_context`` — so the view still shows
every read of the page (no template tag runs a selector) and every arrow points down.

A provider takes the request and the page's objects and returns the context it adds;
names must not collide between providers of one page.
"""

from __future__ import annotations

from collections.abc import Callable

_PROVIDERS: dict[str, list[Callable[..., dict]]] = {}


def register(page: str, provider: Callable[..., dict]) -> None:
    providers = _PROVIDERS.setdefault(page, [])
    if provider not in providers:
        providers.append(provider)


def panels_context(page: str, request, **objects) -> dict:
    """The context every provider of ``page`` adds, merged."""
    context: dict = {}
    for provider in _PROVIDERS.get(page, ()):
        context.update(provider(request, **objects))
    return context
