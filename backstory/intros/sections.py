"""What this app adds to the person page (core.sections): the reads, made by the page's
view; the templates only render them."""

from __future__ import annotations

from django.utils import timezone

from . import selectors

CHART_SLOT = 20
CHART_BAR = 12
CHART_HEIGHT = 56
CHART_BASE = 64


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


def person_intro_section(request, person) -> dict:
    """Introductions this person is part of, and who introduced the user to them."""
    workspace = request.workspace
    return {
        "intros": selectors.introductions_for_person(workspace, person),
        "chain": selectors.introduced_by_chain(workspace, person),
    }


def person_balance(request, person) -> dict:
    """Who gave value in the touches with this person, month by month."""
    balance = selectors.give_receive_balance(request.workspace, person,
                                             today=timezone.localdate())
    return {"balance": balance, "bars": _bars(balance),
            "width": CHART_SLOT * len(balance.months)}
