"""Small helpers for the stories tests: a colleague, a journalist and a tip, via services."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from backstory.stories import services
from backstory.testing import make_person


def colleague(workspace, name: str = "Dana Reyes", **fields):
    return make_person(workspace, name, circle="internal", **fields)


def journalist(workspace, name: str = "Alex Morgan", *, beat: str = "enterprise software",
               outlet: str = "TechDaily", **fields):
    return make_person(workspace, name, circle="media", beat=beat, outlet=outlet, **fields)


def tip(workspace, *, by=None, sources=None, title: str = "Acme cut onboarding to three days",
        kind: str = "customer_story", heard_on: date | None = None,
        happens_on: date | None = None, **fields):
    return services.tip_create(workspace, by=by, data=services.TipFields(
        title=title, kind=kind, heard_on=heard_on or timezone.localdate() - timedelta(days=10),
        happens_on=happens_on, sources=sources or [colleague(workspace)], **fields))


def sent_pitch(workspace, the_tip, person, *, by=None, days_ago: int = 3, follow_up_days=4):
    return services.pitch_create(
        workspace, by=by, tip=the_tip, journalist=person, angle="Your readers will love this",
        follow_up_days=follow_up_days,
        sent_on=timezone.localdate() - timedelta(days=days_ago))
