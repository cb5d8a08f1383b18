"""What this app adds to other apps' pages (core.sections): the reads, made by the page's
view; the templates only render them."""

from __future__ import annotations

from . import selectors


def person_story_section(request, person) -> dict:
    """Tips this person gave (with the credit they earned) and pitches made to them."""
    workspace = request.workspace
    return {
        "credit": selectors.source_credit(workspace, person),
        "tips": selectors.tips_given_by(workspace, person, limit=10),
        "pitches": selectors.pitches_to(workspace, person, limit=10),
    }


def interaction_tips(request, interaction) -> dict:
    """The tips heard in this conversation."""
    return {"tips": selectors.tips_from_interaction(request.workspace, interaction.pk)}
