"""Presentation helpers for follow-up states (they only render: no reads)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from backstory.core.templatetags.backstory import icon_svg

from ..cadence import State

register = template.Library()


@register.filter
def state_label(state: str) -> str:
    return State.LABELS.get(state, "")


# Pages draw these states with the app's icons; the text forms (State.ICONS) are for the
# terminal and e-mail.
HTML_ICONS = {State.FRESH: "check", State.OVERDUE: "triangle-alert", State.SNOOZED: "pause"}


@register.filter
def state_icon(state: str) -> str:
    return icon_svg(HTML_ICONS[state]) if state in HTML_ICONS else State.ICONS.get(state, "")


@register.simple_tag
def state_badge(state: str) -> str:
    """The follow-up state as a badge with its word and icon (readable without colour);
    the same HTML as followups/_state_badge.html, without an include per row."""
    label = State.LABELS.get(state, "")
    return format_html('<span class="badge {}" title="Follow-up: {}"><span aria-hidden="true">'
                       '{}</span> {}</span>', state, label, state_icon(state), label)
