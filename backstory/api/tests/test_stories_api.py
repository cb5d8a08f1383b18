"""Tips, pitches and coverage through the API: the board's moves and their refusals."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backstory.stories import services as stories
from backstory.stories.models import Pitch, Tip
from backstory.testing import make_person

pytestmark = pytest.mark.django_db


def _people(personas):
    ws = personas.workspace
    return make_person(ws, "Dana Reyes"), make_person(ws, "Jo Journalist", circle="media",
                                                      outlet="The Wire")


def test_an_editor_takes_a_tip_from_capture_to_coverage(api, personas):
    dana, jo = _people(personas)
    editor = api("editor")
    today = timezone.localdate().isoformat()
    made = editor.post("/api/v1/tips", {"title": "Acme cut onboarding", "kind": "news",
                                        "heard_on": today, "source_ids": [dana.pk]})
    assert made.status_code == 201, made.content
    tip = made.json()
    assert tip["status"] == "new" and tip["sources"] == [{"id": dana.pk, "name": dana.name}]
    moved = editor.post(f"/api/v1/tips/{tip['id']}/move", {"status": "researching"})
    assert moved.json()["status"] == "researching"
    refused = editor.post(f"/api/v1/tips/{tip['id']}/move", {"status": "covered"})
    assert refused.status_code == 400 and "record the coverage" in refused.json()["message"]

    pitch = editor.post(f"/api/v1/tips/{tip['id']}/pitches",
                        {"journalist_id": jo.pk, "angle": "Numbers for your readers"})
    assert pitch.status_code == 201, pitch.content
    pitch_id = pitch.json()["id"]
    for status in ("sent", "replied"):
        answer = editor.post(f"/api/v1/pitches/{pitch_id}/move", {"status": status})
        assert answer.status_code == 200, answer.content
        assert answer.json()["status"] == status
    read = editor.get(f"/api/v1/pitches/{pitch_id}")
    covered = editor.send("PUT", f"/api/v1/pitches/{pitch_id}/coverage", {
        "published_on": today, "url": "https://wire.example/a", "headline": "Acme"},
        headers={"If-Match": f'"{read.json()["coverage_version"]}"'})
    assert covered.status_code == 200, covered.content
    assert covered.json()["coverage_outlet"] == "The Wire"
    assert editor.get(f"/api/v1/tips/{tip['id']}").json()["status"] == "covered"
    listed = editor.get("/api/v1/tips", {"status": "covered"}).json()["items"]
    assert [t["id"] for t in listed] == [tip["id"]]
    assert listed[0]["pitches"][0]["coverage_outlet"] == "The Wire"
    pulled = editor.send("DELETE", f"/api/v1/pitches/{pitch_id}/coverage")
    assert pulled.status_code == 200 and pulled.json()["covered_on"] is None
    assert Tip.objects.get().status == "pitched"


def test_a_stale_tip_edit_is_refused_and_an_unchanged_one_changes_nothing(api, personas):
    dana, _jo = _people(personas)
    tip = stories.tip_create(personas.workspace, by=personas.owner, data=stories.TipFields(
        title="Acme", kind="news", heard_on=timezone.localdate(), sources=[dana]))
    editor = api("editor")
    etag = editor.get(f"/api/v1/tips/{tip.pk}")["ETag"]
    same = editor.patch(f"/api/v1/tips/{tip.pk}", {}, headers={"If-Match": etag})
    assert same.status_code == 200 and same["ETag"] == etag
    first = editor.patch(f"/api/v1/tips/{tip.pk}", {"title": "Acme, again"},
                         headers={"If-Match": etag})
    assert first.status_code == 200
    stale = editor.patch(f"/api/v1/tips/{tip.pk}", {"details": "late"},
                         headers={"If-Match": etag})
    assert stale.status_code == 412 and "title" in stale.json()["field_errors"]
    assert Tip.objects.get().details == ""


def test_viewers_read_tips_and_pitches_but_never_move_them(api, personas):
    dana, jo = _people(personas)
    ws, by = personas.workspace, personas.owner
    tip = stories.tip_create(ws, by=by, data=stories.TipFields(
        title="Acme", kind="news", heard_on=timezone.localdate(), sources=[dana]))
    pitch = stories.pitch_create(ws, by=by, tip=tip, journalist=jo, angle="Numbers")
    viewer = api("viewer")
    assert viewer.get(f"/api/v1/tips/{tip.pk}").status_code == 200
    assert viewer.get(f"/api/v1/pitches/{pitch.pk}").status_code == 200
    for path, body in ((f"/api/v1/tips/{tip.pk}/move", {"status": "parked"}),
                       (f"/api/v1/pitches/{pitch.pk}/move", {"status": "sent"}),
                       (f"/api/v1/tips/{tip.pk}/pitches", {"journalist_id": jo.pk,
                                                           "angle": "x"})):
        assert viewer.post(path, body).status_code == 403, path
    assert viewer.send("DELETE", f"/api/v1/pitches/{pitch.pk}").status_code == 403
    outsider = api("outsider")
    assert outsider.get(f"/api/v1/tips/{tip.pk}").status_code == 404
    assert outsider.post(f"/api/v1/pitches/{pitch.pk}/move",
                         {"status": "sent"}).status_code == 404
    assert outsider.get("/api/v1/tips").json()["items"] == []
    assert (Tip.objects.get().status, Pitch.objects.get().status) == ("new", "draft")


def test_the_tips_list_asks_the_same_number_of_queries_at_any_size(api, personas):
    ws, by = personas.workspace, personas.owner
    dana, jo = _people(personas)
    editor = api("editor")

    def grow(n):
        for i in range(n):
            tip = stories.tip_create(ws, by=by, data=stories.TipFields(
                title=f"Tip {i}", kind="news", heard_on=timezone.localdate(), sources=[dana]))
            stories.pitch_create(ws, by=by, tip=tip, journalist=jo, angle="a")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert editor.get("/api/v1/tips", {"limit": 50}).status_code == 200
        return len(queries)

    grow(3)
    count()  # the token's first use is recorded once
    small = count()
    grow(40)
    assert count() == small
