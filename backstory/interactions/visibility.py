"""Who may read an interaction's notes: private notes are their author's alone. Pure
rules over a loaded interaction (no reads), so that templates and every door ask the same
one; ``selectors`` re-exports them."""

from __future__ import annotations

from django.db.models import Q

from .models import Interaction


def _user_id(viewer) -> int | None:
    return viewer.pk if viewer is not None and getattr(viewer, "is_authenticated", False) \
        else None


def notes_visible(interaction: Interaction, viewer) -> bool:
    """Whether ``viewer`` (a user, or None for nobody in particular) may read the notes."""
    if not interaction.notes_private:
        return True
    author = _user_id(viewer)
    return author is not None and interaction.created_by_id == author


def visible_notes(interaction: Interaction, viewer) -> str:
    """The notes as ``viewer`` may read them: "" when they are someone else's private notes."""
    return interaction.notes if notes_visible(interaction, viewer) else ""


def notes_visible_q(viewer, prefix: str = "") -> Q:
    """The interactions whose notes ``viewer`` may read, as a filter (``prefix`` for a
    relation, e.g. ``"interaction__"``)."""
    shared = Q(**{f"{prefix}notes_private": False})
    author = _user_id(viewer)
    return shared | Q(**{f"{prefix}created_by_id": author}) if author is not None else shared
