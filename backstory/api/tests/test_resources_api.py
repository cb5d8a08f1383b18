"""The API's resources do what their pages do, through the same services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from backstory.interactions.models import Interaction
from backstory.people.models import Person
from backstory.testing import make_action, make_interaction, make_person


def test_logging_a_coffee_with_two_people_moves_their_last_touch(api, personas):
    ws = personas.workspace
    dana, sam = make_person(ws, "Dana Reyes"), make_person(ws, "Sam Ortiz")
    editor = api("editor")
    when = (timezone.now() - timedelta(hours=2)).replace(microsecond=0)
    response = editor.post("/api/v1/interactions", {
        "kind": "coffee", "occurred_at": when.isoformat(), "people": [dana.pk, sam.pk],
        "place": "Café Kranzler", "notes": "Talked about the launch", "tags": ["launch"]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert sorted(p["name"] for p in body["people"]) == ["Dana Reyes", "Sam Ortiz"]
    read = editor.get(f"/api/v1/interactions/{body['id']}").json()
    assert read["notes"] == "Talked about the launch"
    dana.refresh_from_db()
    assert dana.last_touch_at == when
    listed = editor.get("/api/v1/interactions", {"person": sam.pk, "kind": "coffee"}).json()
    assert [i["id"] for i in listed["items"]] == [body["id"]]
    assert editor.get("/api/v1/interactions", {"kind": "phone"}).json()["items"] == []


def test_a_retried_log_with_the_same_key_logs_one_touch(api, personas):
    dana = make_person(personas.workspace, "Dana Reyes")
    editor = api("editor")
    body = {"kind": "coffee", "occurred_at": timezone.now().isoformat(), "people": [dana.pk]}
    for _ in range(3):
        response = editor.post("/api/v1/interactions", body,
                               headers={"Idempotency-Key": "cal-event-42"})
        assert response.status_code == 201
    assert Interaction.objects.filter(workspace=personas.workspace).count() == 1


def test_a_touch_needs_people_of_this_workspace_and_a_time_zone(api, personas):
    stranger = make_person(personas.outsider_workspace, "Stranger")
    dana = make_person(personas.workspace, "Dana Reyes")
    editor = api("editor")
    foreign = editor.post("/api/v1/interactions", {
        "kind": "coffee", "occurred_at": timezone.now().isoformat(), "people": [stranger.pk]})
    assert foreign.status_code == 404
    naive = editor.post("/api/v1/interactions", {
        "kind": "coffee", "occurred_at": "2026-01-05T10:00:00", "people": [dana.pk]})
    assert naive.status_code == 400
    assert naive.json()["field_errors"]["occurred_at"]


def test_an_interaction_changed_meanwhile_is_not_overwritten(api, personas):
    dana = make_person(personas.workspace, "Dana Reyes")
    touch = make_interaction(personas.workspace, [dana], notes="first")
    editor = api("editor")
    etag = editor.get(f"/api/v1/interactions/{touch.pk}")["ETag"]
    ok = editor.patch(f"/api/v1/interactions/{touch.pk}", {"notes": "second"},
                      headers={"If-Match": etag})
    assert ok.status_code == 200, ok.content
    stale = editor.patch(f"/api/v1/interactions/{touch.pk}", {"notes": "third"},
                         headers={"If-Match": etag})
    assert stale.status_code == 412
    touch.refresh_from_db()
    assert touch.notes == "second"


def test_organisations_and_teams_are_created_read_and_changed(api, personas):
    editor = api("editor")
    org = editor.post("/api/v1/organizations", {"name": "Acme", "website": "acme.example"})
    assert org.status_code == 201, org.content
    org_id = org.json()["id"]
    assert org.json()["website"] == "https://acme.example"
    again = editor.post("/api/v1/organizations", {"name": "ACME"})
    assert again.status_code == 400 and again.json()["field_errors"]["name"]
    etag = editor.get(f"/api/v1/organizations/{org_id}")["ETag"]
    changed = editor.patch(f"/api/v1/organizations/{org_id}", {"kind": "media"},
                           headers={"If-Match": etag})
    assert changed.json()["kind"] == "media" and changed.json()["name"] == "Acme"
    team = editor.post("/api/v1/teams", {"organization_id": org_id, "name": "Comms"})
    assert team.status_code == 201, team.content
    person = editor.post("/api/v1/people", {"name": "Dana", "team_id": team.json()["id"]})
    assert person.json()["organization"]["id"] == org_id
    people = editor.get(f"/api/v1/teams/{team.json()['id']}/people").json()["items"]
    assert [p["name"] for p in people] == ["Dana"]
    listed = editor.get("/api/v1/organizations").json()["items"]
    assert listed[0]["people_count"] == 1 and listed[0]["team_count"] == 1


def test_action_items_are_created_done_reopened_and_snoozed(api, personas):
    dana = make_person(personas.workspace, "Dana Reyes")
    editor = api("editor")
    made = editor.post("/api/v1/action-items", {"text": "Send the deck", "person_id": dana.pk})
    assert made.status_code == 201, made.content
    item_id = made.json()["id"]
    done = editor.post(f"/api/v1/action-items/{item_id}/done")
    assert done.json()["done"] is True
    assert editor.get("/api/v1/action-items").json()["items"] == []
    assert [i["id"] for i in editor.get("/api/v1/action-items",
                                        {"state": "done"}).json()["items"]] == [item_id]
    reopened = editor.post(f"/api/v1/action-items/{item_id}/reopen")
    assert reopened.json()["done"] is False
    today = timezone.localdate()
    snoozed = editor.post(f"/api/v1/action-items/{item_id}/snooze",
                          {"until": (today + timedelta(days=3)).isoformat()})
    assert snoozed.json()["snoozed_until"] == (today + timedelta(days=3)).isoformat()
    past = editor.post(f"/api/v1/action-items/{item_id}/snooze", {"until": today.isoformat()})
    assert past.status_code == 400 and past.json()["field_errors"]["until"]


def test_today_lists_whom_to_reach_out_to_and_a_snooze_takes_them_off(api, personas):
    ws = personas.workspace
    olga = make_person(ws, "Olga Overdue", circle="customer")
    make_interaction(ws, [olga], when=timezone.now() - timedelta(days=200))
    make_action(ws, "Call Olga", person=olga, due_on=timezone.localdate())
    # A touch nobody is recorded in counts for the owners: it is the owner's Today.
    editor = api("owner")
    today = editor.get("/api/v1/today")
    assert today.status_code == 200, today.content
    body = today.json()
    assert "Olga Overdue" in [r["person"]["name"] for r in body["reach_out"]]
    assert "Call Olga" in [i["text"] for i in body["action_items"]]
    until = (timezone.localdate() + timedelta(days=7)).isoformat()
    snoozed = editor.post(f"/api/v1/people/{olga.pk}/snooze", {"until": until})
    assert snoozed.json()["state"] == "snoozed"
    after = editor.get("/api/v1/today").json()
    assert "Olga Overdue" not in [r["person"]["name"] for r in after["reach_out"]]


def test_search_finds_people_organisations_and_touches(api, personas):
    ws = personas.workspace
    dana = make_person(ws, "Dana Quillby", notes="loves sailing")
    make_interaction(ws, [dana], summary="Sailing chat", notes="regatta plans")
    found = api("viewer").get("/api/v1/search", {"q": "sailing"}).json()
    assert [p["name"] for p in found["people"]] == ["Dana Quillby"]
    assert found["people"][0]["found_in"] == "Notes"
    assert "<mark>" not in found["people"][0]["snippet"]
    assert [i["summary"] for i in found["interactions"]] == ["Sailing chat"]
    outside = api("outsider").get("/api/v1/search", {"q": "sailing"})
    assert outside.json()["people"] == [], outside.content


def test_quicklog_previews_an_ambiguous_name_and_saves_once_it_is_chosen(api, personas):
    ws = personas.workspace
    first = make_person(ws, "Dana Reyes", title="Editor")
    make_person(ws, "Dana Smith", title="Producer")
    editor = api("editor")
    line = "coffee with Dana yesterday: about the launch"
    preview = editor.post("/api/v1/quicklog/preview", {"line": line})
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert body["ready"] is False and body["kind"] == "coffee"
    name = body["names"][0]
    assert name["status"] == "ambiguous"
    assert {c["name"] for c in name["candidates"]} == {"Dana Reyes", "Dana Smith"}
    refused = editor.post("/api/v1/quicklog", {"line": line})
    assert refused.status_code == 400 and refused.json()["field_errors"]["people"]
    chosen = {"line": line, "choices": {"0": first.pk}}
    assert editor.post("/api/v1/quicklog/preview", chosen).json()["ready"] is True
    saved = editor.post("/api/v1/quicklog", chosen)
    assert saved.status_code == 201, saved.content
    result = saved.json()
    assert result["summary"].startswith("Logged: coffee with Dana Reyes")
    assert [p["name"] for p in result["interaction"]["people"]] == ["Dana Reyes"]
    repeat = editor.post("/api/v1/quicklog/preview", chosen).json()
    assert repeat["repeat"] is not None


def test_quicklog_adds_an_unknown_name_as_a_new_person_when_asked(api, personas):
    editor = api("editor")
    line = "call with Zora Newcombe today"
    preview = editor.post("/api/v1/quicklog/preview", {"line": line}).json()
    assert preview["names"][0]["status"] == "unknown"
    saved = editor.post("/api/v1/quicklog", {"line": line, "create": [0]})
    assert saved.status_code == 201, saved.content
    assert [p["name"] for p in saved.json()["created"]] == ["Zora Newcombe"]
    assert Person.objects.filter(workspace=personas.workspace, name="Zora Newcombe").exists()


def test_an_interaction_with_a_tag_in_capitals_beyond_a_to_z_saves_unchanged(api, personas):
    """SQLite folds only A–Z: the tag "Ärger" must be found again, not made twice."""
    dana = make_person(personas.workspace, "Dana Reyes")
    touch = make_interaction(personas.workspace, [dana], tags=["Ärger", "Ça va"])
    response = api("editor").patch(f"/api/v1/interactions/{touch.pk}", {})
    assert response.status_code == 200, response.content
    assert response.json()["tags"] == ["Ärger", "Ça va"]


def test_every_interaction_answer_reads_its_notes_through_notes_for(api, personas,
                                                                    monkeypatch):
    """The one place the visibility of notes is decided (private notes plug in there)."""
    from backstory.api.routers import interactions as answers

    monkeypatch.setattr(answers, "notes_for", lambda interaction, user: "(hidden)")
    dana = make_person(personas.workspace, "Dana Quillby")
    touch = make_interaction(personas.workspace, [dana], notes="regatta secrets")
    editor = api("editor")
    assert editor.get(f"/api/v1/interactions/{touch.pk}").json()["notes"] == "(hidden)"
    assert {i["notes"] for i in editor.get("/api/v1/interactions").json()["items"]} == {
        "(hidden)"}
    logged = editor.post("/api/v1/interactions", {
        "kind": "coffee", "occurred_at": timezone.now().isoformat(), "people": [dana.pk],
        "notes": "more secrets"})
    assert logged.json()["notes"] == "(hidden)"
    found = editor.get("/api/v1/search", {"q": "regatta"}).json()["interactions"]
    assert found and all("regatta" not in hit["snippet"] for hit in found)
