"""Whatever writes — a service, an import, a merge, a delete, raw bulk SQL — the index
follows, because triggers in the database keep it (backstory/search/schema/)."""

from __future__ import annotations

import io
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from backstory.interactions.models import Interaction
from backstory.interactions.services import (
    InteractionFields,
    interaction_delete,
    interaction_update,
)
from backstory.people.models import ContactPoint, Organization, Person
from backstory.people.services import (
    ContactInput,
    PersonFields,
    organization_update,
    person_update,
)
from backstory.search.selectors import search
from backstory.search.services import (
    search_index_deferred,
    search_index_problems,
    search_index_rebuild,
)
from backstory.testing import make_person
from backstory.transfer.services import import_file, import_undo
from backstory.transfer.services.backup import backup_restore, backup_write
from backstory.transfer.services.merge import person_merge

from .conftest import assert_index_right


def _people(workspace, text) -> list[str]:
    return [hit.person.name for hit in search(workspace, text).people]


def test_a_renamed_person_is_found_by_the_new_name_only(workspace, owner, corpus):
    person_update(workspace, by=owner, person=corpus.dana,
                  data=PersonFields(name="Danielle Whitfield", title="Head of Sales",
                                    organization=corpus.acme,
                                    contacts=[ContactInput("email", "dw@acme.example")]))
    assert "Danielle Whitfield" in _people(workspace, "danielle")
    assert _people(workspace, "dana") == ["Nadia Haddad"]
    assert_index_right()


def test_email_addresses_follow_their_person(workspace, owner, corpus):
    person_update(workspace, by=owner, person=corpus.priya,
                  data=PersonFields(name="Priya Iyer", circle="media",
                                    contacts=[ContactInput("email", "priya@herald.example")]))
    assert _people(workspace, "priya@herald.example") == ["Priya Iyer"]
    ContactPoint.objects.filter(person=corpus.priya).update(value="p.iyer@gazette.example")
    assert _people(workspace, "gazette") == ["Priya Iyer"]
    assert _people(workspace, "herald.example") == []
    ContactPoint.objects.filter(person=corpus.priya).delete()
    assert _people(workspace, "gazette") == []
    assert_index_right()


def test_a_renamed_organisation_renames_it_in_its_peoples_documents(workspace, owner, corpus):
    organization_update(workspace, by=owner, organization=corpus.acme, name="Zenith Freight",
                        kind="company", is_own=False)
    assert _people(workspace, "zenith") == ["Dana Whitfield"]
    assert _people(workspace, "acme logistics") == []
    assert [h.organization.name for h in search(workspace, "zenith").organizations] == [
        "Zenith Freight"]
    assert_index_right()


def test_a_deleted_organisation_leaves_its_people_findable_without_it(workspace, corpus):
    corpus.acme.delete()
    assert _people(workspace, "acme logistics") == []
    assert _people(workspace, "whitfield") == ["Dana Whitfield"]
    assert not search(workspace, "acme").organizations
    assert_index_right()


def test_edited_and_deleted_interactions_follow(workspace, owner, corpus):
    interaction_update(workspace, by=owner, interaction=corpus.coffee, data=InteractionFields(
        kind="coffee", occurred_at=corpus.coffee.occurred_at, people=[corpus.dana],
        summary="Walk by the river", notes="Talked about the regatta."))
    assert [h.interaction for h in search(workspace, "regatta").interactions] == [corpus.coffee]
    assert not search(workspace, "harbour foods").interactions
    interaction_delete(workspace, by=owner, interaction=corpus.coffee)
    assert not search(workspace, "regatta").interactions
    # An interaction without any words is not in the index at all.
    Interaction.objects.filter(pk=corpus.lunch.pk).update(notes="", summary="")
    assert not search(workspace, "freight summit").interactions
    assert_index_right()


def test_a_merge_leaves_one_person_found_by_both_names_words(workspace, owner, corpus):
    other = make_person(workspace, "D. Whitfield", by=owner, outlet="Freight Weekly",
                        emails=["dw@freight.example"])
    survivor = person_merge(workspace, by=owner, survivor=corpus.dana, other=other)
    assert _people(workspace, "dw@freight.example") == [survivor.name]
    assert "D. Whitfield" not in _people(workspace, "whitfield")
    assert_index_right()


