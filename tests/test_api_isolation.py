"""The isolation walk over the API: every operation of the OpenAPI document — discovered
from it, so a new endpoint is walked without anyone listing it — is requested with another
workspace's token (it must get 404 for the owner's records, never their data, and change
nothing of the owner's workspace) and with a viewer's token in the owner's workspace (every
write refused with 403, nothing changed). A path that names a kind of record this walk does
not know fails the walk until it is added to OBJECTS."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from backstory.api.services import token_create
from backstory.people.services import organization_create, team_create
from backstory.testing import make_action, make_interaction, make_person

from .formwalk import workspace_rows

SENTINEL = "Zebulon Quillfeather"
SECRET_NOTE = "ultra-confidential-merger-codeword"
METHODS = ("get", "post", "put", "patch", "delete")


def _owner_records(personas) -> dict[str, int]:
    """One record of every kind a path can name, in the owner's workspace."""
    ws, by = personas.workspace, personas.owner
    org = organization_create(ws, by=by, name=f"{SENTINEL} Holdings", notes=SECRET_NOTE)
    team = team_create(ws, by=by, organization=org, name=f"{SENTINEL} Team")
    person = make_person(ws, SENTINEL, by=by, organization=org, team=team,
                         notes=SECRET_NOTE, tags=["sentinel-tag"])
    interaction = make_interaction(ws, [person], by=by, notes=SECRET_NOTE,
                                   summary=f"{SENTINEL} summary")
    action = make_action(ws, f"{SENTINEL} action", by=by, person=person)
    return {
        # path parameter -> the record it names
        "person_id": person.pk, "organization_id": org.pk, "team_id": team.pk,
        "interaction_id": interaction.pk, "action_id": action.pk,
        **_more_records(ws, by, person, interaction),
    }


