"""The person-word index: one table, two vocabularies (the words of a name, the words
opportunities are matched on), one writer. The upgrade carries the two old indexes over
word for word, and a backup written before it still restores."""

from __future__ import annotations

import gzip
import hashlib
import io
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from backstory.people.models import PersonWord
from backstory.testing import make_person
from backstory.workspaces.models import Workspace

BEFORE = [("people", "0011_person_do_not_contact"),
          ("intros", "0002_match_terms")]
AFTER = [("people", "0012_person_words"), ("intros", "0003_match_terms_into_person_words")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_carries_the_name_words_and_match_terms_into_one_index():
    old = _migrate(BEFORE)
    try:
        # Only people and intros went back: the workspace table is today's.
        workspace = Workspace.objects.create(name="Old", slug="old-words")
        Person = old.get_model("people", "Person")
        dana = Person.objects.create(workspace_id=workspace.pk, name="Dana Reyes",
                                     wants="podcast guests")
        old.get_model("people", "NameToken").objects.bulk_create([
            old.get_model("people", "NameToken")(workspace_id=workspace.pk, person=dana,
                                                 token=t)
            for t in ("dana", "reyes")])
        old.get_model("intros", "MatchTerm").objects.bulk_create([
            old.get_model("intros", "MatchTerm")(workspace_id=workspace.pk, person=dana,
                                                 term=t)
            for t in ("podcast", "guest")])
        new = _migrate(AFTER)
        words = set(new.get_model("people", "PersonWord").objects.filter(
            person_id=dana.pk).values_list("vocabulary", "word"))
        assert words == {("name", "dana"), ("name", "reyes"), ("match", "podcast"),
                         ("match", "guest")}
        # And back: a downgrade gives each old index its own words again.
        old = _migrate(BEFORE)
        assert set(old.get_model("people", "NameToken").objects.values_list(
            "person_id", "token")) == {(dana.pk, "dana"), (dana.pk, "reyes")}
        assert set(old.get_model("intros", "MatchTerm").objects.values_list(
            "person_id", "term")) == {(dana.pk, "podcast"), (dana.pk, "guest")}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_backup_written_before_the_one_index_still_restores(workspace, owner):
    from backstory.transfer.services.backup import backup_restore, backup_write
    from backstory.workspaces.services import user_create

    make_person(workspace, "Ada Lovelace", by=owner, wants="analytical engines")
    buffer = io.BytesIO()
    backup_write(workspace, buffer)
    header_line, _, body = gzip.decompress(buffer.getvalue()).partition(b"\n")
    header, document = json.loads(header_line), json.loads(body)
    # An older backup held the two old indexes instead of the person words.
    document["models"] = [s for s in document["models"] if s["model"] != "people.PersonWord"]
    document["models"] += [
        {"model": "people.NameToken", "fields": ["person", "token"], "rows": [[0, "ada"]]},
        {"model": "intros.MatchTerm", "fields": ["person", "term"], "rows": [[0, "engin"]]}]
    body = json.dumps(document).encode()
    header["checksum"] = "sha256:" + hashlib.sha256(body).hexdigest()
    older = gzip.compress(json.dumps(header).encode() + b"\n" + body)
    user = user_create(username="rita", password=None)
    target = user.memberships.get().workspace
    backup_restore(target, by=user, data=older)
    assert set(PersonWord.objects.filter(workspace=target).values_list(
        "vocabulary", "word")) == {("name", "ada"), ("name", "lovelace"),
                                   ("match", "analytical"), ("match", "engin")}
