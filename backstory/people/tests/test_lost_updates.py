"""Two people editing the same person: the second save does not silently undo the
first. The edit form carries the version it was loaded from; a save over a newer
version is refused, says what changed, and keeps what the second person typed."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client

from backstory.core.versions import VersionConflict
from backstory.people.models import Person
from backstory.people.services import PersonFields, person_update, person_version
from backstory.testing import make_person
from tests.formwalk import forms_posting_to, submitted_values


def _load(client, path) -> list[tuple[str, str]]:
    page = client.get(path)
    assert page.status_code == 200
    return submitted_values(forms_posting_to(page.content.decode(), path)[0])


def _with(values, **changes) -> list[tuple[str, str]]:
    return [(n, changes.get(n, v)) for n, v in values]


def _save(client, path, values):
    return client.post(path, urlencode(values), content_type="application/x-www-form-urlencoded")


def _session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_second_of_two_saves_from_the_same_version_is_refused_naming_what_changed(personas):
    person = make_person(personas.workspace, "Dana Reyes", title="Head of Comms",
                         notes="Met at the summit.")
    path = f"/people/{person.pk}/edit/"
    olivia, tom = _session(personas.owner), _session(personas.teammate)
    hers, his = _load(olivia, path), _load(tom, path)

    first = _save(olivia, path, _with(hers, title="Chief Communications Officer"))
    assert first.status_code == 302
    second = _save(tom, path, _with(his, notes="Prefers calls on Fridays."))

    assert second.status_code == 200
    body = second.content.decode()
    assert "Someone else saved Dana Reyes after you opened it (job title changed)" in body
    assert "Changed meanwhile; it is now “Chief Communications Officer”." in body
    assert "Prefers calls on Fridays." in body  # what he typed is still in the form
    person.refresh_from_db()
    assert (person.title, person.notes) == ("Chief Communications Officer",
                                            "Met at the summit.")

    # Saving again is a choice made knowing what changed: it goes through.
    retry = submitted_values(forms_posting_to(body, path)[0])
    retry = _with(retry, title="Chief Communications Officer")
    assert _save(tom, path, retry).status_code == 302
    person.refresh_from_db()
    assert (person.title, person.notes) == ("Chief Communications Officer",
                                            "Prefers calls on Fridays.")


@pytest.mark.django_db
def test_of_many_saves_from_one_version_only_the_first_is_kept_and_the_rest_are_told(
        personas):
    person = make_person(personas.workspace, "Dana Reyes")
    path = f"/people/{person.pk}/edit/"
    sessions = [_session(personas.owner) for _ in range(5)]
    loaded = [_load(s, path) for s in sessions]
    answers = [_save(s, path, _with(values, title=f"Title {i}")).status_code
               for i, (s, values) in enumerate(zip(sessions, loaded, strict=True))]
    assert answers == [302, 200, 200, 200, 200]
    assert Person.objects.get(pk=person.pk).title == "Title 0"


@pytest.mark.django_db
def test_a_change_to_contacts_or_tags_alone_is_a_new_version(personas):
    person = make_person(personas.workspace, "Dana Reyes", emails=["dana@acme.example"])
    loaded = person_version(Person.objects.get(pk=person.pk))
    person_update(personas.workspace, by=personas.owner, person=person,
                  data=PersonFields(name="Dana Reyes", tags=["vip"]))
    with pytest.raises(VersionConflict) as refused:
        person_update(personas.workspace, by=personas.owner,
                      person=Person.objects.get(pk=person.pk),
                      data=PersonFields(name="Dana R."), expected_version=loaded)
    assert refused.value.changed == ["tags"]
    assert Person.objects.get(pk=person.pk).name == "Dana Reyes"
