"""Template helpers: Markdown notes, relative dates, query strings."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path

from django import template
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from backstory.core.links import web_href as href
from backstory.core.markdown import plain_excerpt, render_markdown

register = template.Library()

ICONS = Path(__file__).resolve().parent.parent / "icons"


@cache
def _icon_body(name: str) -> str:
    path = ICONS / f"{name}.svg"
    if not name.replace("-", "").isalnum() or not path.is_file():
        raise template.TemplateSyntaxError(f"No icon '{name}' in {ICONS.name}/")
    return path.read_text().strip()


def icon_svg(name: str, label: str = "") -> str:
    """An inline SVG icon of the app's own set (core/icons, Lucide): it shows where no
    emoji font is installed. Decorative unless `label` is given."""
    body = mark_safe(_icon_body(name))  # noqa: S308 - our own files
    a11y = format_html('role="img" aria-label="{}"', label) if label else \
        mark_safe('aria-hidden="true"')
    return format_html(
        '<svg class="icon icon-{}" {} viewBox="0 0 24 24" width="24" height="24" fill="none" '
        'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" '
        'focusable="false">{}</svg>', name, a11y, body)


@register.simple_tag(name="icon")
def icon_tag(name: str, label: str = "") -> str:
    return icon_svg(name, label)


@register.filter
def markdown(text: str) -> str:
    # render_markdown sanitises with nh3, so the result is safe to mark as such.
    return mark_safe(render_markdown(text))  # noqa: S308


@register.filter
def web_href(value: str) -> str:
    """The http(s) address to link to, or '' for a value that is not one (never a
    javascript: or data: URL, whatever was stored before links were checked)."""
    return href(value) or ""


@register.filter
def excerpt(text: str, length: int = 160) -> str:
    return plain_excerpt(text, int(length))


@register.filter
def days_ago(value: date | datetime | None) -> str:
    """'today', 'yesterday', '12 days ago', '3 months ago', 'in 4 days'."""
    if value is None:
        return "never"
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    days = (timezone.localdate() - value).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days == -1:
        return "tomorrow"
    if days < 0:
        return f"in {-days} days"
    if days < 60:
        return f"{days} days ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


@register.filter
def due_state(value: date | None) -> str:
    """'overdue', 'today', 'soon' or '' for a due date."""
    if value is None:
        return ""
    days = (value - timezone.localdate()).days
    if days < 0:
        return "overdue"
    if days == 0:
        return "today"
    if days <= 3:
        return "soon"
    return ""


@register.simple_tag
def options(items, selected=None) -> str:
    """``<option>``s for a filter menu of records (value: id, label: name). A menu can hold
    hundreds of organisations; one join here costs far less than a template loop."""
    chosen = str(selected) if selected not in (None, "") else None
    return format_html_join("", "<option value=\"{}\"{}>{}</option>", (
        (item.pk, mark_safe(" selected") if str(item.pk) == chosen else "", item.name)
        for item in items
    ))


@register.simple_tag(takes_context=True)
def qs(context, **changes) -> str:
    """The current query string with some parameters changed (None or '' removes one)."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def words(value) -> str:
    """`one_on_one` → `one on one`."""
    return str(value).replace("_", " ")


_PATHS: dict[tuple[str, str, int], tuple[str, ...]] = {}
_MARK = 918273645


@register.simple_tag
def path(name: str, *args) -> str:
    """``{% url name pk %}`` for URLs whose arguments are whole numbers, reversed once per
    URL name and then filled in: lists and Today render hundreds of links, and each
    ``{% url %}`` costs a full reverse."""
    if not all(isinstance(a, int) for a in args):
        return reverse(name, args=args)
    key = (name, get_script_prefix(), len(args))
    pieces = _PATHS.get(key)
    if pieces is None:
        marks = [str(_MARK + i) for i in range(len(args))]
        url = reverse(name, args=[int(m) for m in marks])
        pieces = []
        for mark in marks:
            before, url = url.split(mark, 1)
            pieces.append(before)
        pieces.append(url)
        pieces = _PATHS[key] = tuple(pieces)
    out = [pieces[0]]
    for arg, piece in zip(args, pieces[1:], strict=True):
        out += [str(arg), piece]
    return "".join(out)


@register.simple_tag(takes_context=True)
def section(context, section):
    """Render one section that the view read (core.sections) with the page's context."""
    template = context.template.engine.get_template(section.template)
    with context.push(**section.context):
        return template.render(context)