def _more_records(ws, by, person, interaction) -> dict[str, object]:
    """Tips, pitches, introductions, opportunities, an import, a webhook, a membership
    and an invitation."""
    from backstory.intros import services as intros
    from backstory.stories import services as stories
    from backstory.transfer.services import import_file
    from backstory.webhooks.services import webhook_create, webhook_ping
    from backstory.workspaces.services import invitation_create

    journalist = make_person(ws, f"{SENTINEL} Reporter", by=by, circle="media")
    tip = stories.tip_create(ws, by=by, data=stories.TipFields(
        title=f"{SENTINEL} tip", kind="news", heard_on=interaction.occurred_at.date(),
        sources=[person], details=SECRET_NOTE))
    pitch = stories.pitch_create(ws, by=by, tip=tip, journalist=journalist,
                                 angle=f"{SENTINEL} angle")
    opportunity = intros.opportunity_create(ws, by=by, data=intros.OpportunityFields(
        kind="job", title=f"{SENTINEL} job", contact=journalist))
    introduction = intros.introduction_start(ws, by=by, person_a=person,
                                             person_b=journalist, reason=f"{SENTINEL} r")
    batch = import_file(ws, by=by, name="sentinel.csv", data=(
        f"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        f"{SENTINEL},Imported,https://www.linkedin.com/in/zq,,Co,,07 Dec 2025\n").encode()
    ).batch
    webhook = webhook_create(ws, by=by, url="https://hooks.example/sentinel",
                             events=["person.created"], description=f"{SENTINEL} hook")
    webhook_ping(ws, by=by, webhook=webhook)
    invitation = invitation_create(ws, email="sentinel@example.com", role="editor", by=by,
                                   send=False).invitation
    return {"tip_id": tip.pk, "pitch_id": pitch.pk, "opportunity_id": opportunity.pk,
            "introduction_id": introduction.pk, "batch_id": batch.pk,
            "row_id": batch.rows.first().pk, "webhook_id": webhook.pk, "kind": "vcard",
            "membership_id": by.memberships.get(workspace=ws).pk,
            "invitation_id": invitation.pk}


# Path parameters that name no record (an export's format).
NOT_RECORDS = {"kind"}
# Operations only an owner may use, even to read (a viewer is refused them with 403).
OWNER_ONLY = ("/api/v1/webhooks", "/api/v1/members", "/api/v1/invitations")


# A body property -> which record of the owner it points at (so that a write refers to
# the owner's records, which the other workspace's token must not reach).
BODY_LINKS = {"person_id": "person_id", "people": "person_id", "introduced_by_id": "person_id",
              "leader_id": "person_id", "team_id": "team_id", "source_ids": "person_id",
              "journalist_id": "person_id", "person_a_id": "person_id",
              "person_b_id": "person_id", "contact_id": "person_id",
              "brought_by_id": "person_id", "opportunity_id": "opportunity_id",
              "organization_id": "organization_id", "interaction_id": "interaction_id"}


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in node:
        node = next((n for n in node["anyOf"] if n.get("type") != "null"), node["anyOf"][0])
        return _resolve(schema, node)
    return node


def _value(schema: dict, name: str, node: dict, objects: dict):
    node = _resolve(schema, node)
    kind = node.get("type")
    link = objects.get(BODY_LINKS.get(name, ""))
    if "enum" in node:
        return node["enum"][0]
    if kind == "integer":
        return link or node.get("minimum", 1)
    if kind == "array":
        item = _value(schema, name, node.get("items", {}), objects)
        return [item]
    if kind == "object":
        return {key: _value(schema, key, sub, objects)
                for key, sub in node.get("properties", {}).items()}
    if kind == "boolean":
        return False
    if node.get("format") == "date-time":
        return (timezone.now() - timedelta(hours=1)).isoformat()
    if node.get("format") == "date":
        return (timezone.localdate() + timedelta(days=3)).isoformat()
    if name == "line":
        return f"coffee with {SENTINEL.split()[0]} today"  # the full name only if matched
    return "Hijacked"


def _body(schema: dict, operation: dict, objects: dict):
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    return _value(schema, "", content["schema"], objects) if content else None


def _query(schema: dict, operation: dict, objects: dict) -> str:
    """The query of a request: its required parameters, and any search words looking for
    the owner's records by a word of their name."""
    params = {}
    for param in operation.get("parameters", []):
        if param["in"] != "query":
            continue
        if param["name"] == "q":
            params["q"] = SENTINEL.split()[1]
        elif param.get("required"):
            params[param["name"]] = _value(schema, param["name"], param["schema"], objects)
    return "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""


def _operations(client) -> tuple[dict, list[tuple[str, str, dict]]]:
    schema = client.get("/api/v1/openapi.json").json()
    return schema, [(path, method, op) for path, item in schema["paths"].items()
                    for method, op in item.items() if method in METHODS]


def _url(path: str, objects: dict) -> tuple[str, bool]:
    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    unknown = [n for n in names if n not in objects]
    assert not unknown, (f"{path} names {unknown}: add the record it points at to "
                         "_owner_records in tests/test_api_isolation.py")
    for name in names:
        path = path.replace("{" + name + "}", str(objects[name]))
    return path, bool(set(names) - NOT_RECORDS)


def _snapshot(workspace) -> str:
    rows = workspace_rows(workspace, everything=True)
    rows.pop("api.ApiToken", None)  # a token's last use is written as it is used
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()


def _send(client, method, url, token, body):
    return client.generic(method.upper(), url, json.dumps(body) if body is not None else "",
                          content_type="application/json",
                          HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.django_db
def test_another_workspaces_token_neither_sees_nor_changes_anything_at_any_endpoint(personas):
    objects = _owner_records(personas)
    token = token_create(personas.outsider_workspace, user=personas.outsider, name="out")[1]
    client = Client()
    schema, operations = _operations(client)
    before = _snapshot(personas.workspace)
    assert len(operations) >= 20
    for path, method, operation in operations:
        url, names_a_record = _url(path, objects)
        url += _query(schema, operation, objects)
        response = _send(client, method, url, token, _body(schema, operation, objects))
        raw = (b"".join(response.streaming_content) if response.streaming
               else response.content)  # an export streams; it must not leak either
        body = raw.decode(errors="replace")
        assert SENTINEL not in body and SECRET_NOTE not in body, f"{method.upper()} {url} leaks"
        if names_a_record:
            assert response.status_code == 404, (
                f"{method.upper()} {url} answered {response.status_code} to an outsider")
        else:
            assert response.status_code < 500, f"{method.upper()} {url} failed"
            if method != "get":
                assert response.status_code not in (200, 201) or SENTINEL not in body
    assert _snapshot(personas.workspace) == before, "the owner's workspace was changed"


@pytest.mark.django_db
def test_a_viewers_token_reads_every_endpoint_and_every_write_is_refused(personas):
    objects = _owner_records(personas)
    token = token_create(personas.workspace, user=personas.viewer, name="viewer")[1]
    client = Client()
    schema, operations = _operations(client)
    before = _snapshot(personas.workspace)
    writes = 0
    for path, method, operation in operations:
        url, _ = _url(path, objects)
        url += _query(schema, operation, objects)
        response = _send(client, method, url, token, _body(schema, operation, objects))
        if path.startswith(OWNER_ONLY):
            assert response.status_code == 403, f"{method.upper()} {url}: not owner-only"
            writes += method != "get"
        elif method == "get":
            assert response.status_code == 200, f"GET {url}: {response.content[:200]}"
        else:
            writes += 1
            assert response.status_code == 403, f"{method.upper()} {url} let a viewer write"
            assert "viewer" in response.json()["message"]
    assert writes >= 10
    assert _snapshot(personas.workspace) == before, "a viewer changed the workspace"
