"""The search index on SQLite: one FTS5 table per kind with external content (a view over
the records), and pairs of triggers that keep it right (see the package docstring)."""

from __future__ import annotations

from .common import (
    CONTACT_FIELDS,
    INTERACTION_FIELDS,
    KINDS,
    ORGANIZATION_FIELDS,
    PERSON_FIELDS,
    shared_notes_sql,
)

# FTS5 columns and their bm25 weights.
FTS_COLUMNS = {
    "person": (("name", 10.0), ("title", 4.0), ("organization", 4.0), ("emails", 4.0),
               ("media", 3.0), ("wants", 2.0), ("notes", 1.0)),
    "organization": (("name", 10.0), ("notes", 1.0)),
    "interaction": (("summary", 4.0), ("notes", 1.0)),
}
# rowid = workspace id << ROWID_BITS | record id (ids below 2**40, workspaces below 2**23).
ROWID_BITS = 40


def rowid_range(workspace_id: int) -> tuple[int, int]:
    """The first and last FTS5 rowid a workspace's documents may have."""
    return workspace_id << ROWID_BITS, ((workspace_id + 1) << ROWID_BITS) - 1


SOURCE_VIEWS = {
    "person": f"""
        SELECT p.id AS id, (p.workspace_id << {ROWID_BITS}) + p.id AS rid, p.name AS name,
               p.title AS title,
               COALESCE(o.name, '') AS organization,
               COALESCE((SELECT group_concat(e.value, ' ') FROM (
                   SELECT c.value AS value FROM people_contactpoint c
                   WHERE c.person_id = p.id AND c.kind = 'email' ORDER BY c.id) e), '')
                   AS emails,
               p.beat || ' ' || p.outlet AS media,
               p.wants || ' ' || p.offers AS wants,
               p.notes || ' ' || p.how_we_met AS notes
        FROM people_person p LEFT JOIN people_organization o ON o.id = p.organization_id""",
    "organization": f"""
        SELECT o.id AS id, (o.workspace_id << {ROWID_BITS}) + o.id AS rid, o.name AS name,
               o.notes AS notes
        FROM people_organization o""",
    "interaction": f"""
        SELECT i.id AS id, (i.workspace_id << {ROWID_BITS}) + i.id AS rid,
               TRIM(i.summary || ' ' || i.place) AS summary, {shared_notes_sql("i")} AS notes
        FROM interactions_interaction i
        WHERE i.summary != '' OR i.place != '' OR {shared_notes_sql("i")} != ''""",
}

def fts_table(kind: str) -> str:
    return f"search_{kind}_fts"


def _view(kind: str) -> str:
    return f"search_{kind}_source"


def _columns(kind: str) -> str:
    return ", ".join(name for name, _ in FTS_COLUMNS[kind])


def _index(kind: str, where: str) -> str:
    """Statement that indexes the documents of ``kind`` whose id satisfies ``where``."""
    cols = _columns(kind)
    return (f"INSERT INTO {fts_table(kind)} (rowid, {cols}) "
            f"SELECT rid, {cols} FROM {_view(kind)} WHERE {where};")


def _unindex(kind: str, where: str) -> str:
    """Statement that removes the documents of ``kind`` whose id satisfies ``where``, with
    the values the view shows now (which are the values that were indexed)."""
    table, cols = fts_table(kind), _columns(kind)
    return (f"INSERT INTO {table} ({table}, rowid, {cols}) "
            f"SELECT 'delete', rid, {cols} FROM {_view(kind)} WHERE {where};")


def _trigger(name: str, timing: str, table: str, body: list[str],
                    when: str = "") -> str:
    when = f" WHEN {when}" if when else ""
    return (f"CREATE TRIGGER {name} {timing} ON {table} FOR EACH ROW{when} BEGIN\n  "
            + "\n  ".join(body) + "\nEND")


