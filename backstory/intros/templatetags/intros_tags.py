"""Template helpers for introductions, and the sections this app adds to the person page."""

from __future__ import annotations

from django import template
from django.utils import timezone

from backstory.intros import selectors

register = template.Library()

CHART_SLOT = 20
CHART_BAR = 12
CHART_HEIGHT = 56
CHART_BASE = 64


@register.filter
def first_name(name: str) -> str:
    parts = (name or "").split()
    return parts[0] if parts else name


def _bars(balance: selectors.Balance) -> list[dict]:
    """Stacked bars (gave, mutual, received) per month, in SVG units."""
    peak = max([m.total for m in balance.months] + [1])
    bars = []
    for i, month in enumerate(balance.months):
        x = i * CHART_SLOT + (CHART_SLOT - CHART_BAR) / 2
        y = CHART_BASE
        parts = []
        for kind in ("gave", "mutual", "received"):
            count = getattr(month, kind)
            if not count:
                continue
            height = CHART_HEIGHT * count / peak
            y -= height
            parts.append({"kind": kind, "y": round(y, 2), "height": round(height, 2),
                          "count": count})
        bars.append({"x": round(x, 2), "label_x": i * CHART_SLOT + CHART_SLOT / 2,
                     "month": month.month, "parts": parts, "total": month.total})
    return bars


@register.inclusion_tag("intros/_person_section.html", takes_context=True)
def person_intro_section(context, person):
    """Introductions this person is part of, and who introduced the user to them."""
    workspace = context["request"].workspace
    return {
        "person": person,
        "intros": selectors.introductions_for_person(workspace, person),
        "chain": selectors.introduced_by_chain(workspace, person),
        "can_edit": context.get("can_edit", False),
    }


@register.inclusion_tag("intros/_balance_section.html", takes_context=True)
def person_balance(context, person):
    """Who gave value in the touches with this person, month by month."""
    workspace = context["request"].workspace
    balance = selectors.give_receive_balance(workspace, person, today=timezone.localdate())
    return {"person": person, "balance": balance, "bars": _bars(balance),
            "width": CHART_SLOT * len(balance.months)}
