"""Events: what happened in a workspace, told to whoever listens (the webhooks).

A service that makes one of these changes calls ``publish`` inside its transaction, e.g.
``publish(workspace, "person.created", person)``. The listeners (sinks) run at once, in
that transaction: the webhooks app stores one outbox row per subscribed webhook and
enqueues its delivery job there, so that an event is recorded exactly when the write
commits — a write that rolls back leaves no event, a committed one cannot lose it, and a
retried delivery sends the same event (the same id) again rather than a new one.

Layering: this module sits at the bottom (``core``) so that every app may publish; the
app that listens registers its sink from its ``AppConfig.ready`` with ``register_sink``
(as ``core.derived.register`` does), so nothing here imports upwards. With no sink
registered, publishing does nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

# Every event a webhook may subscribe to: name -> what a person reads beside its box.
EVENTS: dict[str, str] = {
    "interaction.logged": "An interaction is logged",
    "person.created": "A person is added",
    "person.changed": "A person is edited",
    "tip.moved": "A tip moves on the board",
    "pitch.replied": "A journalist answers a pitch (replied, took it or passed)",
    "pitch.covered": "A pitch's story runs (coverage recorded)",
    "introduction.outcome": "An introduction's outcome is recorded",
    "import.finished": "An import is committed",
}

# sink(workspace, name, subject, extra): called for every published event.
_SINKS: list[Callable] = []


def register_sink(sink: Callable) -> None:
    if sink not in _SINKS:
        _SINKS.append(sink)


def publish(workspace, name: str, subject, **extra) -> None:
    """Tell the listeners that ``name`` happened to ``subject`` (a record) in
    ``workspace``; ``extra`` says more (e.g. ``changed=[...]``, ``before="new"``).
    Call it inside the service's transaction, after the write."""
    if name not in EVENTS:
        raise ImproperlyConfigured(f"{name!r} is not an event of core.events.EVENTS")
    for sink in _SINKS:
        sink(workspace, name, subject, extra)
