"""Our own workbook round-trips: the demo workspace exported to Excel and imported into an
empty workspace comes back record by record, field by field, on every sheet; importing the
same file again adds nothing. Records are matched by the IDs written into the workbook."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import load_workbook

from backstory.demo import seed_demo
from backstory.interactions.models import ActionItem, Interaction
from backstory.people.models import Person
from backstory.transfer.exporters import get_exporter
from backstory.transfer.models import ImportObject
from backstory.transfer.services import import_file
from backstory.transfer.services.undo import import_undo
from backstory.workspaces.services import user_create, workspace_update

# The columns that hold IDs, and what kind of record each names (the rest is compared as
# it is). Organisations and teams are known by their names; their own IDs are left out.
ID_COLUMNS = {
    "People": {"ID": "person", "Introduced by ID": "person"},
    "Organisations": {"ID": None},
    "Teams": {"ID": None, "Leader ID": "person"},
    "Interactions": {"ID": "interaction", "People IDs": "person"},
    "Action items": {"ID": "actionitem", "Person ID": "person",
                     "Interaction ID": "interaction"},
    "Tips": {"ID": "tip", "Source IDs": "person", "From interaction ID": "interaction"},
    "Pitches": {"ID": "pitch", "Tip ID": "tip", "Journalist ID": "person"},
    "Introductions": {"ID": "introduction", "Person A ID": "person",
                      "Person B ID": "person", "Opportunity ID": "opportunity"},
    "Opportunities": {"ID": "opportunity", "Contact ID": "person",
                      "Brought by ID": "person"},
}


def export(workspace) -> bytes:
    buffer = io.BytesIO()
    get_exporter("xlsx").write(workspace, buffer)
    return buffer.getvalue()


def read(data: bytes) -> dict[str, tuple[list, list]]:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    sheets = {}
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        width = len(rows[0])  # a row read back ends at its last filled cell
        sheets[sheet.title] = (list(rows[0]), [list(r) + [None] * (width - len(r))
                                               for r in rows[1:]])
    return sheets


def records(sheets, title: str, translate=None) -> list[tuple]:
    """A sheet's rows as comparable records: IDs translated (or left out), lists of IDs
    in a fixed order, sorted."""
    header, rows = sheets[title]
    columns = ID_COLUMNS.get(title, {})
    out = []
    for row in rows:
        record = []
        for name, value in zip(header, row, strict=True):
            if name in columns:
                kind = columns[name]
                if kind is None:
                    continue
                ids = [int(float(v)) for v in str(value).split(";") if v.strip()] \
                    if value not in (None, "") else []
                if translate is not None:
                    ids = [translate[kind][i] for i in ids]
                value = tuple(sorted(ids))
            record.append((name, value))
        out.append(tuple(record))
    return sorted(out, key=repr)


def test_the_demo_workspace_round_trips_through_its_workbook_and_a_second_import_adds_nothing(
        db):
    user = user_create(username="demo-owner", password=None)
    source = workspace_update(user.memberships.get().workspace, by=user, name="Demo",
                              time_zone="America/New_York")
    seed_demo(source, by=user, now=timezone.now())
    data = export(source)
    before = read(data)
    other = user_create(username="newcomer", password=None)
    target = other.memberships.get().workspace
    workspace_update(target, by=other, name="Copy", time_zone="America/New_York")

    result = import_file(target, by=other, data=data, name="demo.xlsx")

    assert result.count("skip") == 0, [(p.where, p.message) for p in result.problems][:5]
    # target id → source id, from what the import created out of each workbook ID
    translate: dict[str, dict[int, int]] = {}
    for object_type, object_id, ref in ImportObject.objects.filter(
            batch=result.batch).exclude(ref="").values_list("object_type", "object_id", "ref"):
        translate.setdefault(object_type, {})[object_id] = int(ref)
    after = read(export(target))
    for title in ID_COLUMNS:
        expected, found = records(before, title), records(after, title, translate)
        assert len(found) == len(expected), title
        for want, got in zip(expected, found, strict=True):
            assert got == want, (title, [(a, b) for a, b in zip(want, got, strict=True)
                                         if a != b])
    counts = (Person.objects.filter(workspace=target).count(),
              Interaction.objects.filter(workspace=target).count(),
              ActionItem.objects.filter(workspace=target).count())
    assert counts == (Person.objects.filter(workspace=source).count(),
                      Interaction.objects.filter(workspace=source).count(),
                      ActionItem.objects.filter(workspace=source).count())

    again = import_file(target, by=other, data=data, name="demo.xlsx")
    assert {a for c in again.counts.values() for a in c} == {"unchanged"}, again.summary()
    assert read(export(target)).keys() == after.keys()
    for title in ID_COLUMNS:
        assert records(read(export(target)), title, None) == records(after, title, None)

    # The own workspace's workbook, imported into it, is known record by record too.
    own = import_file(source, by=user, data=data, name="mine.xlsx")
    assert {a for c in own.counts.values() for a in c} == {"unchanged"}, own.summary()

    # And undo takes every sheet's records away again.
    import_undo(target, by=other, batch=result.batch)
    after_undo = read(export(target))
    assert all(not after_undo[title][1] for title in ID_COLUMNS if title != "Organisations")
