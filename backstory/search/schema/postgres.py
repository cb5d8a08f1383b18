"""The search index on PostgreSQL: one table per kind (id, workspace_id, weighted tsvector)
with a GIN index, written by row and TRUNCATE triggers (see the package docstring)."""

from __future__ import annotations

from .common import (
    CONTACT_FIELDS,
    INTERACTION_FIELDS,
    KINDS,
    ORGANIZATION_FIELDS,
    PERSON_FIELDS,
    shared_notes_sql,
)

# Unicode's combining marks (accents and the like), as a PostgreSQL regex class.
COMBINING = r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"


def document_sql(kind: str, alias: str) -> str:
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
                        vector(shared_notes_sql(a), "D")))


SOURCES = {
    "person": ("people_person", "TRUE"),
    "organization": ("people_organization", "TRUE"),
    "interaction": ("interactions_interaction",
                    f"(s.summary <> '' OR s.place <> '' OR {shared_notes_sql('s')} <> '')"),
}


def doc_table(kind: str) -> str:
    return f"search_{kind}_doc"


def _refresh_function(kind: str) -> str:
    table, indexed = SOURCES[kind]
    return f"""
CREATE OR REPLACE FUNCTION search_{kind}_refresh(ids bigint[]) RETURNS void
LANGUAGE sql VOLATILE AS $$
  DELETE FROM {doc_table(kind)} WHERE id = ANY(ids);
  INSERT INTO {doc_table(kind)} (id, workspace_id, document)
  SELECT s.id, s.workspace_id, {document_sql(kind, "s")}
  FROM {table} s WHERE s.id = ANY(ids) AND {indexed};
$$"""


def _trigger_function(name: str, body: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{body}
  RETURN NULL;
END $$"""


def tables() -> list[str]:
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
ROW_TRIGGERS = (
    ("search_person", "people_person", PERSON_FIELDS, "search_person_changed"),
    ("search_contact", "people_contactpoint", CONTACT_FIELDS, "search_contact_changed"),
    ("search_organization", "people_organization", ORGANIZATION_FIELDS,
     "search_organization_changed"),
    ("search_interaction", "interactions_interaction", INTERACTION_FIELDS,
     "search_interaction_changed"),
)
TABLES = tuple(table for _, table, _, _ in ROW_TRIGGERS)
_ALL_PEOPLE = "PERFORM search_person_refresh(ARRAY(SELECT id FROM people_person));"
# TRUNCATE (Django's flush on PostgreSQL) fires no row triggers.
TRUNCATES = (
    ("people_person", "TRUNCATE search_person_doc;"),
    ("people_contactpoint", _ALL_PEOPLE),
    ("people_organization", f"TRUNCATE search_organization_doc; {_ALL_PEOPLE}"),
    ("interactions_interaction", "TRUNCATE search_interaction_doc;"),
)


def hooks() -> list[str]:
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
        *(_refresh_function(kind) for kind in KINDS),
        _trigger_function("search_person_changed", """
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_person_doc WHERE id = OLD.id;
  ELSIF TG_OP = 'UPDATE' AND OLD.id <> NEW.id THEN
    PERFORM search_person_refresh(ARRAY[OLD.id, NEW.id]);
  ELSE
    PERFORM search_person_refresh(ARRAY[NEW.id]);
  END IF;"""),
        _trigger_function("search_contact_changed", """
  IF TG_OP = 'INSERT' THEN
    IF NEW.kind = 'email' THEN PERFORM search_person_refresh(ARRAY[NEW.person_id]); END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF OLD.kind = 'email' THEN PERFORM search_person_refresh(ARRAY[OLD.person_id]); END IF;
  ELSIF OLD.kind = 'email' OR NEW.kind = 'email' THEN
    PERFORM search_person_refresh(ARRAY[OLD.person_id, NEW.person_id]);
  END IF;"""),
        _trigger_function("search_organization_changed", """
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
        _trigger_function("search_interaction_changed", """
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_interaction_doc WHERE id = OLD.id;
  ELSIF TG_OP = 'UPDATE' AND OLD.id <> NEW.id THEN
    PERFORM search_interaction_refresh(ARRAY[OLD.id, NEW.id]);
  ELSE
    PERFORM search_interaction_refresh(ARRAY[NEW.id]);
  END IF;"""),
    ]
    for name, table, fields, function in ROW_TRIGGERS:
        statements += [
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE OF {', '.join(fields)} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()",
        ]
    for table, body in TRUNCATES:
        statements += [
            _trigger_function(f"search_{table}_truncated", f"  {body}"),
            f"DROP TRIGGER IF EXISTS search_truncate ON {table}",
            f"CREATE TRIGGER search_truncate AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION search_{table}_truncated()",
        ]
    return statements


def unhook() -> list[str]:
    statements = []
    for name, table, _, function in ROW_TRIGGERS:
        statements += [f"DROP TRIGGER IF EXISTS {name} ON {table}",
                       f"DROP TRIGGER IF EXISTS search_truncate ON {table}",
                       f"DROP FUNCTION IF EXISTS {function}()",
                       f"DROP FUNCTION IF EXISTS search_{table}_truncated()"]
    statements += [f"DROP FUNCTION IF EXISTS search_{kind}_refresh(bigint[])" for kind in KINDS]
    statements.append("DROP FUNCTION IF EXISTS search_fold(text)")
    return statements


def rebuild(cursor, workspace_id: int | None) -> None:
    for kind in KINDS:
        table, indexed = SOURCES[kind]
        where, params = ("s.workspace_id = %s", [workspace_id]) if workspace_id else ("TRUE", [])
        if workspace_id:
            cursor.execute(f"DELETE FROM {doc_table(kind)} WHERE workspace_id = %s", params)
        else:
            cursor.execute(f"TRUNCATE {doc_table(kind)}")
        cursor.execute(
            f"INSERT INTO {doc_table(kind)} (id, workspace_id, document) "
            f"SELECT s.id, s.workspace_id, {document_sql(kind, 's')} FROM {table} s "
            f"WHERE {where} AND {indexed}",
            params,
        )


def check(cursor) -> list[str]:
    problems = []
    for kind in KINDS:
        table, indexed = SOURCES[kind]
        cursor.execute(
            f"SELECT count(*) FROM {doc_table(kind)} d FULL JOIN ("
            f"  SELECT s.id, s.workspace_id, {document_sql(kind, 's')} AS document "
            f"  FROM {table} s WHERE {indexed}) f ON f.id = d.id "
            "WHERE d.id IS NULL OR f.id IS NULL OR d.workspace_id <> f.workspace_id "
            "OR d.document <> f.document"
        )
        wrong = cursor.fetchone()[0]
        if wrong:
            problems.append(f"{kind}: {wrong} documents differ from their records")
    return problems
