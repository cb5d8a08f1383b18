"""Template helpers for tips (filters only: the sections this app adds to other apps'
pages are read by those pages' views, see stories/sections.py)."""

from __future__ import annotations

from django import template

from backstory.core.templatetags.backstory import icon_svg
from backstory.stories.models import TipKind, TipStatus
from backstory.stories.transitions import TIP_MOVE_LABELS, tip_moves_offered

register = template.Library()

KIND_ICONS = {
    TipKind.CUSTOMER_STORY: "handshake", TipKind.HUMAN_INTEREST: "message-circle",
    TipKind.EMPLOYEE_ACHIEVEMENT: "trophy", TipKind.HEADS_UP: "triangle-alert",
    TipKind.NEWS: "megaphone", TipKind.EVENT: "calendar",
}
STATUS_ICONS = {
    TipStatus.NEW: "sparkle", TipStatus.RESEARCHING: "search", TipStatus.PITCHED: "mail",
    TipStatus.COVERED: "check", TipStatus.PARKED: "pause", TipStatus.DECLINED: "x",
}


@register.filter
def tip_kind_icon(kind: str) -> str:
    return icon_svg(KIND_ICONS[kind]) if kind in KIND_ICONS else "•"


@register.filter
def tip_status_icon(status: str) -> str:
    return icon_svg(STATUS_ICONS[status]) if status in STATUS_ICONS else "•"


@register.filter
def tip_moves(status: str) -> list[tuple[str, str]]:
    """(status, button label) for the moves a card offers."""
    return [(s, TIP_MOVE_LABELS[s]) for s in tip_moves_offered(status)]


@register.filter
def lead_time(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return "heard on the day"
    if days < 0:
        return f"heard {-days} day{'s' if days != -1 else ''} after"
    if days >= 14:
        return f"{days // 7} weeks' warning"
    return f"{days} day{'s' if days != 1 else ''}' warning"


@register.filter
def avg_days(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{round(value)} days"