def triggers() -> list[str]:
    person_of_org = "id IN (SELECT id FROM people_person WHERE organization_id = {}.id)"
    email = "{0}.kind = 'email'"
    person_fields = ", ".join(PERSON_FIELDS)
    org_fields = ", ".join(ORGANIZATION_FIELDS)
    contact_fields = ", ".join(CONTACT_FIELDS)
    interaction_fields = ", ".join(INTERACTION_FIELDS)
    return [
        # People.
        _trigger("search_person_ai", "AFTER INSERT", "people_person",
                        [_index("person", "id = NEW.id")]),
        _trigger("search_person_bu", f"BEFORE UPDATE OF {person_fields}",
                        "people_person", [_unindex("person", "id = OLD.id")]),
        _trigger("search_person_au", f"AFTER UPDATE OF {person_fields}",
                        "people_person", [_index("person", "id = NEW.id")]),
        _trigger("search_person_bd", "BEFORE DELETE", "people_person",
                        [_unindex("person", "id = OLD.id")]),
        # E-mail addresses are part of their person's document.
        _trigger("search_contact_bi", "BEFORE INSERT", "people_contactpoint",
                        [_unindex("person", "id = NEW.person_id")],
                        email.format("NEW")),
        _trigger("search_contact_ai", "AFTER INSERT", "people_contactpoint",
                        [_index("person", "id = NEW.person_id")], email.format("NEW")),
        _trigger("search_contact_bu", f"BEFORE UPDATE OF {contact_fields}",
                        "people_contactpoint",
                        [_unindex("person", "id IN (OLD.person_id, NEW.person_id)")],
                        f"{email.format('OLD')} OR {email.format('NEW')}"),
        _trigger("search_contact_au", f"AFTER UPDATE OF {contact_fields}",
                        "people_contactpoint",
                        [_index("person", "id IN (OLD.person_id, NEW.person_id)")],
                        f"{email.format('OLD')} OR {email.format('NEW')}"),
        _trigger("search_contact_bd", "BEFORE DELETE", "people_contactpoint",
                        [_unindex("person", "id = OLD.person_id")], email.format("OLD")),
        _trigger("search_contact_ad", "AFTER DELETE", "people_contactpoint",
                        [_index("person", "id = OLD.person_id")], email.format("OLD")),
        # Organisations, whose name is also part of their people's documents.
        _trigger("search_organization_ai", "AFTER INSERT", "people_organization",
                        [_index("organization", "id = NEW.id")]),
        _trigger("search_organization_bu", f"BEFORE UPDATE OF {org_fields}",
                        "people_organization", [_unindex("organization", "id = OLD.id")]),
        _trigger("search_organization_au", f"AFTER UPDATE OF {org_fields}",
                        "people_organization", [_index("organization", "id = NEW.id")]),
        _trigger("search_org_people_bu", "BEFORE UPDATE OF id, name",
                        "people_organization",
                        [_unindex("person", person_of_org.format("OLD"))]),
        _trigger("search_org_people_au", "AFTER UPDATE OF id, name",
                        "people_organization",
                        [_index("person", person_of_org.format("NEW"))]),
        _trigger("search_organization_bd", "BEFORE DELETE", "people_organization",
                        [_unindex("organization", "id = OLD.id"),
                         _unindex("person", person_of_org.format("OLD"))]),
        _trigger("search_organization_ad", "AFTER DELETE", "people_organization",
                        [_index("person", person_of_org.format("OLD"))]),
        # Interactions.
        _trigger("search_interaction_ai", "AFTER INSERT", "interactions_interaction",
                        [_index("interaction", "id = NEW.id")]),
        _trigger("search_interaction_bu", f"BEFORE UPDATE OF {interaction_fields}",
                        "interactions_interaction",
                        [_unindex("interaction", "id = OLD.id")]),
        _trigger("search_interaction_au", f"AFTER UPDATE OF {interaction_fields}",
                        "interactions_interaction",
                        [_index("interaction", "id = NEW.id")]),
        _trigger("search_interaction_bd", "BEFORE DELETE", "interactions_interaction",
                        [_unindex("interaction", "id = OLD.id")]),
    ]


def trigger_names() -> list[str]:
    return [statement.split()[2] for statement in triggers()]


def create_tables(cursor) -> None:
    for kind in KINDS:
        # unicode61 folds case and removes diacritics ("jose" finds "José"); no stemming,
        # so that a prefix of a word always finds the word. Prefix indexes make the
        # two- and three-letter prefixes of live search cheap.
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts_table(kind)} USING fts5("
            f"{_columns(kind)}, content='{_view(kind)}', content_rowid='rid', "
            "tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
        )
        weights = ", ".join(str(w) for _, w in FTS_COLUMNS[kind])
        cursor.execute(
            f"INSERT INTO {fts_table(kind)} ({fts_table(kind)}, rank) VALUES ('rank', %s)",
            [f"bm25({weights})"],
        )


def install(cursor) -> None:
    uninstall(cursor)
    for kind in KINDS:
        cursor.execute(f"CREATE VIEW {_view(kind)} AS {SOURCE_VIEWS[kind]}")
    for statement in triggers():
        cursor.execute(statement)


def uninstall(cursor) -> None:
    for name in trigger_names():
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    for kind in KINDS:
        cursor.execute(f"DROP VIEW IF EXISTS {_view(kind)}")


def rebuild(cursor) -> None:
    for kind in KINDS:
        cursor.execute(f"INSERT INTO {fts_table(kind)} ({fts_table(kind)}) VALUES ('rebuild')")


def check(cursor) -> list[str]:
    problems = []
    for kind in KINDS:
        table = fts_table(kind)
        try:
            # With rank = 1, FTS5 also compares the index with the content (the view).
            cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)")
        except Exception as error:  # noqa: BLE001 — any failure means "not consistent"
            problems.append(f"{kind}: {error}")
    return problems
