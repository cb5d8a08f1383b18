"""Fuzzing the doors the byte-level fuzzing (test_fuzz) cannot reach: a Backstory workbook
whose cells hold any value, a workbook whose XML is damaged inside a sound zip, a backup
whose body is changed but whose checksum matches, and the web upload. Each gives a result
or the one clear error; what fails writes nothing, and a dry run that passes means the
import passes too."""

from __future__ import annotations

import gzip
import hashlib
import io
import itertools
import json
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from backstory.core.errors import DomainError
from backstory.transfer import sheets
from backstory.transfer.formats import FileError
from backstory.transfer.models import ImportBatch
from backstory.transfer.services import import_file, import_preview, import_upload
from backstory.transfer.services.backup import backup_restore, backup_write
from backstory.workspaces.services import user_create

from .helpers import build_network
from .test_fuzz import SAMPLES, mangled, parse_safely, snapshot

DB_FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
FAST_FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
CELL = st.one_of(
    st.none(), TEXT, st.integers(-(2 ** 70), 2 ** 70), st.integers(0, 4),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
    st.sampled_from(["1e400", "-1e400", "-5", "0", "1;2", "2;1;9", "http://[x.example",
                     "a@.a.a.a@", "=1+1", "'=SUM(A1)", "31/02/2024", "--0415", "yes",
                     "Dana Reyes", "dana@example.com", "Coffee", "Media (press)", "9" * 30]),
)


@st.composite
def backstory_workbook(draw) -> bytes:
    """Backstory's own workbook: every registered sheet, its real headers, any cells."""
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets.sheets():
        if sheet.key != "people" and not draw(st.booleans()):
            continue
        worksheet = book.create_sheet(sheet.title)
        worksheet.append(sheet.headers)
        for _ in range(draw(st.integers(0 if sheet.key != "people" else 1, 3))):
            worksheet.append(draw(st.lists(CELL, min_size=len(sheet.headers),
                                           max_size=len(sheet.headers))))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def attempt(work) -> object | None:
    try:
        return work()
    except (FileError, DomainError) as error:
        assert error.message
        return None


@pytest.mark.django_db
@DB_FUZZ
@given(data=backstory_workbook())
def test_any_cell_of_a_backstory_workbook_imports_or_gets_a_message(personas, data):
    workspace, owner = personas.workspace, personas.owner
    before = snapshot()
    dry = attempt(lambda: import_file(workspace, by=owner, data=data, name="w.xlsx",
                                      format="backstory", dry_run=True))
    assert snapshot() == before
    real = attempt(lambda: import_file(workspace, by=owner, data=data, name="w.xlsx",
                                       format="backstory"))
    if real is None:
        assert snapshot() == before
    # The dry run runs the same validation as the import: it cannot pass what fails.
    assert (dry is None) == (real is None)


@st.composite
def damaged_xml(draw) -> bytes:
    """A sound zip (checksums right) whose XML members are cut, flipped or spliced."""
    source = zipfile.ZipFile(io.BytesIO(SAMPLES["workbook.xlsx"]))
    members = [m for m in source.infolist() if m.filename.endswith((".xml", ".rels"))]
    victim = draw(st.sampled_from(members)).filename
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == victim:
                at = draw(st.integers(0, len(data)))
                data = draw(st.sampled_from([
                    data[:at], data[:at] + data[at + 40:],
                    data[:at] + draw(st.sampled_from(
                        [b"<", b">", b"&", b"&lol;", b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
                         b'<c r="A99999999"><v>1</v></c>', b'<row r="-1"/>', b"\x00",
                         b'<c t="s"><v>99</v></c>', b'<c t="n"><v>1e400</v></c>',
                         b'<c t="d"><v>not a date</v></c>', b'<c t="b"><v>7</v></c>'])
                    ) + data[at:],
                    bytes((b + 7) % 256 if i == at else b for i, b in enumerate(data)),
                ]))
            target.writestr(member, data)
    return out.getvalue()


@pytest.mark.parametrize("key", ["backstory", "csv"])
@FAST_FUZZ
@given(data=damaged_xml())
def test_damaged_xml_inside_a_workbook_never_crashes_a_parser(key, data):
    parse_safely(key, data)


def media_files(settings_) -> set[Path]:
    root = Path(settings_.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.mark.django_db
@DB_FUZZ
@given(data=st.one_of(mangled(), damaged_xml(), backstory_workbook()))
def test_an_upload_is_previewed_whole_or_leaves_nothing_behind(personas, settings, data):
    workspace, owner = personas.workspace, personas.owner
    batches, files = ImportBatch.objects.count(), media_files(settings)
    try:
        batch = import_upload(workspace, by=owner, data=data, name="fuzz")
    except DomainError as error:
        assert error.message
        assert ImportBatch.objects.count() == batches
        assert media_files(settings) == files
    else:
        if batch.status == "checking":  # read by the background job: run its work here
            try:
                import_preview(workspace, by=owner, batch=batch)
            except DomainError as error:
                batch.refresh_from_db()
                assert error.message and batch.status == "failed" and batch.message
                assert batch.stored_path == "" and not batch.rows.exists()
                assert media_files(settings) == files
                return
            batch.refresh_from_db()
        assert batch.status in ("preview", "mapping")


def json_value():
    return st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(-(2 ** 70), 2 ** 70), TEXT,
                  st.floats(allow_nan=False, allow_infinity=False),
                  st.sampled_from(["2024-13-45T99:99:99", "../secret_key", "", "x" * 300])),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
        max_leaves=6)


def _sealed(header: dict, body: dict) -> bytes:
    """A backup file whose checksum matches the (changed) body."""
    payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    header = {**header, "checksum": "sha256:" + hashlib.sha256(payload).hexdigest()}
    return gzip.compress(json.dumps(header).encode("utf-8") + b"\n" + payload)


_NAMES = itertools.count()


@pytest.mark.django_db
@DB_FUZZ
@given(changes=st.lists(st.tuples(st.integers(0, 10 ** 6), st.integers(0, 10 ** 6),
                                  st.integers(0, 10 ** 6), json_value(),
                                  st.sampled_from(["cell", "row", "fields", "section"])),
                        min_size=1, max_size=3))
def test_a_backup_changed_behind_a_valid_checksum_restores_or_gets_a_message(
        personas, changes):
    workspace, owner = personas.workspace, personas.owner
    if not hasattr(personas, "_backup"):
        build_network(workspace, owner)
        buffer = io.BytesIO()
        backup_write(workspace, buffer)
        personas._backup = buffer.getvalue()
    raw = gzip.decompress(personas._backup)
    head, _, payload = raw.partition(b"\n")
    header, body = json.loads(head), json.loads(payload)
    for section_at, row_at, cell_at, value, where in changes:
        sections = [s for s in body["models"] if isinstance(s, dict)
                    and isinstance(s.get("rows"), list) and s["rows"]]
        if not sections:
            break
        section = sections[section_at % len(sections)]
        row = section["rows"][row_at % len(section["rows"])]
        if where == "cell" and isinstance(row, list) and row:
            row[cell_at % len(row)] = value
        elif where == "row":
            section["rows"][row_at % len(section["rows"])] = value
        elif where == "fields":
            section["fields"] = value
        else:
            body["models"][section_at % len(body["models"])] = value
    user = user_create(username=f"fuzz{next(_NAMES)}", password=None)
    target = user.memberships.get().workspace
    before = snapshot()
    try:
        backup_restore(target, by=user, data=_sealed(header, body))
    except DomainError as error:
        assert error.message
        assert snapshot() == before
