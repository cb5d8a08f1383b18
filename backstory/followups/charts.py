"""Server-rendered SVG charts (no JavaScript, nothing fetched from elsewhere)."""

from __future__ import annotations

import math
from datetime import date
from html import escape

from django.utils.safestring import SafeString, mark_safe


def _nice_top(value: int) -> int:
    """A round number at or above value for the top of the axis."""
    if value <= 4:
        return 4
    magnitude = 10 ** int(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        top = int(step * magnitude)
        if top >= value and top % 4 == 0:
            return top
    return int(math.ceil(value / 4) * 4)


def touches_per_week_svg(weeks: list[tuple[date, int]], *, goal: int = 0,
                         title: str = "Touches per week") -> SafeString:
    """A bar chart of touches per week, with the weekly goal as a dashed line.

    Colours come from CSS classes (``chart-bar``, ``chart-goal``…) so that the chart
    follows the light and dark themes.
    """
    width, height = 640, 200
    left, right, top, bottom = 34, 8, 12, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    highest = max([n for _, n in weeks] + [goal, 1])
    y_top = _nice_top(highest)
    n = max(len(weeks), 1)
    slot = plot_w / n
    bar_w = max(slot * 0.68, 2)

    def y(value: float) -> float:
        return top + plot_h - (value / y_top) * plot_h

    total = sum(c for _, c in weeks)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-title chart-desc" preserveAspectRatio="xMidYMid meet" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{total} touches over the last {len(weeks)} weeks'
        f'{f", weekly goal {goal}" if goal else ""}.</desc>',
    ]
    for tick in (0, y_top // 2, y_top):
        ty = y(tick)
        parts.append(f'<line class="chart-grid" x1="{left}" x2="{width - right}" '
                     f'y1="{ty:.1f}" y2="{ty:.1f}"/>')
        parts.append(f'<text class="chart-label" x="{left - 6}" y="{ty + 4:.1f}" '
                     f'text-anchor="end">{tick}</text>')
    last_month = None
    for i, (monday, count) in enumerate(weeks):
        x = left + i * slot + (slot - bar_w) / 2
        by = y(count)
        h = top + plot_h - by
        cls = "chart-bar current" if i == len(weeks) - 1 else "chart-bar"
        if goal and count >= goal:
            cls += " met"
        label = f"Week of {monday:%-d %b %Y}: {count} touch{'es' if count != 1 else ''}"
        parts.append(
            f'<rect class="{cls}" x="{x:.1f}" y="{by:.1f}" width="{bar_w:.1f}" '
            f'height="{max(h, 0):.1f}" rx="2"><title>{escape(label)}</title></rect>'
        )
        if monday.month != last_month:
            if last_month is not None or monday.day <= 7:
                parts.append(f'<text class="chart-label" x="{x:.1f}" y="{height - 8}">'
                             f'{monday:%b}</text>')
            last_month = monday.month
    if goal:
        gy = y(goal)
        parts.append(f'<line class="chart-goal" x1="{left}" x2="{width - right}" '
                     f'y1="{gy:.1f}" y2="{gy:.1f}"/>')
        parts.append(f'<text class="chart-label chart-goal-label" x="{width - right - 2}" '
                     f'y="{gy - 4:.1f}" text-anchor="end">goal {goal}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
