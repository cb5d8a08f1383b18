"""Do not contact: a person the whole team leaves alone. The mark carries a reason and who
set it; pitches and introductions to them are refused with that reason, Today does not
suggest them, and the pages that show them show the mark."""

from __future__ import annotations

import gzip
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from backstory.core.errors import DomainError
from backstory.intros import services as intros
from backstory.people.models import Person
from backstory.people.services import person_do_not_contact_clear, person_do_not_contact_set
from backstory.stories import services as stories
from backstory.testing import make_interaction, make_person

from .formwalk import forms_posting_to, submitted_values

REASON = "Asked us to stop pitching her after the March story"


@pytest.fixture
def people(personas):
    ws, by = personas.workspace, personas.owner
    jo = make_person(ws, "Jo Journalist", by=by, circle="media", beat="Fintech",
                     outlet="The Wire")
    dana = make_person(ws, "Dana Reyes", by=by, circle="internal")
    make_interaction(ws, [dana], by=by, when=timezone.now() - timedelta(days=90))
    make_interaction(ws, [jo], by=by, when=timezone.now() - timedelta(days=400))
    tip = stories.tip_create(ws, by=by, data=stories.TipFields(
        title="Fintech onboarding in 3 days", kind="customer_story",
        heard_on=timezone.localdate(), sources=[dana], details="Fintech numbers."))
    return {"jo": jo, "dana": dana, "tip": tip}


def _mark(client, person, reason=REASON):
    return client.post(reverse("people:do_not_contact", kwargs={"person_id": person.pk}),
                       {"reason": reason})


@pytest.mark.django_db
def test_an_editor_marks_a_person_with_a_reason_and_every_page_shows_it(client, personas,
                                                                         people):
    jo = people["jo"]
    client.force_login(personas.teammate)
    assert _mark(client, jo).status_code == 302
    jo.refresh_from_db()
    assert jo.do_not_contact and jo.do_not_contact_reason == REASON
    assert jo.do_not_contact_by == personas.teammate
    client.force_login(personas.viewer)  # everyone in the workspace sees the mark
    page = client.get(reverse("people:detail", kwargs={"person_id": jo.pk})).text
    assert "Do not contact" in page and REASON in page and "Set by tom" in page
    assert "icon-ban" in page
    shown = {
        "people list": client.get(reverse("people:list")).text,
        "search": client.get(reverse("search:search"), {"q": "Journalist"}).text,
        "live search": client.get(reverse("search:search"), {"q": "Journalist"}, headers={
            "HX-Request": "true", "HX-Target": "search-live"}).text,
        "picker": client.get(reverse("people:suggest"), {"q": "Jo Jou"}).text,
    }
    client.force_login(personas.teammate)
    shown.update({
        "pitch form": client.get(reverse("stories:pitch_new", kwargs={
            "tip_id": people["tip"].pk}), {"journalist": jo.pk}).text,
        "introduction form": client.get(reverse("intros:new"), {"b": jo.pk}).text,
    })
    for where, body in shown.items():
        assert "Do not contact" in body and "icon-ban" in body, where


@pytest.mark.django_db
def test_a_mark_needs_a_reason_and_a_viewer_cannot_set_it(client, personas, people):
    jo = people["jo"]
    client.force_login(personas.teammate)
    response = _mark(client, jo, reason="  ")
    assert response.status_code == 302
    page = client.get(response["Location"]).text
    assert "Say why nobody should contact them" in page
    assert not Person.objects.get(pk=jo.pk).do_not_contact
    client.force_login(personas.viewer)
    assert _mark(client, jo).status_code == 403
    assert not Person.objects.get(pk=jo.pk).do_not_contact


@pytest.mark.django_db
def test_a_pitch_to_them_is_refused_with_the_reason(client, personas, people):
    jo, tip = people["jo"], people["tip"]
    ws, by = personas.workspace, personas.owner
    draft = stories.pitch_create(ws, by=by, tip=tip, journalist=jo, angle="Numbers.")
    person_do_not_contact_set(ws, by=by, person=jo, reason=REASON)
    client.force_login(personas.owner)
    response = client.post(reverse("stories:pitch_new", kwargs={"tip_id": tip.pk}), {
        "journalist": jo.pk, "angle": "Your readers want onboarding numbers.",
        "follow_up_days": 4, "sent": "on", "sent_on": timezone.localdate().isoformat()})
    assert response.status_code == 200
    assert "Jo Journalist is marked do not contact" in response.text and REASON in response.text
    assert tip.pitches.count() == 1
    # The draft written before the mark is not sent either.
    client.post(reverse("stories:pitch_move", kwargs={"pitch_id": draft.pk}), {"status": "sent"})
    draft.refresh_from_db()
    assert draft.status != "sent"
    with pytest.raises(DomainError, match=REASON):
        stories.pitch_create(ws, by=by, tip=tip, journalist=jo, angle="Again.")
    # Suggested journalists leave them out.
    page = client.get(reverse("stories:pitch_new", kwargs={"tip_id": tip.pk})).text
    assert f"?journalist={jo.pk}" not in page


