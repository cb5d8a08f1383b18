"""Markdown notes rendered to HTML that is safe to put on a page.

Notes are user input (and imported data), so the rendered HTML is always passed
through nh3, which keeps a small allow-list of tags and drops scripts, event
handlers and javascript: URLs.
"""

from __future__ import annotations

import html

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"linkify": False, "breaks": True}).enable(
    ["table", "strikethrough"]
)

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr",
    "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text: str) -> str:
    if not text:
        return ""
    html = _md.render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )


def plain_excerpt(text: str, length: int = 160) -> str:
    """A one-line excerpt of a note for lists (no markup at all)."""
    flat = nh3.clean(_md.render(text or ""), tags=set())
    flat = " ".join(flat.split())
    flat = html.unescape(flat)
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"