def test_deleted_and_archived_people(workspace, owner, corpus):
    Person.objects.filter(pk=corpus.priya.pk).delete()
    assert _people(workspace, "priya") == []
    Person.objects.filter(pk=corpus.jose.pk).update(archived_at=timezone.now())
    assert [h.person.is_archived for h in search(workspace, "jose").people] == [True]
    assert_index_right()


def test_an_import_and_its_undo(workspace, owner):
    result = import_file(workspace, by=owner, name="connections.csv", data=(
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Ingrid,Lindqvist,https://www.linkedin.com/in/il,ingrid@nordic.example,"
        b"Nordic Ledger,Editor,07 Dec 2025\n"))
    assert _people(workspace, "nordic ledger") == ["Ingrid Lindqvist"]
    assert _people(workspace, "editor") == ["Ingrid Lindqvist"]
    import_undo(workspace, by=owner, batch=result.batch)
    assert _people(workspace, "lindqvist") == []
    assert_index_right()


def test_bulk_inserts_with_raw_sql_are_indexed(workspace):
    people = Person.objects.bulk_create(
        [Person(workspace=workspace, name=f"Bulk Person {i}", notes=f"row{i} marzipan")
         for i in range(50)])
    ContactPoint.objects.bulk_create([
        ContactPoint(workspace=workspace, person=p, kind="email", value=f"b{p.pk}@bulk.example")
        for p in people])
    now = timezone.now()
    columns = [f.column for f in Interaction._meta.concrete_fields if f.column != "id"]
    values = {"created_at": now, "updated_at": now, "workspace_id": workspace.pk,
              "kind": "coffee", "occurred_at": now - timedelta(days=1), "place": "",
              "duration_minutes": None, "summary": "", "value": "", "created_by_id": None,
              "notes_private": False}
    rows = [[{**values, "notes": f"Talked about the quokka sanctuary, visit {i}"}.get(c)
             for c in columns] for i in range(200)]
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {qn(Interaction._meta.db_table)} ({', '.join(map(qn, columns))}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})",
            [[connection.ops.adapt_datetimefield_value(v) if hasattr(v, "tzinfo") else v
              for v in row] for row in rows])
    assert len(search(workspace, "marzipan", limit=100).people) == 50
    assert _people(workspace, f"b{people[7].pk}@bulk.example") == ["Bulk Person 7"]
    assert len(search(workspace, "quokka", limit=500).interactions) == 200
    assert_index_right()


def test_a_rebuild_repairs_an_index_that_lost_its_documents(workspace, corpus):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "INSERT INTO search_person_fts (search_person_fts) VALUES ('delete-all')")
        else:
            cursor.execute("DELETE FROM search_person_doc")
    assert search_index_problems()
    assert _people(workspace, "dana") == []
    search_index_rebuild(workspace)
    assert_index_right()
    assert _people(workspace, "dana") == ["Dana Whitfield", "Nadia Haddad"]


def test_organisations_created_in_bulk_are_indexed(workspace):
    Organization.objects.bulk_create([Organization(workspace=workspace, name=f"Quasar {i}")
                                      for i in range(5)])
    assert len(search(workspace, "quasar").organizations) == 5
    assert_index_right()


def test_a_bulk_write_may_defer_indexing_to_one_rebuild(workspace):
    with search_index_deferred():
        Person.objects.bulk_create([Person(workspace=workspace, name=f"Deferred {i}")
                                    for i in range(30)])
        assert search(workspace, "deferred").people == []
    assert len(search(workspace, "deferred", limit=50).people) == 30
    assert_index_right()


def test_a_restored_backup_is_searchable(workspace, owner, personas, corpus):
    out = io.BytesIO()
    backup_write(workspace, out)
    empty = personas.outsider_workspace
    backup_restore(empty, by=personas.outsider, data=out.getvalue())
    assert [h.person.name for h in search(empty, "whitfield").people] == ["Dana Whitfield"]
    assert len(search(empty, "freight").interactions) == 1
    assert_index_right()
