"""A client generated from the OpenAPI document by openapi-python-client (into a temporary
folder) logs a coffee with two people on the live API and reads it back: the schema is
good enough for a tool to write a working client from it."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from backstory.api.services import token_create
from backstory.testing import make_person, make_personas

pytestmark = pytest.mark.slow


def _generate(tmp_path) -> None:
    schema = tmp_path / "openapi.json"
    schema.write_text(json.dumps(Client().get("/api/v1/openapi.json").json()))
    config = tmp_path / "config.yaml"
    config.write_text("post_hooks: []\npackage_name_override: backstory_client\n"
                      "project_name_override: backstory_client\n")
    subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(schema),
         "--meta", "none", "--config", str(config),
         "--output-path", str(tmp_path / "backstory_client")],
        check=True, capture_output=True, text=True, timeout=120)


@pytest.mark.django_db(transaction=True)
def test_a_generated_client_logs_an_interaction_and_reads_it_back(live_server, tmp_path,
                                                                   monkeypatch):
    personas = make_personas()
    dana = make_person(personas.workspace, "Dana Reyes")
    sam = make_person(personas.workspace, "Sam Ortiz")
    token = token_create(personas.workspace, user=personas.teammate, name="client")[1]
    _generate(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    client_module = importlib.import_module("backstory_client")
    log = importlib.import_module("backstory_client.api.interactions.interaction_log")
    read = importlib.import_module("backstory_client.api.interactions.interaction_detail")
    models = importlib.import_module("backstory_client.models")

    client = client_module.AuthenticatedClient(base_url=live_server.url, token=token)
    when = (timezone.now() - timedelta(hours=1)).replace(microsecond=0)
    made = log.sync(client=client, idempotency_key="calendar-event-7", body=models.InteractionIn(
        kind=models.InteractionKind.COFFEE, occurred_at=when, people=[dana.pk, sam.pk],
        notes="Coffee about the launch"))
    assert isinstance(made, models.InteractionOut), made
    again = read.sync(client=client, interaction_id=made.id)
    assert isinstance(again, models.InteractionOut), again
    assert again.notes == "Coffee about the launch"
    assert again.occurred_at == when
    assert sorted(p.name for p in again.people) == ["Dana Reyes", "Sam Ortiz"]
    refused = read.sync_detailed(client=client, interaction_id=made.id + 1000)
    assert refused.status_code == 404
    assert isinstance(refused.parsed, models.ErrorOut)
