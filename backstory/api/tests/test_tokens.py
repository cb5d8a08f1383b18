"""Personal API tokens: made in Settings or with `backstory token create` (shown once),
stored hashed, revoked at once, their last use shown, limited per token."""

from __future__ import annotations

import re
from io import StringIO

from django.core.management import call_command

from backstory.api.models import ApiToken
from backstory.api.services import token_create, token_hash

TOKEN = re.compile(r"bs_[A-Za-z0-9_-]{40,}")


def test_settings_makes_a_token_shows_it_once_and_revokes_it(client, personas):
    client.force_login(personas.teammate)
    page = client.get("/settings/api-tokens/")
    assert page.status_code == 200 and "No tokens yet" in page.text
    made = client.post("/settings/api-tokens/", {"name": "Calendar sync"})
    assert made.status_code == 200
    plain = TOKEN.search(made.text).group(0)
    stored = ApiToken.objects.get(name="Calendar sync")
    assert stored.token_hash == token_hash(plain) and plain not in stored.token_hash
    again = client.get("/settings/api-tokens/")
    assert plain not in again.text and "never used" in again.text
    used = client.get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert used.status_code == 200
    assert "last used" in client.get("/settings/api-tokens/").text
    client.post(f"/settings/api-tokens/{stored.pk}/revoke/")
    assert client.get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {plain}").status_code == 401
    assert "revoked" in client.get("/settings/api-tokens/").text


def test_the_settings_page_links_to_the_tokens(client, personas):
    client.force_login(personas.owner)
    assert "/settings/api-tokens/" in client.get("/settings/").text


def test_nobody_revokes_another_members_token(client, personas):
    token, _plain = token_create(personas.workspace, user=personas.owner, name="mine")
    client.force_login(personas.teammate)
    assert client.post(f"/settings/api-tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_command_prints_a_token_once_for_the_workspace_and_role_asked(personas):
    out, err = StringIO(), StringIO()
    call_command("token", "create", "Zapier", "--workspace", personas.workspace.slug,
                 "--as", personas.viewer.username, "--read-only", stdout=out, stderr=err)
    plain = out.getvalue().strip()
    assert TOKEN.fullmatch(plain)
    assert "reads only" in err.getvalue()
    token = ApiToken.objects.get(token_hash=token_hash(plain))
    assert token.workspace == personas.workspace and token.user == personas.viewer
    assert token.read_only
    listed = StringIO()
    call_command("token", "list", "--workspace", personas.workspace.slug,
                 "--as", personas.viewer.username, stdout=listed)
    assert "Zapier" in listed.getvalue() and plain not in listed.getvalue()


def test_a_removed_members_token_stops_working(api, personas):
    from backstory.workspaces.models import Membership

    assert api("editor").get("/api/v1/people").status_code == 200
    Membership.objects.filter(workspace=personas.workspace, user=personas.teammate).delete()
    assert api("editor").get("/api/v1/people").status_code == 401


def test_past_the_rate_limit_a_token_is_told_when_to_come_back(api, settings):
    settings.BACKSTORY_API_RATE = "3/m"
    editor = api("editor")
    assert [editor.get("/api/v1/people").status_code for _ in range(3)] == [200] * 3
    refused = editor.get("/api/v1/people")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "wait" in refused.json()["message"]
    assert api("owner").get("/api/v1/people").status_code == 200  # a limit per token
