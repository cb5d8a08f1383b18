"""Imports and exports through the API: upload, preview, choose, commit, progress, undo —
the web's own steps and background jobs — and every export format."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backstory.people.models import Person
from backstory.testing import make_person
from backstory.transfer.exporters import exporters
from backstory.transfer.models import ImportBatch

pytestmark = pytest.mark.django_db
LINKEDIN = (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            b"Imre,Imported,https://www.linkedin.com/in/ii,,Imp Co,,07 Dec 2025\n"
            b"Dana,Reyes,https://www.linkedin.com/in/dr,dana@x.example,Acme,,07 Dec 2025\n")


@pytest.fixture(autouse=True)
def _inline_jobs(settings, tmp_path):
    """The jobs run at once (django-tasks' immediate backend), uploads go to a temp folder."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(api_client, data=LINKEDIN, name="Connections.csv"):
    return api_client.client.post(
        "/api/v1/imports", {"file": SimpleUploadedFile(name, data)},
        **api_client._headers(None))


def test_an_editor_uploads_reviews_commits_and_undoes_an_import(api, personas):
    make_person(personas.workspace, "Dana Reyes", emails=["dana@x.example"])
    editor = api("editor")
    made = _upload(editor)
    assert made.status_code == 201, made.content
    batch = made.json()
    assert batch["status"] == "preview" and batch["rows"]["all"] == 2
    rows = editor.get(f"/api/v1/imports/{batch['id']}/rows").json()["items"]
    imre = next(r for r in rows if r["label"].startswith("Imre"))
    assert imre["action"] == "create"
    skipped = editor.post(f"/api/v1/imports/{batch['id']}/rows/{imre['id']}/choice",
                          {"choice": "skip"})
    assert skipped.status_code == 200 and skipped.json()["choice"] == "skip"
    committed = editor.post(f"/api/v1/imports/{batch['id']}/commit")
    assert committed.status_code == 202, committed.content
    assert editor.get(f"/api/v1/imports/{batch['id']}").json()["status"] == "committed"
    assert not Person.objects.filter(name__startswith="Imre").exists()
    again = editor.post(f"/api/v1/imports/{batch['id']}/commit")
    assert again.status_code == 400
    undone = editor.post(f"/api/v1/imports/{batch['id']}/undo")
    assert undone.status_code == 200, undone.content
    assert undone.json()["batch"]["status"] == "undone"
    listed = editor.get("/api/v1/imports").json()["items"]
    assert [b["id"] for b in listed] == [batch["id"]]


def test_a_file_that_cannot_be_read_is_refused_with_the_reason(api):
    made = _upload(api("editor"), data=b"", name="empty.csv")
    assert made.status_code in (201, 400)
    if made.status_code == 201:  # the preview job marks it failed, saying why
        assert made.json()["status"] == "failed" and made.json()["message"]
    else:
        assert made.json()["message"]


def test_a_discarded_import_writes_nothing(api, personas):
    editor = api("editor")
    batch = _upload(editor).json()
    assert editor.post(f"/api/v1/imports/{batch['id']}/discard").json()["status"] == "discarded"
    assert not Person.objects.exists()


@pytest.mark.parametrize("kind", [e.key for e in exporters()])
def test_every_export_format_downloads_for_a_viewer(kind, api, personas):
    make_person(personas.workspace, "Dana Reyes", emails=["dana@x.example"])
    response = api("viewer").get(f"/api/v1/exports/{kind}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body
    if kind == "vcard":
        assert b"Dana Reyes" in body
    elif kind in ("csv", "xlsx"):
        assert zipfile.is_zipfile(io.BytesIO(body))


def test_viewers_cannot_import_and_outsiders_find_nothing(api, personas):
    batch = _upload(api("editor")).json()
    viewer, outsider = api("viewer"), api("outsider")
    assert _upload(viewer).status_code == 403
    assert viewer.post(f"/api/v1/imports/{batch['id']}/commit").status_code == 403
    assert viewer.get(f"/api/v1/imports/{batch['id']}").status_code == 200
    assert outsider.get(f"/api/v1/imports/{batch['id']}").status_code == 404
    assert outsider.get(f"/api/v1/imports/{batch['id']}/rows").status_code == 404
    assert outsider.post(f"/api/v1/imports/{batch['id']}/commit").status_code == 404
    assert outsider.get("/api/v1/imports").json()["items"] == []
    assert ImportBatch.objects.get().status == "preview"
    assert b"Dana" not in b"".join(outsider.get("/api/v1/exports/vcard").streaming_content)
