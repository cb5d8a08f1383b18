"""Random, truncated and mangled files never crash a parser: each yields row errors or
one clear FileError; and a commit that fails half-way leaves the database as it was."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backstory.transfer.formats import FileError, detect_format, importers
from backstory.transfer.formats.base import (
    ContactRecord,
    InteractionRecord,
    ParsedRow,
    Source,
)

from .conftest import FIXTURES, REAL

FILES = sorted(p for p in FIXTURES.iterdir() if p.is_file())
if REAL.is_dir():
    FILES += sorted(p for p in REAL.rglob("*") if p.is_file() and p.suffix != ".md")
SAMPLES = {p.name: p.read_bytes() for p in FILES}


def _workbook() -> bytes:
    from openpyxl import Workbook

    from backstory.transfer.exporters.xlsx import XlsxExporter  # noqa: F401

    book = Workbook()
    sheet = book.active
    sheet.title = "People"
    sheet.append(["ID", "Name", "E-mails", "Met on"])
    sheet.append([1, "Dana Reyes", "dana@example.com", "2024-01-01"])
    interactions = book.create_sheet("Interactions")
    interactions.append(["ID", "When", "Kind", "People IDs"])
    interactions.append([1, "2024-01-02 10:00", "Coffee", "1"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SAMPLES["workbook.xlsx"] = _workbook()
PARSERS = {i.key: i for i in importers()}
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def parse_safely(key: str, data: bytes) -> None:
    """The property: a list of ParsedRows, or a FileError — nothing else."""
    try:
        rows = list(PARSERS[key].parse(Source(data, "fuzz")))
    except FileError as error:
        assert error.message
        return
    for row in rows:
        assert isinstance(row, ParsedRow)
        assert row.line >= 1
        assert (row.record is None) == bool(row.error)
        check_record(row.record)


def check_record(record) -> None:
    """Every value has the type the pipeline relies on."""
    if isinstance(record, ContactRecord):
        for name in ("name", "given", "family", "title", "organization", "notes"):
            assert isinstance(getattr(record, name), str)
        for values in (record.emails, record.phones, record.urls, record.addresses):
            assert all(isinstance(v, str) and isinstance(label, str) for v, label in values)
        assert record.met_on is None or isinstance(record.met_on, date)
        assert record.birthday is None or (1 <= record.birthday[1] <= 12)
    elif isinstance(record, InteractionRecord):
        assert isinstance(record.occurred_at, date)
        assert isinstance(record.summary, str) and isinstance(record.notes, str)
        assert all(isinstance(a, ContactRecord) for a in record.attendees)


@st.composite
def mangled(draw):
    data = SAMPLES[draw(st.sampled_from(sorted(SAMPLES)))]
    operation = draw(st.sampled_from(["truncate", "cut", "insert", "flip", "noise"]))
    if operation == "noise" or not data:
        return draw(st.binary(max_size=2000))
    at = draw(st.integers(0, len(data)))
    if operation == "truncate":
        return data[:at]
    if operation == "cut":
        return data[:at] + data[at + draw(st.integers(1, 400)):]
    if operation == "insert":
        return data[:at] + draw(st.binary(min_size=1, max_size=50)) + data[at:]
    flips = draw(st.lists(st.integers(0, max(len(data) - 1, 0)), min_size=1, max_size=20))
    buffer = bytearray(data)
    for index in flips:
        buffer[index] = (buffer[index] + 1 + index) % 256
    return bytes(buffer)


@pytest.mark.parametrize("key", sorted(PARSERS))
@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes_never_crash_a_parser(key, data):
    parse_safely(key, data)


@pytest.mark.parametrize("key", sorted(PARSERS))
@FUZZ
@given(data=mangled())
def test_truncated_and_mangled_files_never_crash_a_parser(key, data):
    parse_safely(key, data)


@FUZZ
@given(data=st.one_of(mangled(), st.binary(max_size=2000)))
def test_detection_never_crashes(data):
    try:
        assert detect_format(Source(data, "fuzz")).key in PARSERS
    except FileError as error:
        assert error.message


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=mangled())
def test_a_dry_run_of_a_mangled_file_never_crashes_and_writes_nothing(personas, data):
    from backstory.core.errors import DomainError
    from backstory.transfer.services import import_file

    before = snapshot()
    with contextlib.suppress(FileError, DomainError):  # the one clear message is fine
        import_file(personas.workspace, by=personas.owner, data=data, name="fuzz",
                    dry_run=True)
    assert snapshot() == before


def snapshot() -> str:
    counts = {m._meta.label: m._base_manager.count() for m in apps.get_models()
              if not m._meta.label.startswith(("sessions.", "contenttypes.", "auth."))}
    return json.dumps(counts, sort_keys=True)


@pytest.mark.django_db
def test_a_commit_that_fails_half_way_leaves_the_database_unchanged(workspace, owner,
                                                                      monkeypatch):
    from backstory.transfer.services import import_file
    from backstory.transfer.services import write as module

    rows = "".join(f"P{i},Person,https://www.linkedin.com/in/p{i},,Org,Role,07 Dec 2025\n"
                   for i in range(2500))
    data = ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            + rows).encode()
    before = snapshot()
    real_write = module.Writer.write
    calls = []

    def write_then_fail(self, planned):
        calls.append(len(planned))
        real_write(self, planned)
        if len(calls) == 2:
            raise RuntimeError("the disk filled up")

    monkeypatch.setattr(module.Writer, "write", write_then_fail)
    with pytest.raises(RuntimeError):
        import_file(workspace, by=owner, data=data, name="big.csv")
    assert calls == [1000, 1000]  # two chunks were written before the failure
    assert snapshot() == before


@pytest.mark.django_db
def test_a_workbook_damaged_after_its_first_sheet_writes_nothing(workspace, owner,
                                                                 monkeypatch):
    from backstory.transfer.formats import spreadsheet
    from backstory.transfer.services import import_file

    real_sheet = spreadsheet.BackstoryImporter._sheet

    def damaged(self, sheet, worksheet):
        if sheet.key == "interactions":
            raise FileError("The sheet 'Interactions' is damaged.")
        yield from real_sheet(self, sheet, worksheet)

    monkeypatch.setattr(spreadsheet.BackstoryImporter, "_sheet", damaged)
    before = snapshot()
    with pytest.raises(FileError, match="damaged"):
        import_file(workspace, by=owner, data=SAMPLES["workbook.xlsx"], name="w.xlsx",
                    format="backstory")
    assert snapshot() == before
