"""Every write to tips, their sources, pitches and coverage.

Status rules come from ``stories.transitions``; every change leaves an audit entry whose
``data.summary`` reads as a sentence in a person's history.
"""

from .pitches import (
    MAX_FOLLOW_UP_DAYS,
    pitch_create,
    pitch_delete,
    pitch_move,
    pitch_record_coverage,
    pitch_remove_coverage,
    pitch_update,
)
from .tips import (
    TipFields,
    lead_days,
    long_date,
    thank_you_text,
    tip_create,
    tip_create_from_quicklog,
    tip_delete,
    tip_kind_guess,
    tip_move,
    tip_thank_source,
    tip_update,
)

__all__ = [
    "MAX_FOLLOW_UP_DAYS", "TipFields", "lead_days", "long_date", "pitch_create",
    "pitch_delete", "pitch_move", "pitch_record_coverage", "pitch_remove_coverage",
    "pitch_update", "thank_you_text", "tip_create", "tip_create_from_quicklog", "tip_delete",
    "tip_kind_guess", "tip_move", "tip_thank_source", "tip_update",
]
