"""Bulk actions on the people list: tag, set circle, archive, look for duplicates."""

from __future__ import annotations

from django.urls import reverse

from backstory.people.models import Person
from backstory.testing import make_person
from backstory.workspaces.models import Activity


def _people(workspace, owner, *names):
    return [make_person(workspace, name, by=owner) for name in names]


def test_the_list_has_a_checkbox_per_person_and_the_bulk_bar(owner_client, workspace, owner):
    dana, = _people(workspace, owner, "Dana Reyes")
    page = owner_client.get(reverse("people:list")).content.decode()
    assert f'name="ids" value="{dana.pk}" form="bulk-form"' in page
    assert "Add tag" in page and "Find duplicates" in page


def test_tagging_many_people_at_once(owner_client, workspace, owner):
    dana, sam, lois = _people(workspace, owner, "Dana Reyes", "Sam Ortiz", "Lois Lane")
    response = owner_client.post(reverse("people:bulk"), {
        "ids": [dana.pk, sam.pk], "action": "tag", "tag": "#Launch",
        "next": reverse("people:list") + "?q=a"}, follow=True)
    assert "Tagged 2 people." in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("people:list") + "?q=a"
    assert {p.name for p in Person.objects.filter(tags__name="Launch")} == {"Dana Reyes",
                                                                            "Sam Ortiz"}
    assert Activity.objects.filter(action="person.tagged").count() == 2


def test_setting_the_circle_and_archiving(owner_client, workspace, owner):
    dana, sam = _people(workspace, owner, "Dana Reyes", "Sam Ortiz")
    owner_client.post(reverse("people:bulk"), {"ids": [dana.pk, sam.pk], "action": "circle",
                                               "circle": "media"})
    assert set(Person.objects.values_list("circle", flat=True)) == {"media"}
    owner_client.post(reverse("people:bulk"), {"ids": [sam.pk], "action": "archive"})
    sam.refresh_from_db()
    dana.refresh_from_db()
    assert sam.archived_at is not None and dana.archived_at is None


def test_find_duplicates_among_the_selected(owner_client, workspace, owner):
    a, b, _ = _people(workspace, owner, "Sam Ortiz", "Sam Ortiz", "Lois Lane")
    response = owner_client.post(reverse("people:bulk"), {"ids": [a.pk], "action": "suggest"})
    assert response.url == f"{reverse('transfer:duplicates')}?ids={a.pk}"
    page = owner_client.get(response.url).content.decode()
    assert "same name" in page


def test_nothing_selected_says_so(owner_client):
    response = owner_client.post(reverse("people:bulk"), {"action": "archive"}, follow=True)
    assert "Select at least one person first." in response.content.decode()


def test_people_of_another_workspace_cannot_be_changed(client, personas):
    theirs = make_person(personas.workspace, "Dana Reyes", by=personas.owner)
    client.force_login(personas.outsider)
    response = client.post(reverse("people:bulk"), {"ids": [theirs.pk], "action": "archive"},
                           follow=True)
    assert "not in this workspace" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.archived_at is None
