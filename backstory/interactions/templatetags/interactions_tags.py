"""Template side of private notes: every page reads an interaction's notes through these
filters, which ask the one rule (interactions.visibility.visible_notes)."""

from __future__ import annotations

from django import template

from backstory.interactions.visibility import notes_visible, visible_notes

register = template.Library()


@register.filter
def notes_for(interaction, user) -> str:
    """``{{ i|notes_for:request.user }}``: the notes this user may read ("" otherwise)."""
    return visible_notes(interaction, user)


@register.filter
def notes_hidden_for(interaction, user) -> bool:
    """Whether the interaction has notes that are private to someone else."""
    return bool(interaction.notes) and not notes_visible(interaction, user)