@pytest.mark.django_db
def test_an_introduction_to_them_is_refused_with_the_reason(client, personas, people):
    jo, dana = people["jo"], people["dana"]
    ws, by = personas.workspace, personas.owner
    started = intros.introduction_start(ws, by=by, person_a=dana, person_b=jo,
                                        reason="Both care about fintech.")
    person_do_not_contact_set(ws, by=by, person=jo, reason=REASON)
    client.force_login(personas.owner)
    response = client.post(reverse("intros:new"), {
        "person_a": jo.pk, "person_b": make_person(ws, "Sam Ortiz", by=by).pk,
        "reason": "They should meet."})
    assert response.status_code == 200 and REASON in response.text
    # An introduction begun before the mark cannot go on asking them.
    response = client.post(reverse("intros:step", kwargs={"introduction_id": started.pk}),
                           {"step": "ask_a"}, follow=True)
    assert REASON in response.text
    started.refresh_from_db()
    assert started.status == "proposed"
    page = client.get(reverse("intros:detail", kwargs={"introduction_id": started.pk})).text
    assert "do not contact" in page and REASON in page
    # Quick-log says so in the preview and refuses the introduction.
    line = "intro Jo Journalist to Dana Reyes: both care about fintech"
    preview = client.post(reverse("desk:quicklog"), {"line": line},
                          headers={"HX-Request": "true"}).text
    assert "Do not contact" in preview and REASON in preview
    saved = client.post(reverse("desk:quicklog"), {"line": line, "save": "1"},
                        headers={"HX-Request": "true"}).text
    assert "is marked do not contact" in saved and "ql-saved" not in saved
    # Taken off, it works again.
    person_do_not_contact_clear(ws, by=by, person=jo)
    intros.introduction_step(ws, by=by, introduction=started, step="ask_a")


@pytest.mark.django_db
def test_today_never_suggests_them(client, personas, people):
    dana = people["dana"]
    client.force_login(personas.owner)
    assert f'id="reach-{dana.pk}"' in client.get(reverse("home")).text
    person_do_not_contact_set(personas.workspace, by=personas.owner, person=dana,
                              reason="On leave until spring")
    body = client.get(reverse("home")).text
    assert f'id="reach-{dana.pk}"' not in body
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("today", "--workspace", personas.workspace.slug, stdout=out)
    assert "Dana Reyes" not in out.getvalue()


@pytest.mark.django_db
def test_the_person_form_saved_unchanged_keeps_the_mark(client, personas, people):
    jo = people["jo"]
    person_do_not_contact_set(personas.workspace, by=personas.owner, person=jo, reason=REASON)
    before = Person.objects.values().get(pk=jo.pk)
    client.force_login(personas.owner)
    url = reverse("people:edit", kwargs={"person_id": jo.pk})
    (form,) = forms_posting_to(client.get(url).text, url)
    grouped: dict[str, list[str]] = {}
    for key, value in submitted_values(form):
        grouped.setdefault(key, []).append(value)
    assert client.post(url, grouped).status_code == 302
    after = Person.objects.values().get(pk=jo.pk)
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"}


@pytest.mark.django_db
def test_exports_and_backups_carry_the_mark(client, personas, people):
    from backstory.transfer.services.backup import backup_restore, backup_write
    from backstory.workspaces.services import workspace_create

    jo = people["jo"]
    person_do_not_contact_set(personas.workspace, by=personas.teammate, person=jo,
                              reason=REASON)
    client.force_login(personas.owner)
    csv = client.get(reverse("transfer:export", kwargs={"kind": "csv"}))
    import zipfile

    with zipfile.ZipFile(io.BytesIO(b"".join(csv.streaming_content))) as archive:
        people_csv = archive.read("people.csv").decode("utf-8-sig")
    assert "Do not contact" in people_csv.splitlines()[0] and REASON in people_csv
    out = io.BytesIO()
    backup_write(personas.workspace, out)
    fresh = workspace_create(name="Restored", owner=personas.owner)
    backup_restore(fresh, by=personas.owner, data=out.getvalue())
    restored = Person.objects.get(workspace=fresh, name="Jo Journalist")
    assert restored.do_not_contact and restored.do_not_contact_reason == REASON
    assert restored.do_not_contact_by == personas.teammate
    assert REASON in gzip.decompress(out.getvalue()).decode()


@pytest.mark.django_db
def test_marking_and_showing_the_mark_cost_the_same_queries_at_any_size(
        owner_client, personas, network, django_assert_max_num_queries):
    hub = network.hub
    with django_assert_max_num_queries(MARK_QUERIES):
        assert _mark(owner_client, hub).status_code == 302
    url = reverse("people:detail", kwargs={"person_id": hub.pk})
    plain = network.people[0]
    owner_client.get(url)  # warm what a first request loads once
    with django_assert_max_num_queries(PAGE_QUERIES) as marked:
        assert REASON in owner_client.get(url).text
    with django_assert_max_num_queries(PAGE_QUERIES) as unmarked:
        owner_client.get(reverse("people:detail", kwargs={"person_id": plain.pk}))
    assert len(marked.captured_queries) <= len(unmarked.captured_queries) + 1
    with django_assert_max_num_queries(TODAY_QUERIES):
        owner_client.get(reverse("home"))  # the marked hub left out in one query


# Measured at both guard sizes (100 and 3,000 people): the same.
MARK_QUERIES, PAGE_QUERIES, TODAY_QUERIES = 29, 34, 32


@pytest.mark.django_db
def test_merging_keeps_the_mark_and_the_merge_page_shows_it(client, personas, people):
    from backstory.transfer.services.merge import person_merge

    ws, by = personas.workspace, personas.owner
    jo, twin = people["jo"], make_person(personas.workspace, "Jo Journalist", by=by)
    person_do_not_contact_set(ws, by=personas.teammate, person=jo, reason=REASON)
    client.force_login(by)
    page = client.get(reverse("transfer:merge", kwargs={"person_id": twin.pk}),
                      {"other": jo.pk}).text
    assert "Do not contact" in page and REASON in page
    merged = person_merge(ws, by=by, survivor=Person.objects.get(pk=twin.pk),
                          other=Person.objects.get(pk=jo.pk))
    merged.refresh_from_db()
    assert merged.do_not_contact and merged.do_not_contact_reason == REASON
    assert merged.do_not_contact_by == personas.teammate
