"""Person.name_key, Person.name_block and the name words of the person-word index are
derived from the name
(normalize, people.names); every way a name is written leaves the stored copy equal to a
fresh computation, and pickers and the quick-log find people through the index."""

from __future__ import annotations

import gzip
import hashlib
import io
import json

from backstory.people import normalize
from backstory.people.models import Person, PersonWord
from backstory.people.names import name_tokens, names_refresh
from backstory.people.services import PersonFields, person_update
from backstory.people.words import words_refresh
from backstory.testing import make_person


def _stored_keys_match(workspace) -> None:
    expected_tokens = set()
    for person in Person.objects.filter(workspace=workspace):
        assert (person.name_key, person.name_block) == normalize.stored_name_keys(person.name)
        expected_tokens |= {(person.pk, t) for t in name_tokens(person.name)}
    stored = set(PersonWord.objects.filter(workspace=workspace, vocabulary="name")
                 .values_list("person_id", "word"))
    assert stored == expected_tokens


def test_the_keys_ignore_order_case_accents_and_titles():
    assert normalize.stored_name_keys("Dr. José Álvarez") == \
        normalize.stored_name_keys("alvarez, jose")
    key, block = normalize.stored_name_keys("Dana Reyes")
    assert key == "dana reyes" and block == "p:da|re"


def test_creating_and_renaming_a_person_store_the_keys(workspace, owner):
    dana = make_person(workspace, "Dana Reyes", by=owner)
    _stored_keys_match(workspace)
    person_update(workspace, by=owner, person=dana,
                  data=PersonFields(name="Dana Reyes-Okafor", circle=dana.circle))
    dana.refresh_from_db()
    assert dana.name_key == "dana okafor reyes"
    _stored_keys_match(workspace)


def test_an_import_stores_the_keys(workspace, owner):
    from backstory.transfer.services import import_file

    csv = "First Name,Last Name,Email Address,Company\nGrace,Hopper,g@navy.example,Navy\n"
    import_file(workspace, by=owner, data=csv.encode(), name="Connections.csv")
    assert Person.objects.get(workspace=workspace, name="Grace Hopper").name_key == \
        "grace hopper"
    _stored_keys_match(workspace)


def test_the_refresh_fixes_people_written_in_bulk(workspace):
    Person.objects.bulk_create([Person(workspace=workspace, name=f"Bulk Person {i}")
                                for i in range(3)])
    names_refresh(workspace)
    words_refresh(workspace)
    _stored_keys_match(workspace)


def test_a_restore_computes_the_keys_a_backup_does_not_hold(workspace, owner):
    from backstory.transfer.services.backup import backup_restore, backup_write
    from backstory.workspaces.services import user_create

    make_person(workspace, "Ada Lovelace", by=owner)
    buffer = io.BytesIO()
    backup_write(workspace, buffer)
    data = buffer.getvalue()
    # An older backup has no name keys: drop them from the file (and its checksum).
    header_line, _, body = gzip.decompress(data).partition(b"\n")
    header, document = json.loads(header_line), json.loads(body)
    for section in document["models"]:
        if section["model"] == "people.Person":
            keep = [n not in ("name_key", "name_block") for n in section["fields"]]
            section["fields"] = [n for n, k in zip(section["fields"], keep, strict=True) if k]
            section["rows"] = [[v for v, k in zip(row, keep, strict=True) if k]
                               for row in section["rows"]]
    body = json.dumps(document).encode()
    header["checksum"] = "sha256:" + hashlib.sha256(body).hexdigest()
    older = gzip.compress(json.dumps(header).encode() + b"\n" + body)
    user = user_create(username="rita", password=None)
    target = user.memberships.get().workspace
    backup_restore(target, by=user, data=older)
    assert Person.objects.get(workspace=target).name_key == "ada lovelace"
    _stored_keys_match(target)


def test_pickers_find_people_by_any_word_of_their_name_or_its_start(workspace, owner):
    from backstory.people.selectors import people_suggest

    make_person(workspace, "Dana Reyes", by=owner)
    make_person(workspace, "Danielle Okafor", by=owner)
    make_person(workspace, "Sam Dane", by=owner)
    archived = make_person(workspace, "Dana Archived", by=owner)
    from backstory.people.services import person_archive

    person_archive(workspace, by=owner, person=archived)
    assert [p.name for p in people_suggest(workspace, "dan")] == [
        "Dana Reyes", "Danielle Okafor", "Sam Dane"]
    assert [p.name for p in people_suggest(workspace, "reyes d")] == ["Dana Reyes"]
    assert [p.name for p in people_suggest(workspace, "okaf")] == ["Danielle Okafor"]
    assert people_suggest(workspace, "  ") == []
