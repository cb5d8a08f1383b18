"""People through the API: the same services and rules as the person pages."""

from __future__ import annotations

from backstory.people.models import Person
from backstory.testing import make_person
from backstory.workspaces.models import Activity


def test_an_editor_creates_a_person_and_reads_them_back_with_an_etag(api, personas):
    editor = api("editor")
    response = editor.post("/api/v1/people", {
        "name": "Dana Reyes", "title": "Editor", "organization_name": "Daily Planet",
        "circle": "media", "tags": ["launch"],
        "contact_points": [{"kind": "email", "value": "dana@planet.example"}]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organization"]["name"] == "Daily Planet"
    assert body["tags"] == ["launch"]
    assert body["contact_points"][0]["value"] == "dana@planet.example"
    read = editor.get(f"/api/v1/people/{body['id']}")
    assert read.status_code == 200
    assert read["ETag"] == f'"{body["version"]}"'
    assert read.json()["name"] == "Dana Reyes"


def test_a_stale_update_is_refused_naming_what_changed(api, personas):
    person = make_person(personas.workspace, "Dana Reyes", title="Editor")
    editor = api("editor")
    etag = editor.get(f"/api/v1/people/{person.pk}")["ETag"]
    first = editor.patch(f"/api/v1/people/{person.pk}", {"title": "Chief editor"},
                         headers={"If-Match": etag})
    assert first.status_code == 200, first.content
    assert first["ETag"] != etag
    stale = api("owner").patch(f"/api/v1/people/{person.pk}", {"title": "Reporter"},
                               headers={"If-Match": etag})
    assert stale.status_code == 412
    error = stale.json()
    assert "job title" in error["message"]
    assert "title" in error["field_errors"]
    assert stale["ETag"] == first["ETag"]
    person.refresh_from_db()
    assert person.title == "Chief editor"


def test_a_patch_that_changes_nothing_leaves_the_person_as_they_were(api, personas):
    person = make_person(personas.workspace, "Dana Reyes", title="Editor", tags=["a"],
                         emails=["d@x.example"])
    before = Activity.objects.count()
    response = api("editor").patch(f"/api/v1/people/{person.pk}", {})
    assert response.status_code == 200
    assert Activity.objects.count() == before
    assert response.json()["contact_points"][0]["value"] == "d@x.example"


def test_a_retried_create_with_the_same_idempotency_key_creates_one_person(api, personas):
    editor = api("editor")
    headers = {"Idempotency-Key": "7d3c-retry"}
    first = editor.post("/api/v1/people", {"name": "Once Only"}, headers=headers)
    again = editor.post("/api/v1/people", {"name": "Once Only"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Person.objects.filter(name="Once Only").count() == 1
    other = editor.post("/api/v1/people", {"name": "Someone Else"}, headers=headers)
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["field_errors"]


def test_bad_input_gets_the_error_shape_naming_the_field(api, personas):
    editor = api("editor")
    response = editor.post("/api/v1/people", {"name": "", "circle": "nonsense"})
    assert response.status_code == 422
    body = response.json()
    assert set(body["field_errors"]) >= {"name", "circle"}
    assert body["message"]
    bad_email = editor.post("/api/v1/people", {
        "name": "Dana", "contact_points": [{"kind": "email", "value": "not-an-address"}]})
    assert bad_email.status_code == 400
    assert "emails" in bad_email.json()["field_errors"]
    nul = editor.post("/api/v1/people", {"name": "Da\x00na"})
    assert nul.status_code == 422


def test_a_viewer_and_a_read_only_token_read_but_never_write(api, personas):
    person = make_person(personas.workspace, "Dana Reyes")
    for who in ("viewer", "read_only"):
        assert api(who).get(f"/api/v1/people/{person.pk}").status_code == 200
        response = api(who).patch(f"/api/v1/people/{person.pk}", {"title": "Hacked"})
        assert response.status_code == 403, who
        assert response.json()["message"]
    person.refresh_from_db()
    assert person.title == ""


def test_another_workspaces_token_finds_nothing(api, personas):
    person = make_person(personas.workspace, "Dana Reyes")
    outsider = api("outsider")
    assert outsider.get(f"/api/v1/people/{person.pk}").status_code == 404
    assert outsider.get("/api/v1/people").json()["items"] == []
    assert outsider.patch(f"/api/v1/people/{person.pk}", {"title": "x"}).status_code == 404


def test_no_token_or_a_revoked_one_is_told_how_to_sign_in(api, personas):
    from backstory.api.models import ApiToken
    from backstory.api.services import token_revoke

    assert api(None).get("/api/v1/people").status_code == 401
    editor = api("editor")
    assert editor.get("/api/v1/people").status_code == 200
    token = ApiToken.objects.get(name="editor")
    token_revoke(token, by=personas.teammate)
    response = editor.get("/api/v1/people")
    assert response.status_code == 401
    assert "revoked" in response.json()["message"]


def test_the_list_pages_by_cursor_and_filters_as_the_web_does(api, personas):
    for i in range(5):
        make_person(personas.workspace, f"Person {i}", circle="media" if i % 2 else "other")
    editor = api("editor")
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = editor.get("/api/v1/people", params).json()
        seen += [p["name"] for p in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [f"Person {i}" for i in range(5)]
    media = editor.get("/api/v1/people", {"circle": "media"}).json()["items"]
    assert [p["name"] for p in media] == ["Person 1", "Person 3"]
    assert editor.get("/api/v1/people", {"cursor": "garbage!"}).status_code == 400


def test_the_session_of_the_web_works_with_its_csrf_check(client, personas):
    client.force_login(personas.owner)
    assert client.get("/api/v1/people").status_code == 200
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(personas.owner)
    refused = strict.post("/api/v1/people", {"name": "X"}, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["message"]
