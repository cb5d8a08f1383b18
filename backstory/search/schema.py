"""The search index in the database: what it holds, the triggers that keep it right, and
how to rebuild and check it — for SQLite (FTS5) and PostgreSQL (tsvector + GIN).

Three kinds of document, each one row per record:

- person: name; title, organisation name, e-mails, beat and outlet; wants and offers;
  notes and how you met (four weights, highest first).
- organisation: name; notes.
- interaction: summary and place; notes. Interactions without any text are not indexed.

Triggers on the source tables keep the index right whatever writes: the services, the
importers, a merge, raw ``executemany`` in the benchmark builder, a delete. Bulk writers
need nothing special; ``rebuild()`` is there for repairs and for tests.

SQLite: one FTS5 table per kind with *external content*: the content is a view over the
source tables, so the text is not stored twice. An FTS5 delete must be given the exact
values that were indexed, so every change is a pair of triggers: BEFORE the change the
document is deleted with the values the view shows then, AFTER it the document is
inserted with the values the view shows now. A document's rowid is the record's id plus
its workspace's id shifted left by 40 bits (``ROWID_BITS``), so that one workspace's
documents are one range of rowids, which FTS5 reads in order without looking at others.

PostgreSQL: one table per kind (id, workspace_id, weighted tsvector) with a GIN index,
written by ``search_<kind>_refresh(ids)`` from row triggers (and TRUNCATE triggers, for
Django's flush). Words are folded by ``search_fold()`` (lower case, NFKD without accents,
letters and digits only), which needs PostgreSQL 13+ and a UTF-8 database.

The migration creates the index tables; the triggers, views and functions are installed
after every ``migrate`` (``apps.SearchConfig``), because they must step aside while
migrations of the watched tables run: Django rebuilds an SQLite table for most schema
changes (copy, drop, rename), which fails while a view or trigger names the table, and
PostgreSQL refuses to change the type of a column that a trigger's UPDATE OF names. So
before migrations of people, interactions or search, the hooks come off; afterwards they
go back on and the index is rebuilt from the records.
"""

from __future__ import annotations

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

KINDS = ("person", "organization", "interaction")

# SQLite ---------------------------------------------------------------------------------

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


