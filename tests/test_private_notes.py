"""A private note is its author's alone — on every URL, in search, in every export and in
a member's own backup; only the workspace owner's full backup carries it.

Like the isolation walk, the test walks every named URL pattern (discovered, so that a
new URL is covered without anyone adding it), here as the author's teammates: the owner
and a viewer, with the URLs pointing at the records of the shared workspace and the
interaction id at the private one. Each page is asked plainly, with a search for the
note's words and for the touch's shared summary, and as htmx would ask for a live
result. The note's words must appear nowhere; as the author, they appear where expected.
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from backstory.interactions.models import Interaction
from backstory.people.models import Person
from backstory.testing import make_interaction

from .formwalk import all_records, forms_posting_to, named_urls, submitted_values

MARKER = "Kumquat zeppelin 4711 codeword"
SUMMARY = "Lunch about the reorganisation"
SEARCHES = ("kumquat", "zeppelin 4711", '"kumquat zeppelin"', "codeword", "reorganisation")
EXPORTS = ("xlsx", "csv", "vcard", "ics")


def _body(response) -> str:
    raw = (b"".join(response.streaming_content) if response.streaming else response.content)
    if raw[:2] == b"PK":  # a zip (CSV files) or a workbook: read every member
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            raw = b"".join(archive.read(name) for name in archive.namelist())
    return raw.decode(errors="replace")


# What only the note says: no search above holds it, so that a page echoing the words
# the reader typed is no false alarm; marks and tags are taken out first, so that a
# highlighted snippet is found too.
NOTE_ONLY = ("zeppelin 4711 codeword", "she is leaving")


def _seen(text: str) -> bool:
    folded = " ".join(re.sub(r"<[^>]*>|\*", " ", text).lower().split())
    return any(words in folded for words in NOTE_ONLY)


@pytest.fixture
def private(personas):
    """The shared records, and a touch whose notes the teammate keeps private."""
    records = all_records(personas)
    ws = personas.workspace
    dana = Person.objects.get(workspace=ws, pk=records["person_id"])
    interaction = make_interaction(
        ws, [dana], by=personas.teammate, kind="coffee", summary=SUMMARY, place="Café Rouge",
        when=timezone.now().replace(second=0, microsecond=0) - timedelta(hours=2),
        notes=f"**{MARKER}**: she is leaving.",
        notes_private=True)
    records["interaction_id"] = interaction.pk
    return records, interaction


def _urls(records):
    for name, args in named_urls():
        missing = [a for a in args if a not in records]
        assert not missing, (f"URL '{name}' takes {missing}: add the record it points at to "
                             "all_records in tests/formwalk.py so that this walk covers it.")
        yield name, reverse(name, kwargs={a: records[a] for a in args})


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["owner", "viewer"])
def test_a_private_note_appears_to_nobody_else_on_any_url(client, personas, private, reader):
    records, interaction = private
    client.force_login(getattr(personas, reader))
    walked = 0
    for name, url in _urls(records):
        if name == "workspaces:signout":
            continue
        asks = [({}, {})] + [({"q": q}, {}) for q in SEARCHES] + [
            ({"q": q}, {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "search-live"})
            for q in SEARCHES]
        for params, headers in asks:
            response = client.get(url, params, **headers)
            assert response.status_code < 500, f"GET {url} {params} failed"
            assert not _seen(_body(response)), f"GET {url} {params} {headers} shows the note"
            walked += 1
    assert walked > 100
    for kind in EXPORTS:
        response = client.get(reverse("transfer:export", kwargs={"kind": kind}))
        assert response.status_code == 200
        assert not _seen(_body(response)), f"the {kind} export holds the note"
    # The touch itself is shared: the teammates see it, with its summary.
    page = client.get(reverse("interactions:detail", kwargs={"interaction_id": interaction.pk}))
    assert SUMMARY in page.content.decode() and "private" in page.content.decode()
    found = client.get(reverse("search:search"), {"q": "reorganisation"}).content.decode()
    assert "reorganisation" in found.lower()


@pytest.mark.django_db
def test_the_author_reads_and_finds_their_private_note(client, personas, private):
    records, interaction = private
    client.force_login(personas.teammate)
    detail = reverse("interactions:detail", kwargs={"interaction_id": interaction.pk})
    assert "Kumquat zeppelin" in client.get(detail).content.decode()
    person = reverse("people:detail", kwargs={"person_id": records["person_id"]})
    assert "Kumquat zeppelin" in client.get(person).content.decode()
    for q in ("kumquat", '"zeppelin 4711"', "codew"):
        found = client.get(reverse("search:search"), {"q": q}).content.decode()
        assert "<mark>" in found and reverse("interactions:detail", kwargs={
            "interaction_id": interaction.pk}) in found, q
    assert not _seen(client.get(reverse("search:search"),
                                {"q": "kumquat -codeword"}).content.decode())
    for kind in ("xlsx", "csv", "ics"):
        assert _seen(_body(client.get(reverse("transfer:export", kwargs={"kind": kind}))))


@pytest.mark.django_db
def test_a_teammates_edit_neither_shows_nor_changes_the_private_note(client, personas,
                                                                      private):
    _records, interaction = private
    stored = Interaction.objects.values("notes", "notes_private").get(pk=interaction.pk)
    client.force_login(personas.owner)
    url = reverse("interactions:edit", kwargs={"interaction_id": interaction.pk})
    page = client.get(url).content.decode()
    assert not _seen(page)
    (form,) = forms_posting_to(page, url)
    values = [(k, "Lunch, moved" if k == "summary" else v) for k, v in submitted_values(form)]
    response = client.post(url, dict(_grouped(values)))
    assert response.status_code == 302, response.content.decode()[:2000]
    after = Interaction.objects.get(pk=interaction.pk)
    assert after.summary == "Lunch, moved"
    assert {"notes": after.notes, "notes_private": after.notes_private} == stored
    # A sneaky field sent by hand changes nothing either.
    client.post(url, {**dict(_grouped(values)), "notes": "", "notes_private": ""})
    assert Interaction.objects.values("notes", "notes_private").get(pk=interaction.pk) == stored


@pytest.mark.django_db
def test_the_author_and_a_teammate_editing_at_once_lose_nothing(personas, private):
    from django.test import Client

    _records, interaction = private
    url = reverse("interactions:edit", kwargs={"interaction_id": interaction.pk})
    author, teammate = Client(), Client()
    author.force_login(personas.teammate)
    teammate.force_login(personas.owner)
    (mine,) = forms_posting_to(author.get(url).text, url)
    (theirs,) = forms_posting_to(teammate.get(url).text, url)
    new_notes = f"{MARKER}: she is leaving in June."
    mine_values = [(k, new_notes if k == "notes" else v) for k, v in submitted_values(mine)]
    assert author.post(url, dict(_grouped(mine_values))).status_code == 302
    # The teammate's form was opened before: a change they cannot see is not theirs to
    # be told about, and their save keeps it.
    their_values = [(k, "Lunch, moved" if k == "summary" else v)
                    for k, v in submitted_values(theirs)]
    response = teammate.post(url, dict(_grouped(their_values)))
    assert response.status_code == 302 and not _seen(response.content.decode())
    after = Interaction.objects.get(pk=interaction.pk)
    assert (after.notes, after.summary, after.notes_private) == (new_notes, "Lunch, moved",
                                                                  True)
    # The other way round, a change the teammate made is named to the author.
    response = author.post(url, dict(_grouped(mine_values)))
    assert response.status_code == 200 and "Someone else saved" in response.text


def _grouped(pairs):
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped.items()


@pytest.mark.django_db
def test_the_author_can_make_notes_private_and_shared_again(client, personas, private):
    _records, interaction = private
    client.force_login(personas.teammate)
    url = reverse("interactions:edit", kwargs={"interaction_id": interaction.pk})
    page = client.get(url).content.decode()
    assert _seen(page) and 'name="notes_private"' in page
    (form,) = forms_posting_to(page, url)
    values = [(k, v) for k, v in submitted_values(form) if k != "notes_private"]
    assert client.post(url, dict(_grouped(values))).status_code == 302
    assert not Interaction.objects.get(pk=interaction.pk).notes_private
    client.force_login(personas.owner)
    detail = reverse("interactions:detail", kwargs={"interaction_id": interaction.pk})
    assert _seen(client.get(detail).content.decode())


@pytest.mark.django_db
def test_quick_log_never_tells_a_teammate_what_a_private_note_says(client, personas, private):
    _records, interaction = private
    now = timezone.now().replace(second=0, microsecond=0)
    Interaction.objects.filter(pk=interaction.pk).update(occurred_at=now, notes=MARKER)
    interaction.participations.update(occurred_at=now)
    line = f"coffee with Dana Reyes today: {MARKER}"
    headers = {"HX-Request": "true"}
    client.force_login(personas.owner)
    preview = client.post(reverse("desk:quicklog"), {"line": line}, headers=headers).text
    assert "Dana Reyes" in preview and "looks like a repeat" not in preview
    client.force_login(personas.teammate)
    preview = client.post(reverse("desk:quicklog"), {"line": line}, headers=headers).text
    assert "looks like a repeat" in preview


def _backup_text(personas, viewer) -> str:
    from backstory.transfer.services.backup import backup_write

    out = io.BytesIO()
    backup_write(personas.workspace, out, viewer=viewer)
    return gzip.decompress(out.getvalue()).decode()


@pytest.mark.django_db
def test_a_members_own_backup_leaves_the_private_note_out(personas, private):
    assert not _seen(_backup_text(personas, personas.viewer))
    assert not _seen(_backup_text(personas, personas.owner))  # as a member, not the full one
    assert _seen(_backup_text(personas, personas.teammate))  # the author's own backup


@pytest.mark.django_db
def test_the_owners_full_backup_keeps_the_private_note_and_restore_keeps_it_private(
        client, personas, private):
    from backstory.transfer.services.backup import backup_restore
    from backstory.workspaces.services import workspace_create

    client.force_login(personas.teammate)
    assert client.get(reverse("transfer:backup")).status_code == 403
    client.force_login(personas.owner)
    response = client.get(reverse("transfer:backup"))
    data = b"".join(response.streaming_content)
    assert _seen(gzip.decompress(data).decode())
    fresh = workspace_create(name="Restored", owner=personas.owner)
    backup_restore(fresh, by=personas.owner, data=data)
    restored = Interaction.objects.get(workspace=fresh, summary=SUMMARY)
    assert restored.notes_private and restored.created_by == personas.teammate
    assert MARKER in restored.notes


@pytest.mark.django_db
def test_the_terminal_backs_up_and_exports_as_a_member(personas, private, tmp_path):
    from django.core.management import call_command

    slug = personas.workspace.slug

    def run(*args) -> str:
        call_command(*args, "--workspace", slug, stdout=io.StringIO())
        return args[args.index("-o") + 1]

    def backup(path) -> str:
        with open(path, "rb") as handle:
            return gzip.decompress(handle.read()).decode()

    assert _seen(backup(run("backup", "-o", str(tmp_path / "full.backup"))))
    assert not _seen(backup(run("backup", "-o", str(tmp_path / "vera.backup"), "--as", "vera")))
    assert _seen(backup(run("backup", "-o", str(tmp_path / "olivia.backup"), "--as", "olivia")))
    ics = tmp_path / "touches.ics"
    run("export", "ics", "-o", str(ics))
    assert not _seen(ics.read_text())
    run("export", "ics", "-o", str(ics), "--as", "tom")
    assert _seen(ics.read_text())
