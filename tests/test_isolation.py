"""No user ever sees or changes another workspace's data — for every URL of the app.

The test walks every named URL pattern. Object URLs are filled with the ids of records
of the owner's workspace and requested (GET and POST) by the outsider, who must get a
404 (or 405 for a POST-only URL) and leave the owner's data exactly as it was. List pages
must not show anything of the owner's workspace. A new URL whose argument is not in
OBJECTS makes this test fail until someone says which record it points at.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from django.urls import reverse

from backstory.testing import make_action, make_interaction, make_person

from .formwalk import named_urls as _patterns
from .formwalk import workspace_rows

SENTINEL = "Zebulon Quillfeather"
SECRET_NOTE = "ultra-confidential-merger-codeword"
# Pages that search (the search page, list filters) search for the owner's records by
# words that are not the sentinel's, so that a found record would show it whole.
SEARCH = "holdings OR summary"


def _owner_records(personas) -> dict[str, object]:
    """One record of every kind in the owner's workspace, named so that leaks are visible."""
    from backstory.people.services import organization_create, team_create
    from backstory.workspaces.models import Membership

    ws, by = personas.workspace, personas.owner
    org = organization_create(ws, by=by, name=f"{SENTINEL} Holdings")
    team = team_create(ws, by=by, organization=org, name=f"{SENTINEL} Team")
    person = make_person(ws, SENTINEL, by=by, organization=org, team=team,
                         emails=["zebulon@quillfeather.example"], tags=["sentinel-tag"])
    interaction = make_interaction(ws, [person], by=by, notes=SECRET_NOTE,
                                   summary=f"{SENTINEL} summary")
    action = make_action(ws, f"{SENTINEL} action", by=by, person=person)
    membership = Membership.objects.get(workspace=ws, user=personas.teammate)
    from backstory.workspaces.services import invitation_create

    invitation = invitation_create(ws, email="zebulon@quillfeather.example", role="editor",
                                   by=by, send=False).invitation
    stories = _story_records(ws, by, person, interaction)
    from backstory.transfer.services import import_file

    batch = import_file(ws, by=by, name="sentinel.csv", data=(
        f"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        f"{SENTINEL},Imported,https://www.linkedin.com/in/zq,,{SENTINEL} Co,,07 Dec 2025\n"
    ).encode()).batch
    from backstory.webhooks.services import webhook_create, webhook_ping

    webhook = webhook_create(ws, by=by, url="https://hooks.example/sentinel",
                             events=["person.created"], description=f"{SENTINEL} hook")
    delivery = webhook_ping(ws, by=by, webhook=webhook)
    from backstory.api.services import token_create

    api_token, _plain = token_create(ws, user=by, name=f"{SENTINEL} token")
    return {
        "api_token_id": api_token.pk,
        **stories,
        "webhook_id": webhook.pk,
        "delivery_id": delivery.pk,
        "batch_id": batch.pk,
        "row_id": batch.rows.first().pk,
        "person_id": person.pk,
        "organization_id": org.pk,
        "team_id": team.pk,
        "interaction_id": interaction.pk,
        "action_id": action.pk,
        "membership_id": membership.pk,
        "invitation_id": invitation.pk,
    }


def _story_records(ws, by, person, interaction) -> dict[str, int]:
    """A tip with a pitch, an introduction and an opportunity (apps stories and intros)."""
    from backstory.intros import services as intros
    from backstory.stories import services as stories
    from backstory.workspaces.models import Membership

    journalist = make_person(ws, f"{SENTINEL} Reporter", by=by, circle="media", beat="tech")
    tip = stories.tip_create(ws, by=by, data=stories.TipFields(
        title=f"{SENTINEL} tip", kind="customer_story", heard_on=interaction.occurred_at.date(),
        sources=[person], interaction=interaction, details=SECRET_NOTE))
    pitch = stories.pitch_create(ws, by=by, tip=tip, journalist=journalist,
                                 angle=f"{SENTINEL} angle")
    opportunity = intros.opportunity_create(ws, by=by, data=intros.OpportunityFields(
        kind="job", title=f"{SENTINEL} job", contact=journalist, description=SECRET_NOTE))
    introduction = intros.introduction_start(ws, by=by, person_a=person, person_b=journalist,
                                             reason=f"{SENTINEL} reason")
    teammate = Membership.objects.exclude(user=by).filter(workspace=ws, role="editor").first()
    ask = intros.intro_request_create(ws, by=by, person=journalist, for_person=person,
                                      asked=teammate.user, note=f"{SENTINEL} ask")
    return {"tip_id": tip.pk, "pitch_id": pitch.pk, "introduction_id": introduction.pk,
            "opportunity_id": opportunity.pk, "request_id": ask.pk}


# URL arguments that are not records of a workspace.
NON_OBJECT_ARGS = {"token": "not-a-real-token", "kind": "xlsx"}


def _snapshot(workspace) -> str:
    """A fingerprint of every row that belongs to the workspace."""
    rows = workspace_rows(workspace, everything=True)
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()


@pytest.mark.django_db
def test_outsider_can_neither_see_nor_change_another_workspace_at_any_url(client, personas):
    objects = _owner_records(personas)
    before = _snapshot(personas.workspace)
    client.force_login(personas.outsider)
    checked = 0
    for name, args in _patterns():
        if name.startswith("api:"):
            continue  # the API's own walk sends it JSON: tests/test_api_isolation.py
        unknown = [a for a in args if a not in objects and a not in NON_OBJECT_ARGS]
        assert not unknown, (
            f"URL '{name}' takes {unknown}: add the record it points at to _owner_records "
            "in tests/test_isolation.py so that this test covers it."
        )
        kwargs = {a: objects.get(a, NON_OBJECT_ARGS.get(a)) for a in args}
        url = reverse(name, kwargs=kwargs)
        points_at_owner_record = any(a in objects for a in args)
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"name": "Hijacked", "text": "Hijacked",
                                                     "q": SEARCH})
            raw = (b"".join(response.streaming_content) if response.streaming
                   else response.content)  # downloads stream; they must not leak either
            body = raw.decode(errors="replace")
            assert SENTINEL not in body and SECRET_NOTE not in body, f"{method.upper()} {url} leaks"
            if points_at_owner_record:
                assert response.status_code in (404, 405), (
                    f"{method.upper()} {url} answered {response.status_code} to an outsider"
                )
            else:
                assert response.status_code < 500, f"{method.upper()} {url} failed"
            checked += 1
        client.force_login(personas.outsider)  # a sign-out URL may have signed us out
    assert _snapshot(personas.workspace) == before, "the owner's workspace was changed"
    assert checked > 20


@pytest.mark.django_db
def test_teammate_sees_the_shared_workspace(client, personas):
    objects = _owner_records(personas)
    client.force_login(personas.teammate)
    response = client.get(reverse("people:detail", kwargs={"person_id": objects["person_id"]}))
    assert response.status_code == 200
    assert SENTINEL in response.content.decode()


@pytest.mark.django_db
def test_viewer_can_look_but_not_change(client, personas):
    objects = _owner_records(personas)
    before = _snapshot(personas.workspace)
    client.force_login(personas.viewer)
    assert client.get(reverse("people:detail", kwargs={"person_id": objects["person_id"]})
                      ).status_code == 200
    response = client.post(reverse("people:archive", kwargs={"person_id": objects["person_id"]}))
    assert response.status_code == 403
    response = client.post(reverse("people:new"), {"name": "Sneaky", "circle": "other"})
    assert response.status_code == 403
    assert _snapshot(personas.workspace) == before