def record_id(rowid: int) -> int:
    return rowid & ((1 << ROWID_BITS) - 1)


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
               TRIM(i.summary || ' ' || i.place) AS summary, i.notes AS notes
        FROM interactions_interaction i
        WHERE i.summary != '' OR i.place != '' OR i.notes != ''""",
}

# The source columns whose change changes a document (UPDATE OF ... triggers).
PERSON_FIELDS = ("id", "workspace_id", "name", "title", "organization_id", "beat", "outlet",
                 "wants", "offers", "notes", "how_we_met")
ORGANIZATION_FIELDS = ("id", "workspace_id", "name", "notes")
INTERACTION_FIELDS = ("id", "workspace_id", "summary", "place", "notes")
CONTACT_FIELDS = ("id", "person_id", "kind", "value")


def fts_table(kind: str) -> str:
    return f"search_{kind}_fts"


def _view(kind: str) -> str:
    return f"search_{kind}_source"


def _columns(kind: str) -> str:
    return ", ".join(name for name, _ in FTS_COLUMNS[kind])


def _sqlite_index(kind: str, where: str) -> str:
    """Statement that indexes the documents of ``kind`` whose id satisfies ``where``."""
    cols = _columns(kind)
    return (f"INSERT INTO {fts_table(kind)} (rowid, {cols}) "
            f"SELECT rid, {cols} FROM {_view(kind)} WHERE {where};")


def _sqlite_unindex(kind: str, where: str) -> str:
    """Statement that removes the documents of ``kind`` whose id satisfies ``where``, with
    the values the view shows now (which are the values that were indexed)."""
    table, cols = fts_table(kind), _columns(kind)
    return (f"INSERT INTO {table} ({table}, rowid, {cols}) "
            f"SELECT 'delete', rid, {cols} FROM {_view(kind)} WHERE {where};")


def _sqlite_trigger(name: str, timing: str, table: str, body: list[str],
                    when: str = "") -> str:
    when = f" WHEN {when}" if when else ""
    return (f"CREATE TRIGGER {name} {timing} ON {table} FOR EACH ROW{when} BEGIN\n  "
            + "\n  ".join(body) + "\nEND")


def _sqlite_triggers() -> list[str]:
    person_of_org = "id IN (SELECT id FROM people_person WHERE organization_id = {}.id)"
    email = "{0}.kind = 'email'"
    person_fields = ", ".join(PERSON_FIELDS)
    org_fields = ", ".join(ORGANIZATION_FIELDS)
    contact_fields = ", ".join(CONTACT_FIELDS)
    interaction_fields = ", ".join(INTERACTION_FIELDS)
    return [
        # People.
        _sqlite_trigger("search_person_ai", "AFTER INSERT", "people_person",
                        [_sqlite_index("person", "id = NEW.id")]),
        _sqlite_trigger("search_person_bu", f"BEFORE UPDATE OF {person_fields}",
                        "people_person", [_sqlite_unindex("person", "id = OLD.id")]),
        _sqlite_trigger("search_person_au", f"AFTER UPDATE OF {person_fields}",
                        "people_person", [_sqlite_index("person", "id = NEW.id")]),
        _sqlite_trigger("search_person_bd", "BEFORE DELETE", "people_person",
                        [_sqlite_unindex("person", "id = OLD.id")]),
        # E-mail addresses are part of their person's document.
        _sqlite_trigger("search_contact_bi", "BEFORE INSERT", "people_contactpoint",
                        [_sqlite_unindex("person", "id = NEW.person_id")],
                        email.format("NEW")),
        _sqlite_trigger("search_contact_ai", "AFTER INSERT", "people_contactpoint",
                        [_sqlite_index("person", "id = NEW.person_id")], email.format("NEW")),
        _sqlite_trigger("search_contact_bu", f"BEFORE UPDATE OF {contact_fields}",
                        "people_contactpoint",
                        [_sqlite_unindex("person", "id IN (OLD.person_id, NEW.person_id)")],
                        f"{email.format('OLD')} OR {email.format('NEW')}"),
        _sqlite_trigger("search_contact_au", f"AFTER UPDATE OF {contact_fields}",
                        "people_contactpoint",
                        [_sqlite_index("person", "id IN (OLD.person_id, NEW.person_id)")],
                        f"{email.format('OLD')} OR {email.format('NEW')}"),
        _sqlite_trigger("search_contact_bd", "BEFORE DELETE", "people_contactpoint",
                        [_sqlite_unindex("person", "id = OLD.person_id")], email.format("OLD")),
        _sqlite_trigger("search_contact_ad", "AFTER DELETE", "people_contactpoint",
                        [_sqlite_index("person", "id = OLD.person_id")], email.format("OLD")),
        # Organisations, whose name is also part of their people's documents.
        _sqlite_trigger("search_organization_ai", "AFTER INSERT", "people_organization",
                        [_sqlite_index("organization", "id = NEW.id")]),
        _sqlite_trigger("search_organization_bu", f"BEFORE UPDATE OF {org_fields}",
                        "people_organization", [_sqlite_unindex("organization", "id = OLD.id")]),
        _sqlite_trigger("search_organization_au", f"AFTER UPDATE OF {org_fields}",
                        "people_organization", [_sqlite_index("organization", "id = NEW.id")]),
        _sqlite_trigger("search_org_people_bu", "BEFORE UPDATE OF id, name",
                        "people_organization",
                        [_sqlite_unindex("person", person_of_org.format("OLD"))]),
        _sqlite_trigger("search_org_people_au", "AFTER UPDATE OF id, name",
                        "people_organization",
                        [_sqlite_index("person", person_of_org.format("NEW"))]),
        _sqlite_trigger("search_organization_bd", "BEFORE DELETE", "people_organization",
                        [_sqlite_unindex("organization", "id = OLD.id"),
                         _sqlite_unindex("person", person_of_org.format("OLD"))]),
        _sqlite_trigger("search_organization_ad", "AFTER DELETE", "people_organization",
                        [_sqlite_index("person", person_of_org.format("OLD"))]),
        # Interactions.
        _sqlite_trigger("search_interaction_ai", "AFTER INSERT", "interactions_interaction",
                        [_sqlite_index("interaction", "id = NEW.id")]),
        _sqlite_trigger("search_interaction_bu", f"BEFORE UPDATE OF {interaction_fields}",
                        "interactions_interaction",
                        [_sqlite_unindex("interaction", "id = OLD.id")]),
        _sqlite_trigger("search_interaction_au", f"AFTER UPDATE OF {interaction_fields}",
                        "interactions_interaction",
                        [_sqlite_index("interaction", "id = NEW.id")]),
        _sqlite_trigger("search_interaction_bd", "BEFORE DELETE", "interactions_interaction",
                        [_sqlite_unindex("interaction", "id = OLD.id")]),
    ]


def _sqlite_trigger_names() -> list[str]:
    return [statement.split()[2] for statement in _sqlite_triggers()]


def _sqlite_create_tables(cursor) -> None:
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


def _sqlite_install(cursor) -> None:
    _sqlite_uninstall_triggers(cursor)
    for kind in KINDS:
        cursor.execute(f"CREATE VIEW {_view(kind)} AS {SOURCE_VIEWS[kind]}")
    for statement in _sqlite_triggers():
        cursor.execute(statement)


def _sqlite_uninstall_triggers(cursor) -> None:
    for name in _sqlite_trigger_names():
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    for kind in KINDS:
        cursor.execute(f"DROP VIEW IF EXISTS {_view(kind)}")


def _sqlite_rebuild(cursor) -> None:
    for kind in KINDS:
        cursor.execute(f"INSERT INTO {fts_table(kind)} ({fts_table(kind)}) VALUES ('rebuild')")


def _sqlite_check(cursor) -> list[str]:
    problems = []
    for kind in KINDS:
        table = fts_table(kind)
        try:
            # With rank = 1, FTS5 also compares the index with the content (the view).
            cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)")
        except Exception as error:  # noqa: BLE001 — any failure means "not consistent"
            problems.append(f"{kind}: {error}")
    return problems


# PostgreSQL -----------------------------------------------------------------------------

# Unicode's combining marks (accents and the like), as a PostgreSQL regex class.
COMBINING = r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"


def pg_document_sql(kind: str, alias: str) -> str:
    """The tsvector of one document of ``kind``; ``alias`` is the source row."""
    def vector(text: str, weight: str) -> str:
        return f"setweight(to_tsvector('simple', search_fold({text})), '{weight}')"

    a = alias
    if kind == "person":
        emails = (f"(SELECT string_agg(c.value, ' ' ORDER BY c.id) FROM people_contactpoint c "
                  f"WHERE c.person_id = {a}.id AND c.kind = 'email')")
        return " || ".join((
            vector(f"{a}.name", "A"),
            vector(f"concat_ws(' ', {a}.title, (SELECT o.name FROM people_organization o "
                   f"WHERE o.id = {a}.organization_id), {emails}, {a}.beat, {a}.outlet)", "B"),
            vector(f"concat_ws(' ', {a}.wants, {a}.offers)", "C"),
            vector(f"concat_ws(' ', {a}.notes, {a}.how_we_met)", "D"),
        ))
    if kind == "organization":
        return " || ".join((vector(f"{a}.name", "A"), vector(f"{a}.notes", "D")))
    return " || ".join((vector(f"concat_ws(' ', {a}.summary, {a}.place)", "B"),
                        vector(f"{a}.notes", "D")))


PG_SOURCES = {
    "person": ("people_person", "TRUE"),
    "organization": ("people_organization", "TRUE"),
    "interaction": ("interactions_interaction",
                    "(s.summary <> '' OR s.place <> '' OR s.notes <> '')"),
}


def doc_table(kind: str) -> str:
    return f"search_{kind}_doc"


def _pg_refresh_function(kind: str) -> str:
    table, indexed = PG_SOURCES[kind]
    return f"""
