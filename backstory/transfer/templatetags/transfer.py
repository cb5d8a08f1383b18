"""Words for import outcomes, so that pages never show raw codes."""

from __future__ import annotations

from django import template

from backstory.core.words import plural_noun

register = template.Library()

ACTION_WORDS = {"create": "new", "update": "updated", "merge": "merged with an earlier row",
                "duplicate": "possible duplicates", "unchanged": "already up to date",
                "skip": "skipped"}
NOUNS = {"person": "People", "interaction": "Interactions", "action": "Action items",
         "organization": "Organisations", "team": "Teams"}


@register.filter
def action_word(action: str) -> str:
    return ACTION_WORDS.get(action, action)


@register.filter
def record_noun(kind: str) -> str:
    return NOUNS.get(kind) or plural_noun(kind)


@register.filter
def format_label(key: str) -> str:
    """`linkedin` → `LinkedIn connections`."""
    from backstory.transfer.formats import importers

    return next((i.label for i in importers() if i.key == key), key)
