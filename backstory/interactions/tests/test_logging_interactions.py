from datetime import timedelta

import pytest
from django.utils import timezone

from backstory.core.errors import DomainError
from backstory.interactions.models import ActionItem, Interaction, Participation
from backstory.interactions.services import (
    InteractionFields,
    interaction_delete,
    interaction_update,
)
from backstory.testing import make_interaction, make_person
from backstory.workspaces.models import Activity


def test_logging_a_coffee_with_two_people_moves_both_last_touches(workspace, owner):
    dana, sam = make_person(workspace, "Dana"), make_person(workspace, "Sam")
    when = timezone.now() - timedelta(hours=3)
    interaction = make_interaction(workspace, [dana, sam], by=owner, when=when)
    for person in (dana, sam):
        person.refresh_from_db()
        assert person.last_touch_at == when
    assert Activity.objects.filter(object_id=interaction.pk, action="interaction.logged"
                                   ).count() == 2


def test_an_interaction_needs_someone(workspace):
    with pytest.raises(DomainError) as caught:
        make_interaction(workspace, [])
    assert "people" in caught.value.field_errors
    assert not Interaction.objects.exists()


def test_a_person_of_another_workspace_cannot_take_part(workspace, personas):
    foreign = make_person(personas.outsider_workspace, "Foreign")
    with pytest.raises(DomainError):
        make_interaction(workspace, [foreign])
    assert not Interaction.objects.filter(workspace=workspace).exists()


def test_moving_an_interaction_back_in_time_recomputes_last_touch(workspace):
    dana = make_person(workspace, "Dana")
    old = make_interaction(workspace, [dana], when=timezone.now() - timedelta(days=40))
    recent = make_interaction(workspace, [dana], when=timezone.now() - timedelta(days=1))
    interaction_update(workspace, by=None, interaction=recent, data=InteractionFields(
        kind="coffee", occurred_at=timezone.now() - timedelta(days=60), people=[dana]))
    dana.refresh_from_db()
    assert dana.last_touch_at == old.occurred_at
    assert set(Participation.objects.values_list("occurred_at", flat=True)) == {
        old.occurred_at, recent.occurred_at}


def test_removing_a_participant_gives_them_back_their_previous_last_touch(workspace):
    dana, sam = make_person(workspace, "Dana"), make_person(workspace, "Sam")
    shared = make_interaction(workspace, [dana, sam])
    interaction_update(workspace, by=None, interaction=shared, data=InteractionFields(
        kind="coffee", occurred_at=shared.occurred_at, people=[dana]))
    sam.refresh_from_db()
    assert sam.last_touch_at is None


def test_deleting_an_interaction_keeps_the_people_and_recomputes(workspace, owner):
    dana = make_person(workspace, "Dana")
    interaction = make_interaction(workspace, [dana])
    interaction_delete(workspace, by=owner, interaction=interaction)
    dana.refresh_from_db()
    assert dana.last_touch_at is None
    assert Activity.objects.filter(action="interaction.deleted", person=dana).exists()


def test_logging_through_the_form_with_an_action_item(owner_client, workspace):
    dana, sam = make_person(workspace, "Dana"), make_person(workspace, "Sam")
    response = owner_client.post("/interactions/new/", {
        "kind": "coffee", "occurred_at": "2026-11-20T09:30", "people": [dana.pk, sam.pk],
        "place": "Blue Bottle", "notes": "Customer win at **Acme**", "tags": "tip",
        "action_text": "Send Dana the brief", "action_due_on": "2026-11-25",
    })
    interaction = Interaction.objects.get(workspace=workspace)
    assert response.status_code == 302
    assert set(interaction.participants.all()) == {dana, sam}
    item = ActionItem.objects.get(workspace=workspace)
    assert item.interaction == interaction and item.person == dana
    assert str(item.due_on) == "2026-11-25"


def test_the_form_refuses_a_missing_date_and_keeps_the_chosen_people(owner_client, workspace):
    dana = make_person(workspace, "Dana Reyes")
    response = owner_client.post("/interactions/new/", {
        "kind": "coffee", "occurred_at": "31/02/2026", "people": [dana.pk]})
    assert response.status_code == 200
    assert "Enter a valid date/time." in response.text
    assert f'value="{dana.pk}"' in response.text  # the chip is still there
    assert not Interaction.objects.exists()


def test_the_form_refuses_people_of_another_workspace(owner_client, personas):
    foreign = make_person(personas.outsider_workspace, "Foreign")
    response = owner_client.post("/interactions/new/", {
        "kind": "coffee", "occurred_at": "2026-11-20T09:30", "people": [foreign.pk]})
    assert response.status_code == 404
    assert not Interaction.objects.exists()


def test_notes_are_rendered_without_scripts(owner_client, workspace):
    dana = make_person(workspace, "Dana")
    interaction = make_interaction(
        workspace, [dana],
        notes='Hi <script>alert(1)</script> <img src=x onerror="alert(2)"> '
              '[link](javascript:alert(3)) **bold**')
    page = owner_client.get(f"/interactions/{interaction.pk}/").text
    assert "<script>alert(1)" not in page
    assert "onerror" not in page
    assert "href=\"javascript:" not in page
    assert "<strong>bold</strong>" in page
