"""Members and invitations over the API: only an owner lists, invites, withdraws, changes
roles and removes; the workspace always keeps an owner; an invitation's link is given once
and only its hash is kept."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backstory.api.models import IdempotentRequest
from backstory.workspaces.models import Invitation, Membership, Role
from backstory.workspaces.selectors import invitation_by_token
from backstory.workspaces.services import invitation_create, membership_add, user_create
from backstory.workspaces.tokens import token_hash

pytestmark = pytest.mark.django_db


def _membership(personas, user):
    return Membership.objects.get(workspace=personas.workspace, user=user)


def test_an_owner_lists_the_members_with_their_names_and_roles(api, personas):
    personas.teammate.first_name, personas.teammate.last_name = "Tess", "Mate"
    personas.teammate.save()
    response = api("owner").get("/api/v1/members")
    assert response.status_code == 200, response.content
    rows = {row["username"]: row for row in response.json()["items"]}
    assert {name: row["role"] for name, row in rows.items()} == {
        personas.owner.username: "owner", personas.teammate.username: "editor",
        personas.viewer.username: "viewer"}
    teammate = rows[personas.teammate.username]
    assert teammate["name"] == "Tess Mate"
    assert teammate["user_id"] == personas.teammate.pk
    assert teammate["id"] == _membership(personas, personas.teammate).pk
    assert teammate["joined"]
    assert rows[personas.viewer.username]["name"] == personas.viewer.username


def test_an_invitation_answer_holds_the_link_once_and_only_its_hash_is_stored(api, personas):
    owner = api("owner")
    body = {"email": "new.reporter@example.com", "role": "viewer", "send": False}
    response = owner.post("/api/v1/invitations", body, headers={"Idempotency-Key": "inv-1"})
    assert response.status_code == 201, response.content
    answer = response.json()
    link = answer["link"]
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert link.endswith(f"/invite/{token}/") and len(token) >= 20
    assert answer["mailed"] is False
    assert answer["invitation"]["email"] == "new.reporter@example.com"
    assert answer["invitation"]["role"] == "viewer"

    invitation = Invitation.objects.get(pk=answer["invitation"]["id"])
    assert invitation.workspace == personas.workspace
    assert invitation.token_hash == token_hash(token)
    assert invitation_by_token(token) == invitation  # the link works
    stored = [str(value) for value in Invitation.objects.values_list().get(pk=invitation.pk)]
    assert not any(token in value for value in stored)
    # The retry's stored answer does not keep the link either: a replay gives none.
    assert token not in IdempotentRequest.objects.get(key="inv-1").body
    replay = owner.post("/api/v1/invitations", body, headers={"Idempotency-Key": "inv-1"})
    assert replay.status_code == 201 and replay["Idempotent-Replayed"] == "true"
    assert replay.json()["link"] is None
    assert replay.json()["invitation"]["id"] == invitation.pk
    assert Invitation.objects.filter(email="new.reporter@example.com").count() == 1

    listed = owner.get("/api/v1/invitations").json()["items"]
    assert [(row["id"], row["email"], row["invited_by"]) for row in listed] == [
        (invitation.pk, "new.reporter@example.com", personas.owner.username)]
    assert token not in str(listed)


def test_an_invitation_is_mailed_by_default(api, mailoutbox):
    response = api("owner").post("/api/v1/invitations", {"email": "ed@example.com"})
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["mailed"] is True and answer["invitation"]["role"] == "editor"
    assert [mail.to for mail in mailoutbox] == [["ed@example.com"]]
    assert answer["link"] in mailoutbox[0].body


def test_a_bad_invitation_is_refused_with_the_field_named(api):
    response = api("owner").post("/api/v1/invitations",
                                 {"email": "not-an-address", "send": False})
    assert response.status_code == 400
    assert "email" in response.json()["field_errors"]
    assert not Invitation.objects.exists()


def test_an_owner_withdraws_an_invitation_and_its_link_stops_working(api, personas):
    issued = invitation_create(personas.workspace, email="x@example.com", role="editor",
                               by=personas.owner, send=False)
    owner = api("owner")
    response = owner.send("DELETE", f"/api/v1/invitations/{issued.invitation.pk}")
    assert response.status_code == 204, response.content
    issued.invitation.refresh_from_db()
    assert issued.invitation.revoked_at is not None
    assert issued.invitation.problem()
    assert owner.get("/api/v1/invitations").json()["items"] == []


def test_an_owner_changes_a_members_role(api, personas):
    membership = _membership(personas, personas.teammate)
    response = api("owner").patch(f"/api/v1/members/{membership.pk}", {"role": "viewer"})
    assert response.status_code == 200, response.content
    assert response.json()["role"] == "viewer"
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER


def test_the_only_owner_can_neither_step_down_nor_be_removed(api, personas):
    membership = _membership(personas, personas.owner)
    owner = api("owner")
    response = owner.patch(f"/api/v1/members/{membership.pk}", {"role": "editor"})
    assert response.status_code == 400
    assert "owner" in response.json()["message"]
    assert response.json()["field_errors"] == {"role": ["The only owner cannot take another role."]}
    response = owner.send("DELETE", f"/api/v1/members/{membership.pk}")
    assert response.status_code == 400
    assert response.json() == {"message": "A workspace needs at least one owner.",
                               "field_errors": {}}
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


def test_an_owner_removes_a_member_handing_their_people_to_a_successor(api, personas):
    membership = _membership(personas, personas.teammate)
    owner = api("owner")
    response = owner.send("DELETE", f"/api/v1/members/{membership.pk}"
                                    f"?successor={personas.outsider.pk}")
    assert response.status_code == 400
    assert "successor" in response.json()["field_errors"]
    response = owner.send("DELETE", f"/api/v1/members/{membership.pk}"
                                    f"?successor={personas.owner.pk}")
    assert response.status_code == 204, response.content
    assert not Membership.objects.filter(pk=membership.pk).exists()


OPERATIONS = [("GET", "/api/v1/members"), ("PATCH", "/api/v1/members/{m}"),
              ("DELETE", "/api/v1/members/{m}"), ("GET", "/api/v1/invitations"),
              ("POST", "/api/v1/invitations"), ("DELETE", "/api/v1/invitations/{i}")]


def _paths(personas):
    invitation = invitation_create(personas.workspace, email="x@example.com", role="editor",
                                   by=personas.owner, send=False).invitation
    return {"m": _membership(personas, personas.teammate).pk, "i": invitation.pk}


@pytest.mark.parametrize("who", ["editor", "viewer"])
def test_an_editor_or_viewer_is_refused_every_member_operation(api, personas, who):
    ids = _paths(personas)
    client = api(who)
    for method, path in OPERATIONS:
        response = client.send(method, path.format(**ids),
                               {"email": "y@example.com", "role": "owner", "send": False})
        assert response.status_code == 403, f"{method} {path}: {response.status_code}"
    assert _membership(personas, personas.teammate).role == Role.EDITOR
    assert list(Invitation.objects.values_list("email", "revoked_at")) == [
        ("x@example.com", None)]


def test_another_workspaces_owner_gets_404_for_this_workspaces_members(api, personas):
    ids = _paths(personas)
    outsider = api("outsider")
    for method, path in OPERATIONS:
        if "{" in path:
            response = outsider.send(method, path.format(**ids), {"role": "viewer"})
            assert response.status_code == 404, f"{method} {path}: {response.status_code}"
    listed = outsider.get("/api/v1/members").json()["items"]
    assert [row["username"] for row in listed] == [personas.outsider.username]
    assert outsider.get("/api/v1/invitations").json()["items"] == []
    assert _membership(personas, personas.teammate).role == Role.EDITOR
    assert Invitation.objects.get().revoked_at is None


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_lists_run_as_many_queries_for_many_members_as_for_few(api, personas):
    owner = api("owner")
    paths = ("/api/v1/members", "/api/v1/invitations")
    invitation_create(personas.workspace, email="a@example.com", role="editor",
                      by=personas.owner, send=False)
    owner.get("/api/v1/members")  # the token's first use is written down once
    few = {path: _queries(owner, path) for path in paths}
    for n in range(12):
        user = user_create(username=f"member{n}", password=None, email=f"m{n}@example.com")
        membership_add(personas.workspace, user=user, role=Role.EDITOR, by=personas.owner)
        invitation_create(personas.workspace, email=f"i{n}@example.com", role="viewer",
                          by=personas.owner, send=False)
    assert len(owner.get("/api/v1/members").json()["items"]) == 15
    assert {path: _queries(owner, path) for path in paths} == few
