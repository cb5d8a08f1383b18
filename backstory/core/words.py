"""Counts of records in words: "1 person, 1,511 interactions" — never a model's code name.

Every label comes from the models' verbose names (each model says its own plural), so
that no summary shows "pitchs" or "activitys".
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db import models

# Import kinds that are not a model's name.
KIND_ALIASES = {"action": "interactions.actionitem"}


def model_for_kind(kind: str) -> type[models.Model] | None:
    """The Backstory model an import or audit kind ("person", "action", "pitch") names."""
    label = KIND_ALIASES.get(kind)
    if label:
        return apps.get_model(label)
    for model in apps.get_models():
        if model.__module__.startswith("backstory.") and model._meta.model_name == kind:
            return model
    return None


def plural_noun(kind: str) -> str:
    """'People', 'Pitches' for a kind; a kind without a model reads as its words."""
    model = model_for_kind(kind)
    words = str(model._meta.verbose_name_plural) if model else kind.replace("_", " ")
    return words[:1].upper() + words[1:]


def count_noun(n: int, model: type[models.Model]) -> str:
    """'1 person', '2,875 history entries'."""
    meta = model._meta
    return f"{n:,} {meta.verbose_name if n == 1 else meta.verbose_name_plural}"


def counts_text(counts: Iterable[tuple[type[models.Model], int]]) -> str:
    """'162 people, 1,511 interactions, 6 pitches' (records counted zero are left out)."""
    return ", ".join(count_noun(n, model) for model, n in counts if n)