CREATE OR REPLACE FUNCTION search_{kind}_refresh(ids bigint[]) RETURNS void
LANGUAGE sql VOLATILE AS $$
  DELETE FROM {doc_table(kind)} WHERE id = ANY(ids);
  INSERT INTO {doc_table(kind)} (id, workspace_id, document)
  SELECT s.id, s.workspace_id, {pg_document_sql(kind, "s")}
  FROM {table} s WHERE s.id = ANY(ids) AND {indexed};
$$"""


def _pg_trigger_function(name: str, body: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{body}
  RETURN NULL;
END $$"""


def _pg_tables() -> list[str]:
    statements = []
    for kind in KINDS:
        statements += [
            f"""CREATE TABLE IF NOT EXISTS {doc_table(kind)} (
                  id bigint PRIMARY KEY, workspace_id bigint NOT NULL,
                  document tsvector NOT NULL)""",
            # A short pending list: new documents wait there unsorted until it is full,
            # and every search reads it (the default 4 MB costs milliseconds a search).
            f"CREATE INDEX IF NOT EXISTS {doc_table(kind)}_gin ON {doc_table(kind)} "
            "USING gin (document) WITH (gin_pending_list_limit = 256)",
            f"CREATE INDEX IF NOT EXISTS {doc_table(kind)}_ws ON {doc_table(kind)} "
            "(workspace_id, id)",
        ]
    return statements


