"""A person may have a relationship owner: the member of the team who leads that
relationship. It is chosen among the members, shown on the person page and the list,
filtered on, carried by exports and backups, and handed on when a member leaves."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from backstory.core.errors import DomainError
from backstory.people.models import Person
from backstory.people.services import PersonFields, person_update
from backstory.testing import count_queries, make_interaction, make_person
from backstory.transfer.exporters.csv import sheet_csv
from backstory.transfer.services.backup import backup_restore, backup_write
from backstory.transfer.sheets import PeopleSheet
from backstory.workspaces.models import Activity, Membership, Role
from backstory.workspaces.services import membership_add, user_create


def _edit_form(client, person) -> dict:
    """The edit form as the page fills it in (core fields; the rest stay as they are)."""
    import lxml.html

    page = lxml.html.fromstring(client.get(f"/people/{person.pk}/edit/").content)
    form = next(f for f in page.forms if f.get("method", "").lower() == "post"
                and f.xpath(".//input[@name='version']"))
    return {k: v for k, v in form.form_values()}


def test_an_editor_sets_the_owner_and_it_shows_on_the_page_and_the_list(client, personas):
    workspace, tom = personas.workspace, personas.teammate
    dana = make_person(workspace, "Dana Reyes", by=personas.owner, circle="media")
    make_person(workspace, "Sam Ortiz", by=personas.owner)
    client.force_login(tom)
    values = _edit_form(client, dana)
    values["owner"] = str(tom.pk)
    response = client.post(f"/people/{dana.pk}/edit/", values)
    assert response.status_code == 302, response.content.decode()[:2000]
    dana.refresh_from_db()
    assert dana.owner == tom
    assert "Led by you" in client.get(f"/people/{dana.pk}/").content.decode()
    olivia = Client()
    olivia.force_login(personas.owner)
    assert "Led by tom" in olivia.get(f"/people/{dana.pk}/").content.decode()
    listed = olivia.get("/people/").content.decode()
    assert "led by tom" in listed


def test_the_list_filters_by_owner_me_a_member_or_nobody(client, personas):
    workspace, tom, olivia = personas.workspace, personas.teammate, personas.owner
    make_person(workspace, "Dana Tomsown", by=olivia, owner=tom)
    make_person(workspace, "Sam Oliviasown", by=olivia, owner=olivia)
    make_person(workspace, "Lee Nobodys", by=olivia)
    client.force_login(tom)

    def names(query: str) -> set[str]:
        body = client.get(f"/people/?{query}").content.decode()
        return {n for n in ("Dana Tomsown", "Sam Oliviasown", "Lee Nobodys") if n in body}

    assert names("owner=me") == {"Dana Tomsown"}
    assert names(f"owner={olivia.pk}") == {"Sam Oliviasown"}
    assert names("owner=none") == {"Lee Nobodys"}
    assert names("") == {"Dana Tomsown", "Sam Oliviasown", "Lee Nobodys"}
    assert names("owner=garbage") == names("")  # a bad value filters nothing, no 500


def test_only_a_member_can_own_a_relationship(client, personas):
    workspace, outsider = personas.workspace, personas.outsider
    dana = make_person(workspace, "Dana Reyes", by=personas.owner)
    with pytest.raises(DomainError) as error:
        person_update(workspace, by=personas.owner, person=dana,
                      data=PersonFields(name="Dana Reyes", owner=outsider))
    assert "owner" in error.value.field_errors
    client.force_login(personas.owner)
    values = _edit_form(client, dana)
    assert f'value="{outsider.pk}"' not in client.get(f"/people/{dana.pk}/edit/"
                                                      ).content.decode()
    values["owner"] = str(outsider.pk)
    response = client.post(f"/people/{dana.pk}/edit/", values)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    dana.refresh_from_db()
    assert dana.owner is None


def test_a_leaving_member_hands_their_people_to_the_member_the_owner_chooses(client, personas):
    workspace, tom, olivia = personas.workspace, personas.teammate, personas.owner
    dana = make_person(workspace, "Dana Reyes", by=olivia, owner=tom)
    sam = make_person(workspace, "Sam Ortiz", by=olivia, owner=tom)
    lee = make_person(workspace, "Lee Park", by=olivia, owner=olivia)
    touch = make_interaction(workspace, [dana], by=tom, notes="Coffee with Dana")
    membership = Membership.objects.get(workspace=workspace, user=tom)
    client.force_login(olivia)
    page = client.get(f"/settings/members/{membership.pk}/remove/").content.decode()
    assert "2 people" in page and "Hand their people to" in page
    response = client.post(f"/settings/members/{membership.pk}/remove/",
                           {"successor": personas.viewer.pk})
    assert response.status_code == 302
    assert not Membership.objects.filter(workspace=workspace, user=tom).exists()
    owners = dict(Person.objects.filter(pk__in=[dana.pk, sam.pk, lee.pk])
                  .values_list("name", "owner__username"))
    assert owners == {"Dana Reyes": "vera", "Sam Ortiz": "vera", "Lee Park": "olivia"}
    touch.refresh_from_db()
    assert touch.created_by_id == tom.pk, "what they logged keeps them as its author"
    history = client.get(f"/people/{dana.pk}/").content.decode()
    assert "tom left the team; vera now leads the relationship" in history
    assert Activity.objects.filter(workspace=workspace, action="member.removed",
                                   data__successor="vera").exists()


def test_a_leaving_member_s_people_can_go_to_nobody_but_not_to_an_outsider(client, personas):
    workspace, tom = personas.workspace, personas.teammate
    dana = make_person(workspace, "Dana Reyes", by=personas.owner, owner=tom)
    membership = Membership.objects.get(workspace=workspace, user=tom)
    client.force_login(personas.owner)
    client.post(f"/settings/members/{membership.pk}/remove/",
                {"successor": personas.outsider.pk})
    assert Membership.objects.filter(pk=membership.pk).exists(), "an outsider is no choice"
    client.post(f"/settings/members/{membership.pk}/remove/", {"successor": ""})
    dana.refresh_from_db()
    assert dana.owner is None and not Membership.objects.filter(pk=membership.pk).exists()


def test_only_an_owner_removes_members(client, personas):
    membership = Membership.objects.get(workspace=personas.workspace, user=personas.viewer)
    client.force_login(personas.teammate)
    assert client.get(f"/settings/members/{membership.pk}/remove/").status_code == 403
    assert client.post(f"/settings/members/{membership.pk}/remove/").status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_people_sheet_names_the_owner(personas):
    make_person(personas.workspace, "Dana Reyes", by=personas.owner, owner=personas.teammate)
    rows = list(csv.DictReader(io.StringIO(sheet_csv(personas.workspace, PeopleSheet()))))
    assert rows[0]["Relationship owner"] == "tom"


def test_a_restore_keeps_owners_who_are_members_and_clears_others_with_a_note(personas):
    workspace, olivia, tom = personas.workspace, personas.owner, personas.teammate
    make_person(workspace, "Dana Reyes", by=olivia, owner=tom)
    make_person(workspace, "Sam Ortiz", by=olivia, owner=olivia)
    out = io.BytesIO()
    backup_write(workspace, out)
    rita = user_create(username="rita", password=None)
    target = rita.memberships.get().workspace
    membership_add(target, user=olivia, role=Role.EDITOR, by=rita)
    result = backup_restore(target, by=rita, data=out.getvalue())
    owners = dict(Person.objects.filter(workspace=target).values_list("name", "owner__username"))
    assert owners == {"Dana Reyes": None, "Sam Ortiz": "olivia"}
    assert any("relationship owner who is not a member" in n and "tom" in n
               for n in result.notes)


@pytest.mark.parametrize("members", [1, 10])
def test_the_list_and_the_person_page_read_the_same_queries_with_1_or_10_members(
        client, db, members):
    olivia = user_create(username="olivia", password=None)
    workspace = olivia.memberships.get().workspace
    team = [olivia] + [user_create(username=f"member{i}", password=None)
                       for i in range(members - 1)]
    for user in team[1:]:
        membership_add(workspace, user=user, role=Role.EDITOR, by=olivia)
    people = [make_person(workspace, f"Person {i:03}", by=olivia, owner=team[i % members])
              for i in range(30)]
    for person in people[:10]:
        make_interaction(workspace, [person], by=team[person.pk % members])
    client.force_login(olivia)
    counts = {url: count_queries(client, url) for url in [
        "/people/", "/people/?owner=me", f"/people/{people[0].pk}/",
        f"/people/{people[0].pk}/edit/"]}
    # The filter menus of organisations, teams and tags come from the shared cache.
    assert counts == {"/people/": 9, "/people/?owner=me": 9,
                      f"/people/{people[0].pk}/": 32, f"/people/{people[0].pk}/edit/": 10}


def test_a_merge_keeps_the_other_person_s_owner_when_the_survivor_has_none(personas):
    from backstory.transfer.services.merge import person_merge

    workspace = personas.workspace
    survivor = make_person(workspace, "Dana Reyes", by=personas.owner)
    other = make_person(workspace, "Dana R.", by=personas.owner, owner=personas.teammate)
    person_merge(workspace, by=personas.owner, survivor=survivor, other=other)
    survivor.refresh_from_db()
    assert survivor.owner == personas.teammate
