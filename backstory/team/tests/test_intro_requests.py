"""Ask a teammate for an intro: the request appears on their Today, where they accept it
(it becomes an introduction they make) or decline it with a note that goes back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from backstory.intros.models import Introduction, IntroRequest, IntroStatus
from backstory.testing import make_interaction, make_person


@pytest.fixture
def world(personas):
    ws = personas.workspace
    personas.teammate.first_name, personas.teammate.last_name = "Tom", "Baker"
    personas.teammate.save()
    maria = make_person(ws, "Maria Lopez", by=personas.owner, circle="media")
    me = make_person(ws, "Olivia Owens", by=personas.owner, circle="internal")
    make_interaction(ws, [maria], by=personas.teammate, when=timezone.now() - timedelta(days=3))
    return personas, maria, me


def _ask(client, maria, *, asked, for_person, note="I'd love to pitch her the launch"):
    return client.post(f"/people/{maria.pk}/ask-intro/", {
        "asked": asked.pk if asked else "", "for_person": for_person.pk if for_person else "",
        "note": note})


def test_asking_accepting_and_the_introduction_the_teammate_makes(client, world):
    personas, maria, me = world
    client.force_login(personas.owner)
    asked = _ask(client, maria, asked=personas.teammate, for_person=me)
    assert asked.status_code == 302 and asked["Location"] == f"/people/{maria.pk}/"
    person_page = client.get(f"/people/{maria.pk}/").content.decode()
    assert "Asked Tom Baker for an introduction to Maria Lopez. It is on their Today." in \
        person_page
    assert "You asked Tom Baker to introduce Olivia Owens" in person_page

    client.force_login(personas.teammate)
    today = client.get("/").content.decode()
    assert "Introduction requests" in today
    assert "asks you to introduce" in today and "I&#x27;d love to pitch her the launch" in today
    request = IntroRequest.objects.get()
    answered = client.post(f"/intros/requests/{request.pk}/answer/",
                           {"answer": "accept", "note": "", "next": "/"})
    intro = Introduction.objects.get()
    assert answered["Location"] == f"/intros/{intro.pk}/"
    # The one who asked is the first person, their yes recorded; Tom asks Maria next.
    assert (intro.person_a, intro.person_b) == (me, maria)
    assert intro.status == IntroStatus.A_AGREED
    assert intro.created_by == personas.teammate
    assert intro.reason == "I'd love to pitch her the launch"
    request.refresh_from_db()
    assert request.status == "accepted" and request.introduction == intro
    assert "Introduction requests" not in client.get("/").content.decode()

    client.force_login(personas.owner)
    today = client.get("/").content.decode()
    assert "accepted your request" in today and f'href="/intros/{intro.pk}/"' in today


def test_declining_needs_a_note_and_the_note_goes_back_to_the_one_who_asked(client, world):
    personas, maria, me = world
    client.force_login(personas.owner)
    _ask(client, maria, asked=personas.teammate, for_person=me)
    request = IntroRequest.objects.get()

    client.force_login(personas.teammate)
    url = f"/intros/requests/{request.pk}/answer/"
    page = client.post(url, {"answer": "decline", "note": "  "}, follow=True)
    assert "Add a note for your teammate" in page.content.decode()
    request.refresh_from_db()
    assert request.status == "pending"
    client.post(url, {"answer": "decline", "note": "She just left the Planet — ask Sam."})
    request.refresh_from_db()
    assert request.status == "declined" and not Introduction.objects.exists()
    again = client.post(url, {"answer": "accept"}, follow=True).content.decode()
    assert "already answered (declined)" in again

    client.force_login(personas.owner)
    today = client.get("/").content.decode()
    assert "declined your request for an introduction to" in today
    assert "She just left the Planet — ask Sam." in today


@pytest.mark.parametrize("who, error", [
    ("owner", "That is you: ask a teammate"),
    ("outsider", "Choose a teammate of this workspace."),
    ("viewer", "is a viewer here and cannot make introductions"),
    ("nobody", "Choose the teammate to ask."),
])
def test_a_request_to_oneself_an_outsider_or_a_viewer_is_refused(client, world, who, error):
    personas, maria, me = world
    client.force_login(personas.owner)
    asked = getattr(personas, who, None)
    page = _ask(client, maria, asked=asked, for_person=me)
    assert page.status_code == 200
    assert error in page.content.decode()
    assert not IntroRequest.objects.exists()


def test_a_request_needs_someone_to_introduce_and_not_the_person_themself(client, world):
    personas, maria, me = world
    client.force_login(personas.owner)
    assert "Choose who should meet them" in _ask(
        client, maria, asked=personas.teammate, for_person=None).content.decode()
    assert "cannot be introduced to themselves" in _ask(
        client, maria, asked=personas.teammate, for_person=maria).content.decode()
    assert not IntroRequest.objects.exists()


def test_the_same_open_request_twice_is_refused(client, world):
    personas, maria, me = world
    client.force_login(personas.owner)
    _ask(client, maria, asked=personas.teammate, for_person=me)
    page = _ask(client, maria, asked=personas.teammate, for_person=me).content.decode()
    assert "You already asked Tom Baker for this introduction" in page
    assert IntroRequest.objects.count() == 1


def test_a_viewer_cannot_ask_and_only_the_asked_teammate_can_answer(client, world):
    personas, maria, me = world
    client.force_login(personas.viewer)
    assert _ask(client, maria, asked=personas.teammate, for_person=me).status_code == 403
    assert client.get(f"/people/{maria.pk}/ask-intro/").status_code == 403
    assert not IntroRequest.objects.exists()

    client.force_login(personas.owner)
    _ask(client, maria, asked=personas.teammate, for_person=me)
    request = IntroRequest.objects.get()
    page = client.post(f"/intros/requests/{request.pk}/answer/", {"answer": "accept"},
                       follow=True).content.decode()
    assert "Only the teammate who was asked can answer this request." in page
    request.refresh_from_db()
    assert request.status == "pending" and not Introduction.objects.exists()


def test_an_outsider_cannot_ask_about_or_answer_for_another_workspace(client, world):
    personas, maria, me = world
    client.force_login(personas.owner)
    _ask(client, maria, asked=personas.teammate, for_person=me)
    request = IntroRequest.objects.get()
    client.force_login(personas.outsider)
    assert client.get(f"/people/{maria.pk}/ask-intro/").status_code == 404
    assert client.post(f"/intros/requests/{request.pk}/answer/",
                       {"answer": "accept"}).status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"


@pytest.mark.django_db
def test_asking_for_an_intro_to_someone_marked_do_not_contact_is_refused_with_the_reason():
    from backstory.core.errors import DomainError
    from backstory.intros.services import intro_request_create
    from backstory.people.services import person_do_not_contact_set
    from backstory.testing import make_person, make_personas

    personas = make_personas()
    ws = personas.workspace
    olga = make_person(ws, "Olga Outlet", by=personas.owner)
    ada = make_person(ws, "Ada Asker", by=personas.owner)
    person_do_not_contact_set(ws, by=personas.owner, person=olga, reason="Asked us to stop")
    with pytest.raises(DomainError, match="Asked us to stop"):
        intro_request_create(ws, by=personas.owner, person=olga, for_person=ada,
                             asked=personas.teammate)