# (trigger name, table, the columns whose change changes a document, function)
PG_ROW_TRIGGERS = (
    ("search_person", "people_person", PERSON_FIELDS, "search_person_changed"),
    ("search_contact", "people_contactpoint", CONTACT_FIELDS, "search_contact_changed"),
    ("search_organization", "people_organization", ORGANIZATION_FIELDS,
     "search_organization_changed"),
    ("search_interaction", "interactions_interaction", INTERACTION_FIELDS,
     "search_interaction_changed"),
)
PG_TABLES = tuple(table for _, table, _, _ in PG_ROW_TRIGGERS)
_ALL_PEOPLE = "PERFORM search_person_refresh(ARRAY(SELECT id FROM people_person));"
# TRUNCATE (Django's flush on PostgreSQL) fires no row triggers.
PG_TRUNCATES = (
    ("people_person", "TRUNCATE search_person_doc;"),
    ("people_contactpoint", _ALL_PEOPLE),
    ("people_organization", f"TRUNCATE search_organization_doc; {_ALL_PEOPLE}"),
    ("interactions_interaction", "TRUNCATE search_interaction_doc;"),
)


def _pg_hooks() -> list[str]:
    statements = [
        # Lower case, accents taken off (NFKD, then no combining marks), everything but
        # letters and digits a space: the same words as FTS5's unicode61 tokenizer and
        # the query side (backstory.search.query.fold).
        rf"""CREATE OR REPLACE FUNCTION search_fold(text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
              SELECT regexp_replace(regexp_replace(normalize(lower(coalesce($1, '')), NFKD),
                                                   '{COMBINING}+', '', 'g'),
                                    '[^[:alnum:]]+', ' ', 'g')
            $$""",
        *(_pg_refresh_function(kind) for kind in KINDS),
        _pg_trigger_function("search_person_changed", """
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_person_doc WHERE id = OLD.id;
  ELSIF TG_OP = 'UPDATE' AND OLD.id <> NEW.id THEN
    PERFORM search_person_refresh(ARRAY[OLD.id, NEW.id]);
  ELSE
    PERFORM search_person_refresh(ARRAY[NEW.id]);
  END IF;"""),
        _pg_trigger_function("search_contact_changed", """
  IF TG_OP = 'INSERT' THEN
    IF NEW.kind = 'email' THEN PERFORM search_person_refresh(ARRAY[NEW.person_id]); END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF OLD.kind = 'email' THEN PERFORM search_person_refresh(ARRAY[OLD.person_id]); END IF;
  ELSIF OLD.kind = 'email' OR NEW.kind = 'email' THEN
    PERFORM search_person_refresh(ARRAY[OLD.person_id, NEW.person_id]);
  END IF;"""),
        _pg_trigger_function("search_organization_changed", """
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_organization_doc WHERE id = OLD.id;
    PERFORM search_person_refresh(ARRAY(
      SELECT id FROM people_person WHERE organization_id = OLD.id));
  ELSIF TG_OP = 'INSERT' THEN
    PERFORM search_organization_refresh(ARRAY[NEW.id]);
  ELSE
    PERFORM search_organization_refresh(ARRAY[OLD.id, NEW.id]);
    IF OLD.name IS DISTINCT FROM NEW.name OR OLD.id <> NEW.id THEN
      PERFORM search_person_refresh(ARRAY(
        SELECT id FROM people_person WHERE organization_id IN (OLD.id, NEW.id)));
    END IF;
  END IF;"""),
        _pg_trigger_function("search_interaction_changed", """
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_interaction_doc WHERE id = OLD.id;
  ELSIF TG_OP = 'UPDATE' AND OLD.id <> NEW.id THEN
    PERFORM search_interaction_refresh(ARRAY[OLD.id, NEW.id]);
  ELSE
    PERFORM search_interaction_refresh(ARRAY[NEW.id]);
  END IF;"""),
    ]
    for name, table, fields, function in PG_ROW_TRIGGERS:
        statements += [
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE OF {', '.join(fields)} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()",
        ]
    for table, body in PG_TRUNCATES:
        statements += [
            _pg_trigger_function(f"search_{table}_truncated", f"  {body}"),
            f"DROP TRIGGER IF EXISTS search_truncate ON {table}",
            f"CREATE TRIGGER search_truncate AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION search_{table}_truncated()",
        ]
    return statements


def _pg_unhook() -> list[str]:
    statements = []
    for name, table, _, function in PG_ROW_TRIGGERS:
        statements += [f"DROP TRIGGER IF EXISTS {name} ON {table}",
                       f"DROP TRIGGER IF EXISTS search_truncate ON {table}",
                       f"DROP FUNCTION IF EXISTS {function}()",
                       f"DROP FUNCTION IF EXISTS search_{table}_truncated()"]
    statements += [f"DROP FUNCTION IF EXISTS search_{kind}_refresh(bigint[])" for kind in KINDS]
    statements.append("DROP FUNCTION IF EXISTS search_fold(text)")
    return statements


