"""The bulk form of logging (what an import writes through) stores what the one-by-one
form stores: every field of InteractionFields, who was there, the tags, the audit
entries and the derived values."""

from __future__ import annotations

from dataclasses import fields
from datetime import timedelta

import pytest
from django.utils import timezone

from backstory.core.errors import DomainError
from backstory.interactions.fields import COLUMNS, LINKS, InteractionFields
from backstory.interactions.models import Interaction, Participation
from backstory.interactions.services import interaction_log, interactions_log_bulk
from backstory.people.models import Person
from backstory.testing import make_person
from backstory.workspaces.models import Activity


def _example(people) -> InteractionFields:
    return InteractionFields(
        kind="meal", occurred_at=timezone.now() - timedelta(days=2), people=people,
        place=" Blue Bottle ", duration_minutes=45, summary="Lunch about the launch",
        notes="She **liked** the plan", value="gave", tags=["launch", "#Fintech"])


def _stored(interaction: Interaction) -> dict:
    return {name: getattr(interaction, name) for name in COLUMNS} | {
        "people": sorted(interaction.participants.values_list("name", flat=True)),
        "tags": sorted(interaction.tags.values_list("name", flat=True))}


def test_the_bulk_form_stores_every_field_the_one_by_one_form_stores(workspace, owner):
    dana, sam = make_person(workspace, "Dana Reyes"), make_person(workspace, "Sam Ortiz")
    assert set(COLUMNS) | set(LINKS) == {f.name for f in fields(InteractionFields)}
    one = interaction_log(workspace, by=owner, data=_example([dana, sam]))
    (many,) = interactions_log_bulk(workspace, by=owner, items=[_example([dana.pk, sam])])
    one_stored, many_stored = _stored(one), _stored(Interaction.objects.get(pk=many))
    one_stored.pop("occurred_at"), many_stored.pop("occurred_at")
    assert many_stored == one_stored
    assert many_stored["place"] == "Blue Bottle" and many_stored["tags"] == ["Fintech", "launch"]
    assert Interaction.objects.get(pk=many).created_by == owner
    logged = Activity.objects.filter(object_id=many, action="interaction.logged")
    assert sorted(a.person.name for a in logged) == ["Dana Reyes", "Sam Ortiz"]
    dana.refresh_from_db()
    assert dana.last_touch_at == Interaction.objects.get(pk=many).occurred_at


def test_values_from_a_file_are_fitted_to_what_an_interaction_holds(workspace, owner):
    dana = make_person(workspace, "Dana Reyes")
    item = InteractionFields(kind="séance", occurred_at=timezone.now(), people=[dana],
                             value="maybe", summary="x" * 300, duration_minutes=5000)
    (pk,) = interactions_log_bulk(workspace, by=owner, items=[item])
    stored = Interaction.objects.get(pk=pk)
    assert (stored.kind, stored.value, len(stored.summary), stored.duration_minutes) == (
        "other", "", 200, None)


def test_the_bulk_form_refuses_people_of_another_workspace(workspace, owner, personas):
    stranger = Person.objects.create(workspace=personas.outsider.memberships.get().workspace,
                                     name="Not Yours")
    dana = make_person(workspace, "Dana Reyes")
    with pytest.raises(DomainError, match="not in this workspace"):
        interactions_log_bulk(workspace, by=owner, items=[
            InteractionFields(kind="call", occurred_at=timezone.now(),
                              people=[dana.pk, stranger.pk])])
    assert not Participation.objects.filter(person=dana).exists()
