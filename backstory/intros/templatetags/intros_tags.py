"""Template helpers for introductions (filters only: the sections this app adds to the
person page are read by its view, see intros/sections.py)."""

from __future__ import annotations

from django import template

register = template.Library()

@register.filter
def first_name(name: str) -> str:
    parts = (name or "").split()
    return parts[0] if parts else name
