"""Private notes through the API: the author reads them, a teammate never does — not in
an interaction, a list, a search or an export — and a teammate's change keeps them."""

from __future__ import annotations

from django.utils import timezone

from backstory.interactions.models import Interaction
from backstory.testing import make_person

SECRET = "Dana is leaving in March zebracorn"


def _private_touch(api, personas):
    dana = make_person(personas.workspace, "Dana Reyes")
    response = api("owner").post("/api/v1/interactions", {
        "kind": "coffee", "occurred_at": timezone.now().isoformat(), "people": [dana.pk],
        "summary": "Coffee with Dana", "notes": SECRET, "notes_private": True})
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_the_author_reads_their_private_notes_and_a_teammate_never_does(api, personas):
    touch = _private_touch(api, personas)
    assert api("owner").get(f"/api/v1/interactions/{touch}").json()["notes"] == SECRET
    teammate = api("editor")
    one = teammate.get(f"/api/v1/interactions/{touch}")
    assert one.status_code == 200 and one.json()["notes"] == ""
    assert one.json()["summary"] == "Coffee with Dana"  # the touch itself stays shared
    assert "zebracorn" not in teammate.get("/api/v1/interactions").content.decode()
    assert teammate.get("/api/v1/search", {"q": "zebracorn"}).json()["interactions"] == []
    assert "zebracorn" not in teammate.get("/api/v1/search", {"q": "Dana"}).content.decode()
    found = api("owner").get("/api/v1/search", {"q": "zebracorn"}).json()["interactions"]
    assert [i["id"] for i in found] == [touch]  # the author finds their own
    for kind in ("xlsx", "csv", "ics"):
        answer = teammate.get(f"/api/v1/exports/{kind}")
        if answer.status_code == 200:
            body = b"".join(answer.streaming_content) if answer.streaming else answer.content
            assert b"zebracorn" not in body


def test_a_teammate_s_change_keeps_the_author_s_private_notes(api, personas):
    touch = _private_touch(api, personas)
    teammate = api("editor")
    read = teammate.get(f"/api/v1/interactions/{touch}")
    changed = teammate.patch(f"/api/v1/interactions/{touch}", {"place": "Café Kranzler"},
                             headers={"If-Match": read.headers["ETag"]})
    assert changed.status_code == 200, changed.content
    stored = Interaction.objects.get(pk=touch)
    assert stored.notes == SECRET and stored.notes_private and stored.place == "Café Kranzler"
