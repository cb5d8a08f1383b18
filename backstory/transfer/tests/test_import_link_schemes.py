"""Every import door keeps only http(s) links: a LinkedIn CSV, a vCard, Backstory's own
workbook and a restored backup cannot plant a javascript: or data: link."""

from __future__ import annotations

import gzip
import hashlib
import io
import json

import pytest
from django.urls import reverse

from backstory.core.errors import DomainError
from backstory.people.models import ContactPoint, Organization
from backstory.transfer.exporters.xlsx import XlsxExporter
from backstory.transfer.services import import_file
from backstory.transfer.services.backup import backup_restore, backup_write
from backstory.workspaces.services import user_create

from .helpers import contacts, people

LINKEDIN = (
    b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    b"Mal,Lory,javascript:x//://www.linkedin.com/in/mal,mal@example.com,Evil,CEO,07 Dec 2025\r\n"
    b"Dana,Reyes,https://www.linkedin.com/in/dana,,Acme,PR,07 Dec 2025\r\n"
)

VCARD = (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mal Lory\r\nN:Lory;Mal;;;\r\n"
    b"URL:javascript:alert(document.cookie)\r\n"
    b"item1.URL:data:text/html;base64,PHNjcmlwdD4=\r\n"
    b"URL:https://mal.example\r\nEND:VCARD\r\n"
)


def test_a_script_profile_url_in_a_linkedin_csv_is_left_out_with_a_warning(workspace, owner):
    result = import_file(workspace, by=owner, data=LINKEDIN, name="Connections.csv",
                         keep_rows=True)
    mal = people(workspace)["Mal Lory"]
    assert contacts(mal, "linkedin") == [] and contacts(mal, "url") == []
    row = next(r for r in result.rows if r.line == 2)
    assert "only http:// and https:// links are accepted" in row.message
    assert contacts(people(workspace)["Dana Reyes"], "linkedin") == [
        "https://www.linkedin.com/in/dana"]


def test_a_script_url_uploaded_in_a_linkedin_csv_never_becomes_a_live_link(
        owner_client, workspace):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from backstory.transfer.models import ImportBatch

    owner_client.post(reverse("transfer:upload"),
                      {"file": SimpleUploadedFile("Connections.csv", LINKEDIN)})
    batch = ImportBatch.objects.get(workspace=workspace)
    preview = owner_client.get(reverse("transfer:batch", kwargs={"batch_id": batch.pk}))
    assert "only http:// and https:// links are accepted" in preview.text
    owner_client.post(reverse("transfer:commit", kwargs={"batch_id": batch.pk}))
    mal = people(workspace)["Mal Lory"]
    page = owner_client.get(f"/people/{mal.pk}/").text
    assert 'href="javascript' not in page
    assert not ContactPoint.objects.filter(workspace=workspace,
                                           value__istartswith="javascript").exists()


def test_script_and_data_urls_in_a_vcard_are_left_out_with_a_warning(workspace, owner):
    result = import_file(workspace, by=owner, data=VCARD, name="evil.vcf", keep_rows=True)
    mal = people(workspace)["Mal Lory"]
    assert contacts(mal, "url") == ["https://mal.example"]
    message = result.rows[0].message
    assert "'javascript:alert(document.cookie)' is not a web address" in message
    assert "'data:text/html;base64,PHNjcmlwdD4=' is not a web address" in message


def test_a_script_website_in_a_workbook_is_left_out_with_a_warning(workspace, owner):
    from openpyxl import load_workbook

    from backstory.people.services import organization_create

    organization_create(workspace, by=owner, name="Evil Corp", website="https://evil.example")
    buffer = io.BytesIO()
    XlsxExporter().write(workspace, buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = book["Organisations"]
    column = [c.value for c in sheet[1]].index("Website") + 1
    sheet.cell(row=2, column=column, value="javascript:x//://")
    edited = io.BytesIO()
    book.save(edited)
    target_user = user_create(username="rita", password=None)
    target = target_user.memberships.get().workspace
    result = import_file(target, by=target_user, data=edited.getvalue(), name="b.xlsx",
                         keep_rows=True)
    assert Organization.objects.get(workspace=target, name="Evil Corp").website == ""
    assert any("website: 'javascript:x//://' is not a web address" in r.message
               for r in result.rows)


def _tampered_backup(workspace, change) -> bytes:
    buffer = io.BytesIO()
    backup_write(workspace, buffer)
    raw = gzip.decompress(buffer.getvalue())
    head, _, payload = raw.partition(b"\n")
    header, body = json.loads(head), json.loads(payload)
    change(body)
    data = json.dumps(body).encode()
    header["checksum"] = "sha256:" + hashlib.sha256(data).hexdigest()  # anyone can
    return gzip.compress(json.dumps(header).encode() + b"\n" + data)


@pytest.mark.parametrize("model,field", [("people.ContactPoint", "value"),
                                         ("people.Organization", "website")])
def test_a_backup_with_a_script_link_is_refused_and_nothing_is_restored(
        workspace, owner, model, field):
    from backstory.people.models import Person
    from backstory.people.services import organization_create
    from backstory.testing import make_person

    organization_create(workspace, by=owner, name="Planet", website="https://planet.example")
    person = make_person(workspace, "Lois Lane", by=owner)
    ContactPoint.objects.create(workspace=workspace, person=person, kind="url",
                                value="https://lois.example", normalized="lois.example")

    def plant(body):
        section = next(m for m in body["models"] if m["model"] == model)
        section["rows"][0][section["fields"].index(field)] = "javascript:x//://"

    data = _tampered_backup(workspace, plant)
    user = user_create(username="rita", password=None)
    target = user.memberships.get().workspace
    # Refused by the backup's field check (a URLField) or by the link rule, whichever
    # sees it first: either way the message names the field and nothing is restored.
    with pytest.raises(DomainError, match=r"(only http:// and https:// links|"
                       r"row 1, field 'website': Enter a valid URL).*Nothing was restored"):
        backup_restore(target, by=user, data=data)
    assert not Person.objects.filter(workspace=target).exists()
