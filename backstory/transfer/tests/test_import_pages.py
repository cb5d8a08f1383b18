"""The Import / export pages: upload, preview with decisions, commit, progress, undo."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backstory.people.models import Person
from backstory.testing import make_person
from backstory.transfer import progress
from backstory.transfer.models import BatchStatus, ImportBatch, ImportRow

from .conftest import fixture


def upload(client, name: str, data: bytes | None = None, **extra):
    content = data if data is not None else fixture(name).read_bytes()
    return client.post(reverse("transfer:upload"),
                       {"file": SimpleUploadedFile(name, content), **extra})


def test_the_page_offers_upload_downloads_and_history(owner_client):
    response = owner_client.get(reverse("transfer:index"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Upload and preview" in body and "Excel workbook" in body
    assert "No imports yet" in body
    assert 'href="/transfer/">Import / export</a>' in body  # in the menu of every page


def test_an_upload_shows_a_preview_and_writes_no_person(owner_client, workspace):
    response = upload(owner_client, "linkedin_connections.csv")
    batch = ImportBatch.objects.get(workspace=workspace)
    assert response.url == reverse("transfer:batch", kwargs={"batch_id": batch.pk})
    assert not Person.objects.filter(workspace=workspace).exists()
    page = owner_client.get(response.url).content.decode()
    assert "Check what will happen" in page
    assert "Dana Reyes" in page and "+ New" in page
    assert "Why: no name, profile or e-mail" in page and ">7</td>" in page


def test_the_preview_names_the_possible_duplicate_and_lets_the_user_merge(
        owner_client, workspace, owner):
    from backstory.people.services import organization_create

    navy = organization_create(workspace, by=owner, name="Navy")
    grace = make_person(workspace, "Grace Hopper", by=owner, organization=navy)
    data = (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            b"Grace,Hopper,,,Harvard,Researcher,01 Jan 2024\n")
    upload(owner_client, "c.csv", data)
    batch = ImportBatch.objects.get(workspace=workspace)
    row = ImportRow.objects.get(batch=batch)
    assert row.action == "duplicate" and row.person == grace
    page = owner_client.get(reverse("transfer:batch", kwargs={"batch_id": batch.pk}))
    assert "Possible duplicate" in page.content.decode()
    assert "Update Grace Hopper" in page.content.decode()
    response = owner_client.post(
        reverse("transfer:row", kwargs={"batch_id": batch.pk, "row_id": row.pk}),
        {"choice": "update"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "update Grace Hopper" in response.content.decode()
    owner_client.post(reverse("transfer:commit", kwargs={"batch_id": batch.pk}))
    assert Person.objects.filter(workspace=workspace, name="Grace Hopper").count() == 1
    grace.refresh_from_db()
    assert grace.organization.name == "Harvard" and grace.title == "Researcher"


def test_skipping_a_row_in_the_preview_leaves_it_out(owner_client, workspace):
    upload(owner_client, "linkedin_connections.csv")
    batch = ImportBatch.objects.get(workspace=workspace)
    row = ImportRow.objects.get(batch=batch, label="Dana Reyes")
    owner_client.post(reverse("transfer:row", kwargs={"batch_id": batch.pk, "row_id": row.pk}),
                      {"choice": "skip"})
    owner_client.post(reverse("transfer:commit", kwargs={"batch_id": batch.pk}))
    names = set(Person.objects.filter(workspace=workspace).values_list("name", flat=True))
    assert "Dana Reyes" not in names and "Zoë Müller" in names
    assert ImportRow.objects.get(batch=batch, label="Dana Reyes").message == (
        "you chose to skip it")


def test_commit_runs_the_import_and_the_progress_says_it_finished(owner_client, workspace):
    upload(owner_client, "linkedin_connections.csv")
    batch = ImportBatch.objects.get(workspace=workspace)
    response = owner_client.post(reverse("transfer:commit", kwargs={"batch_id": batch.pk}))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED
    assert Person.objects.filter(workspace=workspace).count() == 4
    answer = owner_client.get(reverse("transfer:progress", kwargs={"batch_id": batch.pk}),
                              HTTP_HX_REQUEST="true")
    # The poll swaps the whole batch page in: the committed state, and no more polling.
    assert answer["HX-Retarget"] == "#batch-page" and answer["HX-Reswap"] == "outerHTML"
    body = answer.content.decode()
    assert "Import finished." in body and "Undo this import" in body
    assert 'id="import-progress"' not in body and "Ready to review" not in body
    assert not batch.stored_path


def test_a_running_import_shows_a_progress_bar_from_the_stored_progress(
        owner_client, workspace):
    upload(owner_client, "linkedin_connections.csv")
    batch = ImportBatch.objects.get(workspace=workspace)
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING)
    progress.progress_write(batch.pk, done=2, total=8)
    body = owner_client.get(reverse("transfer:progress", kwargs={"batch_id": batch.pk})
                            ).content.decode()
    assert 'hx-trigger="every 500ms"' in body and 'value="25"' in body
    assert "2 of about 8 rows" in body
    page = owner_client.get(reverse("transfer:batch", kwargs={"batch_id": batch.pk}))
    assert "Importing… 2 of about 8 rows" in page.content.decode()
    assert 'id="import-table"' not in page.content.decode()  # no editable rows meanwhile


def test_someone_elses_progress_file_is_not_shown(client, personas):
    upload_client = client
    upload_client.force_login(personas.owner)
    upload(upload_client, "linkedin_connections.csv")
    batch = ImportBatch.objects.get(workspace=personas.workspace)
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING)
    progress.progress_write(batch.pk, done=2, total=8)
    client.force_login(personas.outsider)
    response = client.get(reverse("transfer:progress", kwargs={"batch_id": batch.pk}))
    assert response.status_code == 404


def test_undo_from_the_page_removes_the_batch(owner_client, workspace):
    upload(owner_client, "linkedin_connections.csv")
    batch = ImportBatch.objects.get(workspace=workspace)
    owner_client.post(reverse("transfer:commit", kwargs={"batch_id": batch.pk}))
    response = owner_client.post(reverse("transfer:undo", kwargs={"batch_id": batch.pk}),
                                 follow=True)
    assert "Import undone: 4 people removed" in response.content.decode()
    assert not Person.objects.filter(workspace=workspace).exists()
    history = owner_client.get(reverse("transfer:index")).content.decode()
    assert "↶ Undone" in history


def test_a_file_over_the_limit_is_refused_with_a_clear_message(owner_client, workspace,
                                                               settings):
    settings.TRANSFER_UPLOAD_MAX_BYTES = 100
    response = upload(owner_client, "big.csv", b"First Name,Last Name\n" + b"a,b\n" * 5000)
    assert response.status_code == 302
    page = owner_client.get(reverse("transfer:index")).content.decode()
    assert "uploads are limited to 0.0 MB" in page and "backstory import FILE" in page
    assert not ImportBatch.objects.filter(workspace=workspace).exists()


def test_an_unreadable_file_gets_one_message_and_no_batch(owner_client, workspace):
    response = upload(owner_client, "photo.png", b"\x89PNG\r\n\x1a\n\x00\x00binary")
    page = owner_client.get(response.url).content.decode()
    assert "photo.png: We could not tell what kind of file this is" in page
    assert not ImportBatch.objects.filter(workspace=workspace).exists()


def test_a_spreadsheet_goes_through_the_column_map_page(owner_client, workspace):
    response = upload(owner_client, "networking.csv")
    batch = ImportBatch.objects.get(workspace=workspace)
    assert response.url == reverse("transfer:mapping", kwargs={"batch_id": batch.pk})
    page = owner_client.get(response.url).content.decode()
    assert "Which column holds what?" in page and "e.g. Grace Hopper, Alan Turing" in page
    response = owner_client.post(response.url, {
        "col_0": "name", "col_1": "organization", "col_3": "email", "col_4": "met_on",
        "date_order": "DMY"})
    assert response.url == reverse("transfer:batch", kwargs={"batch_id": batch.pk})
    assert ImportRow.objects.filter(batch=batch, action="create").count() == 2


def test_discarding_a_preview_forgets_the_file(owner_client, workspace, settings):
    upload(owner_client, "linkedin_connections.csv")
    batch = ImportBatch.objects.get(workspace=workspace)
    stored = settings.MEDIA_ROOT / batch.stored_path
    assert stored.exists()
    owner_client.post(reverse("transfer:discard", kwargs={"batch_id": batch.pk}))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DISCARDED and not stored.exists()
    assert not ImportRow.objects.filter(batch=batch).exists()


def test_downloads_come_as_files(owner_client, workspace, owner):
    make_person(workspace, "Dana Reyes", by=owner, emails=["dana@example.com"])
    for kind, ctype in (("xlsx", "spreadsheetml"), ("csv", "zip"), ("vcard", "vcard"),
                        ("ics", "calendar")):
        response = owner_client.get(reverse("transfer:export", kwargs={"kind": kind}))
        assert response.status_code == 200 and ctype in response["Content-Type"]
        assert "attachment" in response["Content-Disposition"]
    vcard = b"".join(owner_client.get(
        reverse("transfer:export", kwargs={"kind": "vcard"}) + "?version=4.0"
    ).streaming_content)
    assert b"VERSION:4.0" in vcard and b"Dana Reyes" in vcard


def test_only_an_owner_can_download_a_full_backup(client, personas):
    client.force_login(personas.teammate)
    assert client.get(reverse("transfer:backup")).status_code == 403
    client.force_login(personas.owner)
    response = client.get(reverse("transfer:backup"))
    assert response.status_code == 200 and response["Content-Type"] == "application/gzip"


def test_a_viewer_can_look_but_cannot_import(client, personas):
    client.force_login(personas.viewer)
    assert client.get(reverse("transfer:index")).status_code == 200
    response = upload(client, "linkedin_connections.csv")
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


def _preview_with_rows(client, workspace, count: int) -> ImportBatch:
    rows = "".join(f"P{i},Person,https://www.linkedin.com/in/p{i},,Org {i % 7},Role,"
                   f"07 Dec 2025\n" for i in range(count))
    upload(client, "c.csv", ("First Name,Last Name,URL,Email Address,Company,Position,"
                             "Connected On\n" + rows).encode())
    return ImportBatch.objects.filter(workspace=workspace).latest("id")


def test_the_preview_page_runs_a_fixed_number_of_queries(owner_client, workspace,
                                                         django_assert_num_queries):
    small = _preview_with_rows(owner_client, workspace, 5)
    url = reverse("transfer:batch", kwargs={"batch_id": small.pk})
    owner_client.get(url)
    with django_assert_num_queries(8):
        owner_client.get(url)
    large = _preview_with_rows(owner_client, workspace, 120)
    with django_assert_num_queries(8):
        owner_client.get(reverse("transfer:batch", kwargs={"batch_id": large.pk}))


def test_the_import_views_change_no_state_themselves_but_call_services():
    """Issue 12: a batch moves to running or failed in a service, never in a view."""
    import ast
    from pathlib import Path

    from backstory.transfer import views

    tree = ast.parse(Path(views.__file__).read_text())
    writes = [f"line {node.lineno}: .{node.func.attr}()" for node in ast.walk(tree)
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in {"update", "save", "delete", "create", "bulk_create",
                                     "update_or_create", "get_or_create"}]
    assert writes == []


def test_the_two_vcard_versions_download_under_different_names(owner_client, workspace):
    url = reverse("transfer:export", kwargs={"kind": "vcard"})
    names = {version: owner_client.get(f"{url}?version={version}")["Content-Disposition"]
             for version in ("3.0", "4.0")}
    assert "-contacts-vcard3-" in names["3.0"] and names["3.0"].endswith('.vcf"')
    assert "-contacts-vcard4-" in names["4.0"] and names["4.0"].endswith('.vcf"')
