"""Template helpers for the team's sections (lookups only: the views do the reads)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def paths_for(mapping: dict, key) -> list:
    """The warm paths of one person from a page's ``{person id: [WarmPath]}``."""
    return (mapping or {}).get(key, [])
