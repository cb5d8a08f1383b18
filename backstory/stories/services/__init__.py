"""Every write to tips, their sources, pitches and coverage.

Status rules come from ``stories.transitions``; every change leaves an audit entry whose
``data.summary`` reads as a sentence in a person's history.
"""

from .pitches import (
    COVERAGE_VERSION,
    MAX_FOLLOW_UP_DAYS,
    PITCH_VERSION,
    pitch_create,
    pitch_delete,
    pitch_move,
    pitch_record_coverage,
    pitch_remove_coverage,
    pitch_update,
)
from .tips import (
    TIP_VERSION,
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
    "COVERAGE_VERSION", "PITCH_VERSION", "TIP_VERSION",
    "MAX_FOLLOW_UP_DAYS", "TipFields", "lead_days", "long_date", "pitch_create",
    "pitch_delete", "pitch_move", "pitch_record_coverage", "pitch_remove_coverage",
    "pitch_update", "thank_you_text", "tip_create", "tip_create_from_quicklog", "tip_delete",
    "tip_kind_guess", "tip_move", "tip_thank_source", "tip_update",
]
