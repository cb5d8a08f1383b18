"""Introductions and opportunities through the API: the double opt-in, the outcome, a
match acted on."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backstory.intros import services as intros
from backstory.intros.models import Introduction, Opportunity
from backstory.testing import make_person

pytestmark = pytest.mark.django_db


def test_an_editor_introduces_two_people_step_by_step_and_records_the_outcome(api, personas):
    ws = personas.workspace
    dana, sam = make_person(ws, "Dana Reyes"), make_person(ws, "Sam Ortiz")
    editor = api("editor")
    made = editor.post("/api/v1/introductions", {"person_a_id": dana.pk,
                                                 "person_b_id": sam.pk,
                                                 "reason": "Both launch fintech apps"})
    assert made.status_code == 201, made.content
    intro_id = made.json()["id"]
    early = editor.post(f"/api/v1/introductions/{intro_id}/outcome", {"outcome": "connected"})
    assert early.status_code == 400 and "once they are introduced" in early.json()["message"]
    out_of_turn = editor.post(f"/api/v1/introductions/{intro_id}/step", {"step": "introduce"})
    assert out_of_turn.status_code == 400
    for step in ("ask_a", "a_agreed", "ask_b", "introduce"):
        answer = editor.post(f"/api/v1/introductions/{intro_id}/step", {"step": step})
        assert answer.status_code == 200, (step, answer.content)
    assert answer.json()["status"] == "introduced"
    done = editor.post(f"/api/v1/introductions/{intro_id}/outcome",
                       {"outcome": "helped", "note": "Dana shipped faster"})
    assert done.json()["outcome"] == "helped"
    listed = editor.get("/api/v1/introductions", {"state": "introduced"}).json()["items"]
    assert [i["id"] for i in listed] == [intro_id]


def test_an_opportunity_is_added_edited_with_if_match_referred_and_closed(api, personas):
    ws = personas.workspace
    contact, dana = make_person(ws, "Hiring Manager"), make_person(ws, "Dana Reyes")
    editor = api("editor")
    made = editor.post("/api/v1/opportunities", {"kind": "job", "title": "PMM, fintech",
                                                 "contact_id": contact.pk})
    assert made.status_code == 201, made.content
    opp_id = made.json()["id"]
    etag = editor.get(f"/api/v1/opportunities/{opp_id}")["ETag"]
    changed = editor.patch(f"/api/v1/opportunities/{opp_id}", {"keywords": "fintech"},
                           headers={"If-Match": etag})
    assert changed.status_code == 200 and changed.json()["contact"]["id"] == contact.pk
    stale = editor.patch(f"/api/v1/opportunities/{opp_id}", {"title": "Other"},
                         headers={"If-Match": etag})
    assert stale.status_code == 412
    lead = editor.post(f"/api/v1/opportunities/{opp_id}/refer",
                       {"person_id": dana.pk, "how": "intro"})
    assert lead.status_code == 200, lead.content
    assert Introduction.objects.get(pk=lead.json()["introduction_id"]).person_b == contact
    closed = editor.post(f"/api/v1/opportunities/{opp_id}/close", {"why": "filled"})
    assert closed.json()["is_open"] is False
    assert editor.get("/api/v1/opportunities").json()["items"] == []
    assert len(editor.get("/api/v1/opportunities", {"state": "closed"}).json()["items"]) == 1


def test_viewers_read_and_outsiders_find_nothing(api, personas):
    ws, by = personas.workspace, personas.owner
    dana, sam = make_person(ws, "Dana Reyes"), make_person(ws, "Sam Ortiz")
    intro = intros.introduction_start(ws, by=by, person_a=dana, person_b=sam, reason="r")
    opp = intros.opportunity_create(ws, by=by, data=intros.OpportunityFields(
        kind="job", title="PMM"))
    viewer, outsider = api("viewer"), api("outsider")
    assert viewer.get(f"/api/v1/introductions/{intro.pk}").status_code == 200
    assert viewer.post(f"/api/v1/introductions/{intro.pk}/step",
                       {"step": "ask_a"}).status_code == 403
    assert viewer.post(f"/api/v1/opportunities/{opp.pk}/close", {}).status_code == 403
    assert outsider.get(f"/api/v1/introductions/{intro.pk}").status_code == 404
    assert outsider.post(f"/api/v1/opportunities/{opp.pk}/close", {}).status_code == 404
    assert outsider.post("/api/v1/introductions", {
        "person_a_id": dana.pk, "person_b_id": sam.pk, "reason": "x"}).status_code == 404
    assert Introduction.objects.get().status == "proposed"
    assert Opportunity.objects.get().is_open


def test_the_lists_ask_the_same_number_of_queries_at_any_size(api, personas):
    ws, by = personas.workspace, personas.owner
    editor = api("editor")
    editor.get("/api/v1/introductions")  # the token's first use is recorded once

    def grow(n):
        for i in range(n):
            a, b = make_person(ws, f"A{i} Person"), make_person(ws, f"B{i} Person")
            intros.introduction_start(ws, by=by, person_a=a, person_b=b, reason="r")
            intros.opportunity_create(ws, by=by, data=intros.OpportunityFields(
                kind="job", title=f"Job {i}", contact=a, brought_by=b))

    def count(path):
        with CaptureQueriesContext(connection) as queries:
            assert editor.get(path).status_code == 200
        return len(queries)

    grow(2)
    small = [count("/api/v1/introductions"), count("/api/v1/opportunities")]
    grow(30)
    assert [count("/api/v1/introductions"), count("/api/v1/opportunities")] == small
