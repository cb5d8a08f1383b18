"""Sections that a higher app adds to a lower app's page (the stories and introductions
on the person page, the tips on an interaction's page), without the lower app importing it.

The higher app registers, from its ``AppConfig.ready``, a template and a *read*: a function
of (request, record) that calls its selectors and returns the template's context. The
page's view calls ``sections_read`` with the rest of its reads, so that every query of the
page is made by its view; the template only renders each section (``{% section s %}``,
core's template tags). Sections show in the order of INSTALLED_APPS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

_SECTIONS: dict[str, list[tuple[str, Callable]]] = {}


@dataclass(frozen=True)
class Section:
    template: str
    context: dict


def register(page: str, template: str, read: Callable) -> None:
    """Add a section to ``page`` ("person", "interaction"); the same one once."""
    entries = _SECTIONS.setdefault(page, [])
    if (template, read) not in entries:
        entries.append((template, read))


def sections_read(page: str, request, record) -> list[Section]:
    """The sections of one page for one record, read now (in the view)."""
    return [Section(template, read(request, record)) for template, read in _SECTIONS.get(page, [])]


# Context a higher app adds to a lower app's page when it is not a section of its own (who
# on the team knows each person in the search results, on the organisation page): a
# provider of (request, **the page's objects) -> context, merged; its names must not
# collide with another provider's of the same page.
_CONTEXTS: dict[str, list[Callable[..., dict]]] = {}


def register_context(page: str, provider: Callable[..., dict]) -> None:
    providers = _CONTEXTS.setdefault(page, [])
    if provider not in providers:
        providers.append(provider)


def context_read(page: str, request, **objects) -> dict:
    """What every context provider of ``page`` adds, read now (in the view)."""
    context: dict = {}
    for provider in _CONTEXTS.get(page, ()):
        context.update(provider(request, **objects))
    return context