def _pg_rebuild(cursor, workspace_id: int | None) -> None:
    for kind in KINDS:
        table, indexed = PG_SOURCES[kind]
        where, params = ("s.workspace_id = %s", [workspace_id]) if workspace_id else ("TRUE", [])
        if workspace_id:
            cursor.execute(f"DELETE FROM {doc_table(kind)} WHERE workspace_id = %s", params)
        else:
            cursor.execute(f"TRUNCATE {doc_table(kind)}")
        cursor.execute(
            f"INSERT INTO {doc_table(kind)} (id, workspace_id, document) "
            f"SELECT s.id, s.workspace_id, {pg_document_sql(kind, 's')} FROM {table} s "
            f"WHERE {where} AND {indexed}",
            params,
        )


def _pg_check(cursor) -> list[str]:
    problems = []
    for kind in KINDS:
        table, indexed = PG_SOURCES[kind]
        cursor.execute(
            f"SELECT count(*) FROM {doc_table(kind)} d FULL JOIN ("
            f"  SELECT s.id, s.workspace_id, {pg_document_sql(kind, 's')} AS document "
            f"  FROM {table} s WHERE {indexed}) f ON f.id = d.id "
            "WHERE d.id IS NULL OR f.id IS NULL OR d.workspace_id <> f.workspace_id "
            "OR d.document <> f.document"
        )
        wrong = cursor.fetchone()[0]
        if wrong:
            problems.append(f"{kind}: {wrong} documents differ from their records")
    return problems


# Both -----------------------------------------------------------------------------------

def create(connection: BaseDatabaseWrapper) -> None:
    """Create the index tables (the migration). Triggers, views and functions come with
    ``install``, which runs after every ``migrate``."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _sqlite_create_tables(cursor)
        elif connection.vendor == "postgresql":
            for statement in _pg_tables():
                cursor.execute(statement)


def drop(connection: BaseDatabaseWrapper) -> None:
    """Remove everything that ``create`` and ``install`` made (migration backwards)."""
    uninstall(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for kind in KINDS:
                cursor.execute(f"DROP TABLE IF EXISTS {fts_table(kind)}")
        elif connection.vendor == "postgresql":
            for kind in KINDS:
                cursor.execute(f"DROP TABLE IF EXISTS {doc_table(kind)}")


def created(connection: BaseDatabaseWrapper) -> bool:
    """Whether the index tables exist (the migration ran)."""
    tables = set(connection.introspection.table_names())
    wanted = fts_table if connection.vendor == "sqlite" else doc_table
    return all(wanted(kind) in tables for kind in KINDS)


def installed(connection: BaseDatabaseWrapper) -> bool:
    """Whether every trigger is in place."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            names = _sqlite_trigger_names()
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
                           f"name IN ({', '.join(['%s'] * len(names))})", names)
        elif connection.vendor == "postgresql":
            names = [name for name, *_ in PG_ROW_TRIGGERS]
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND "
                           "(tgname = ANY(%s) OR tgname = 'search_truncate')", [names])
            names = names + ["search_truncate"] * len(PG_TABLES)
        else:
            return False
        return cursor.fetchone()[0] == len(names)


def install(connection: BaseDatabaseWrapper, *, rebuild: bool = False) -> None:
    """Put the triggers, views and functions in place as this file says, in one
    transaction; with ``rebuild``, index every record again."""
    if not created(connection):
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _sqlite_install(cursor)
            if rebuild:
                _sqlite_rebuild(cursor)
        elif connection.vendor == "postgresql":
            for statement in _pg_hooks():
                cursor.execute(statement)
            if rebuild:
                _pg_rebuild(cursor, None)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    """Take the triggers, views and functions off (the index then goes stale until
    ``install(rebuild=True)``)."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _sqlite_uninstall_triggers(cursor)
        elif connection.vendor == "postgresql":
            for statement in _pg_unhook():
                cursor.execute(statement)


def rebuild(connection: BaseDatabaseWrapper, workspace_id: int | None = None) -> None:
    """Index every record again (SQLite: all workspaces; FTS5 rebuilds whole tables)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _sqlite_rebuild(cursor)
        elif connection.vendor == "postgresql":
            _pg_rebuild(cursor, workspace_id)


def check(connection: BaseDatabaseWrapper) -> list[str]:
    """What differs between the index and a fresh computation from the records
    (an empty list when the index is right)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            return _sqlite_check(cursor)
        if connection.vendor == "postgresql":
            return _pg_check(cursor)
    return []
