"""Summaries count records in words: every model names its own plural, and the internal
index tables (the person-word index, touch days…) never reach a user."""

from __future__ import annotations

import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command

from backstory.core.errors import DomainError
from backstory.core.words import counts_text, plural_noun
from backstory.demo import seed_demo
from backstory.transfer.services.backup import backup_restore, backup_write
from backstory.transfer.templatetags.transfer import record_noun
from backstory.workspaces.services import user_create

INTERNAL = ("person word", "name token", "match term", "touch day", "participation",
            "tip source", "import row", "relationship")


def non_word_plurals(text: str) -> list[str]:
    """Plurals made by gluing an "s" to a noun that takes another ending."""
    return re.findall(r"\b(?:\w+(?:ch|sh|x|ss|[^aeiou\W]y)s|persons|prefss)\b", text)


def _naive_plural_is_wrong(singular: str) -> bool:
    return bool(re.search(r"(ch|sh|x|s|z|[^aeiou]y)$", singular)) or singular == "person"


def test_every_model_says_its_plural_as_a_word():
    wrong = []
    for model in apps.get_models():
        if not model.__module__.startswith("backstory."):
            continue
        one, many = str(model._meta.verbose_name), str(model._meta.verbose_name_plural)
        if (many == one + "s" and _naive_plural_is_wrong(one)) or non_word_plurals(many):
            wrong.append(f"{model._meta.label}: {many}")
    assert not wrong, "verbose_name_plural needed: " + ", ".join(wrong)


def test_import_kinds_read_as_plural_words():
    assert plural_noun("pitch") == "Pitches"
    assert plural_noun("person") == "People"
    assert plural_noun("activity") == "History entries"
    assert record_noun("opportunity") == "Opportunities"
    assert record_noun("introduction") == "Introductions"


@pytest.fixture
def small_demo(db):
    user = user_create(username="demo-owner", password=None)
    workspace = user.memberships.get().workspace
    seed_demo(workspace, by=user, scale=0.1)
    return workspace, user


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _assert_reads_well(text: str) -> None:
    assert not non_word_plurals(text), text
    assert not any(word in text for word in INTERNAL), text


def test_a_refused_restore_names_what_the_workspace_holds_in_words(small_demo):
    workspace, user = small_demo
    out = io.BytesIO()
    backup_write(workspace, out)
    with pytest.raises(DomainError) as refused:
        backup_restore(workspace, by=user, data=out.getvalue())
    message = refused.value.message
    assert "pitches" in message and "people" in message and "history entries" in message
    _assert_reads_well(message)


def test_backup_and_restore_commands_summarise_in_words(small_demo, tmp_path):
    workspace, _user = small_demo
    path = tmp_path / "demo.backup"
    backed_up = _run("backup", "-o", str(path), "--workspace", workspace.slug)
    empty = user_create(username="rita", password=None).memberships.get().workspace
    restored = _run("restore", str(path), "--workspace", empty.slug)
    for text in (backed_up, restored):
        assert "people" in text and "interactions" in text and "pitches" in text
        _assert_reads_well(text)


def test_a_count_of_one_is_singular():
    Pitch = apps.get_model("stories.Pitch")
    Person = apps.get_model("people.Person")
    assert counts_text([(Person, 1), (Pitch, 0)]) == "1 person"
    assert counts_text([(Person, 2), (Pitch, 1_200)]) == "2 people, 1,200 pitches"
