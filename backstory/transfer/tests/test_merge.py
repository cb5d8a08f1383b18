"""Merging two records of one person: preview first, then everything moves to the survivor."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backstory.core.errors import DomainError
from backstory.interactions.models import ActionItem, Participation
from backstory.people.models import Person
from backstory.people.services import ContactInput, organization_create, team_create
from backstory.testing import make_action, make_interaction, make_person
from backstory.transfer.services import import_file, import_undo
from backstory.transfer.services.merge import merge_preview, merge_suggestions, person_merge
from backstory.workspaces.models import Activity

from .helpers import contacts, tags


@pytest.fixture
def pair(workspace, owner):
    acme = organization_create(workspace, by=owner, name="Acme")
    sales = team_create(workspace, by=owner, organization=acme, name="Sales")
    keep = make_person(workspace, "Dana Reyes", by=owner, organization=acme,
                       emails=["dana@acme.example"], tags=["press"], notes="Met at launch.")
    other = make_person(workspace, "Dana R.", by=owner, organization=acme, team=sales,
                        title="Account Director", emails=["DANA@acme.example", "d@home.example"],
                        contacts=[ContactInput("phone", "+44 20 7946 0123")],
                        tags=["sales", "Press"], notes="Likes data.",
                        birthday_month=4, birthday_day=15)
    return keep, other


def test_the_preview_shows_the_result_before_anything_changes(workspace, owner, pair):
    keep, other = pair
    make_interaction(workspace, [other], by=owner)
    preview = merge_preview(workspace, survivor=keep, other=other)
    fields = {f.label: f for f in preview.fields}
    assert fields["Title"].result == "Account Director" and fields["Title"].changes
    assert fields["Team"].result == "Sales"
    assert fields["Notes"].result == "Met at launch.\n\nLikes data."
    assert fields["Birthday"].result == "15 April"
    assert [c.value for c in preview.contacts] == ["d@home.example", "+44 20 7946 0123"]
    assert preview.tags == ["sales"]
    assert preview.moves["interactions"] == 1
    assert Person.objects.filter(pk=other.pk).exists()


def test_merging_moves_everything_to_the_survivor(workspace, owner, pair):
    keep, other = pair
    both = make_interaction(workspace, [keep, other], by=owner, summary="Both there")
    alone = make_interaction(workspace, [other], by=owner, summary="Only the other")
    make_action(workspace, "Send the deck", by=owner, person=other)
    introduced = make_person(workspace, "Sam Ortiz", by=owner, introduced_by=other)
    survivor = person_merge(workspace, by=owner, survivor=keep, other=other)
    assert not Person.objects.filter(pk=other.pk).exists()
    assert survivor.title == "Account Director" and survivor.team.name == "Sales"
    assert survivor.notes == "Met at launch.\n\nLikes data."
    assert (survivor.birthday_month, survivor.birthday_day) == (4, 15)
    assert contacts(survivor, "email") == ["dana@acme.example", "d@home.example"]
    assert contacts(survivor, "phone") == ["+44 20 7946 0123"]
    assert tags(survivor) == {"press", "sales"}
    assert set(Participation.objects.filter(person=survivor).values_list(
        "interaction__summary", flat=True)) == {"Both there", "Only the other"}
    assert both.participations.count() == 1 and alone.participants.get() == survivor
    assert ActionItem.objects.get(text="Send the deck").person == survivor
    introduced.refresh_from_db()
    assert introduced.introduced_by == survivor
    assert Activity.objects.filter(person=survivor, action="person.created").count() == 2
    merged = Activity.objects.get(action="person.merged")
    assert merged.person == survivor and merged.data["merged"] == "Dana R."
    assert survivor.last_touch_at == max(both.occurred_at, alone.occurred_at)


def test_undoing_the_import_that_created_the_other_record_keeps_the_survivor(
        workspace, owner):
    keep = make_person(workspace, "Grace Hopper", by=owner)
    data = (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            b"Grace,Hoper,https://www.linkedin.com/in/gh,,Navy,Admiral,01 Jan 2024\n")
    batch = import_file(workspace, by=owner, data=data, name="c.csv").batch
    other = Person.objects.get(workspace=workspace, name="Grace Hoper")
    person_merge(workspace, by=owner, survivor=keep, other=other)
    import_undo(workspace, by=owner, batch=batch)
    assert Person.objects.filter(pk=keep.pk).exists()


def test_a_person_cannot_be_merged_with_themselves_or_across_workspaces(personas, pair):
    keep, _ = pair
    with pytest.raises(DomainError, match="two different people"):
        person_merge(personas.workspace, by=personas.owner, survivor=keep, other=keep)
    stranger = make_person(personas.outsider_workspace, "Stranger", by=personas.outsider)
    with pytest.raises(DomainError, match="this workspace"):
        person_merge(personas.workspace, by=personas.owner, survivor=keep, other=stranger)


def test_suggestions_find_shared_emails_names_and_similar_names(workspace, owner, pair):
    make_person(workspace, "Jonathan Smithson", by=owner)
    make_person(workspace, "Jonathon Smithson", by=owner)
    make_person(workspace, "Sam Ortiz", by=owner)
    make_person(workspace, "Sam Ortiz", by=owner)
    found = {(s.first.name, s.second.name): s.reason for s in merge_suggestions(workspace)}
    assert found[("Dana Reyes", "Dana R.")] == "same e-mail address"
    assert found[("Sam Ortiz", "Sam Ortiz")] == "same name"
    assert found[("Jonathan Smithson", "Jonathon Smithson")] == "very similar names"
    keep, _ = pair
    only = merge_suggestions(workspace, among=[keep.pk])
    assert [(s.first.name, s.second.name) for s in only] == [("Dana Reyes", "Dana R.")]


def test_the_merge_page_previews_then_merges(owner_client, workspace, pair):
    keep, other = pair
    url = reverse("transfer:merge", kwargs={"person_id": keep.pk})
    page = owner_client.get(url).content.decode()
    assert "Which record is the same person?" in page
    page = owner_client.get(f"{url}?other={other.pk}").content.decode()
    assert "After merging" in page and "Account Director" in page
    assert Person.objects.filter(pk=other.pk).exists()
    response = owner_client.post(url, {"other": other.pk})
    assert response.url == reverse("people:detail", kwargs={"person_id": keep.pk})
    assert not Person.objects.filter(pk=other.pk).exists()


def test_the_duplicates_page_lists_pairs_to_compare(owner_client, workspace, pair):
    keep, other = pair
    page = owner_client.get(reverse("transfer:duplicates")).content.decode()
    assert "same e-mail address" in page
    assert f"{reverse('transfer:merge', kwargs={'person_id': keep.pk})}?other={other.pk}" in page


def test_an_outsider_cannot_merge_into_someone_elses_person(outsider_client, pair):
    keep, other = pair
    url = reverse("transfer:merge", kwargs={"person_id": keep.pk})
    assert outsider_client.post(url, {"other": other.pk}).status_code == 404
    assert Person.objects.filter(pk=other.pk).exists()


def test_the_duplicates_page_checks_the_newest_people_then_those_before(owner_client, workspace,
                                                                         owner):
    from backstory.transfer.services.merge import WINDOW, duplicates_check

    old_pair = [make_person(workspace, "Sam Ortiz", by=owner) for _ in range(2)]
    Person.objects.bulk_create([Person(workspace=workspace, name=f"Newer Person {i:03d}")
                                for i in range(WINDOW)])
    newest = make_person(workspace, "Samuel Ortiz", emails=["sam@example.org"], by=owner)
    make_person(workspace, "Sam O.", emails=["SAM@example.org"], by=owner)
    first = duplicates_check(workspace)
    assert [(s.first.name, s.second.name) for s in first.suggestions] == [
        ("Samuel Ortiz", "Sam O.")]
    assert first.checked == WINDOW and first.older_than is not None
    page = owner_client.get(reverse("transfer:duplicates")).content.decode()
    assert f"?before={first.older_than}" in page
    older = owner_client.get(f"{reverse('transfer:duplicates')}?before={first.older_than}")
    assert f"?other={old_pair[1].pk}" in older.content.decode()
    assert newest.pk not in {s.first.pk for s in duplicates_check(
        workspace, before=first.older_than).suggestions}


def test_a_selected_person_is_compared_with_everyone(workspace, owner):
    old = make_person(workspace, "Priya Raman", by=owner)
    Person.objects.bulk_create([Person(workspace=workspace, name=f"Newer Person {i:03d}")
                                for i in range(300)])
    twin = make_person(workspace, "Raman, Priya", by=owner)
    found = merge_suggestions(workspace, among=[old.pk])
    assert [(s.first.pk, s.second.pk, s.reason) for s in found] == [
        (old.pk, twin.pk, "same name")]


@pytest.mark.django_db
def test_a_merge_keeps_each_member_s_own_window_and_snooze_of_the_other_person(personas):
    from datetime import timedelta

    from django.utils import timezone

    from backstory.followups.models import Relationship
    from backstory.followups.services import followup_snooze, relationship_window_set

    ws, me = personas.workspace, personas.owner
    survivor = make_person(ws, "Dana Reyes", by=me)
    other = make_person(ws, "Dana Reyes (work)", by=me)
    make_interaction(ws, [survivor], by=me)
    make_interaction(ws, [other], by=me)
    today = timezone.localdate()
    relationship_window_set(ws, by=me, person=other, min_days=10, max_days=20, off=False)
    followup_snooze(ws, by=me, person=other, until=today + timedelta(days=9), today=today)
    person_merge(ws, by=me, survivor=survivor, other=other)
    mine = Relationship.objects.get(person=survivor, user=me)
    assert (mine.cadence_min_days, mine.cadence_max_days) == (10, 20)
    assert mine.snoozed_until == today + timedelta(days=9)
