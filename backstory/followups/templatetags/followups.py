"""Presentation helpers for follow-up states, and the Settings section."""

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


@register.inclusion_tag("followups/_settings_section.html", takes_context=True)
def followup_settings(context):
    """The follow-up part of the Settings page (its forms post to followups:settings)."""
    from backstory.workspaces.models import Role

    from ..forms import CadenceDefaultsForm, DigestForm
    from ..selectors import cadence_defaults, prefs_get
    from ..views import settings_context

    request = context["request"]
    prefs = prefs_get(request.workspace, request.user)
    return {
        **settings_context(request, prefs=prefs),
        "request": request, "csrf_token": context.get("csrf_token"),
        "cadence_form": CadenceDefaultsForm(windows=cadence_defaults(request.workspace)),
        "digest_form": DigestForm(initial=DigestForm.initial_for(prefs)),
        "is_owner": request.membership.can(Role.OWNER),
        "next": request.path,
    }
