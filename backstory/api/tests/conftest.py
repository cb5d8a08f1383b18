"""Tokens for the personas, and a client that sends one."""

from __future__ import annotations

import json

import pytest

from backstory.api.services import token_create


class ApiClient:
    """Django's test client with a personal token (``Authorization: Bearer``)."""

    def __init__(self, client, token: str | None):
        self.client, self.token = client, token

    def _headers(self, headers: dict | None) -> dict:
        sent = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        for name, value in (headers or {}).items():
            sent["HTTP_" + name.upper().replace("-", "_")] = value
        return sent

    def get(self, path, params=None, headers=None):
        return self.client.get(path, params or {}, **self._headers(headers))

    def send(self, method, path, body=None, headers=None):
        return self.client.generic(method, path, json.dumps(body or {}),
                                   content_type="application/json",
                                   **self._headers(headers))

    def post(self, path, body=None, headers=None):
        return self.send("POST", path, body, headers)

    def patch(self, path, body=None, headers=None):
        return self.send("PATCH", path, body, headers)


@pytest.fixture
def tokens(personas) -> dict[str, str]:
    """A token for each persona: owner, teammate (editor), viewer, outsider (their own
    workspace), and a read-only one of the owner."""
    ws = personas.workspace
    made = {
        "owner": token_create(ws, user=personas.owner, name="owner")[1],
        "editor": token_create(ws, user=personas.teammate, name="editor")[1],
        "viewer": token_create(ws, user=personas.viewer, name="viewer")[1],
        "outsider": token_create(personas.outsider_workspace, user=personas.outsider,
                                 name="outsider")[1],
        "read_only": token_create(ws, user=personas.owner, name="ro", read_only=True)[1],
    }
    return made


@pytest.fixture
def api(client, tokens):
    """``api("editor").get(...)``: the test client with that persona's token."""
    return lambda who: ApiClient(client, tokens[who] if who else None)
