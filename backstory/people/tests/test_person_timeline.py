"""A person's timeline comes in pages: newest first, touches and action items together,
and the pages neither repeat nor skip an entry, even at the same moment."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from backstory.interactions.models import ActionItem
from backstory.interactions.selectors import person_timeline
from backstory.testing import make_action, make_interaction, make_person


def _walk(workspace, person, limit):
    seen, before = [], ""
    while True:
        page = person_timeline(workspace, person, limit=limit, before=before)
        seen += [(e.kind, e.obj.pk) for e in page.entries]
        if not page.older:
            return seen
        before = page.older


def test_pages_cover_the_whole_history_once_in_order(workspace, owner):
    dana = make_person(workspace, "Dana Reyes")
    moment = timezone.now() - timedelta(days=3)
    touches = [make_interaction(workspace, [dana], when=moment) for _ in range(4)]
    touches += [make_interaction(workspace, [dana], when=moment - timedelta(days=d))
                for d in range(1, 6)]
    items = [make_action(workspace, f"Item {i}", person=dana) for i in range(3)]
    ActionItem.objects.filter(pk__in=[i.pk for i in items]).update(created_at=moment)
    everything = _walk(workspace, dana, limit=100)
    assert len(everything) == 12
    for limit in (1, 2, 3, 5):
        assert _walk(workspace, dana, limit=limit) == everything
    # At the same moment, touches come first (newest id first), then action items.
    assert everything[:4] == [("interaction", t.pk) for t in reversed(touches[:4])]
    assert everything[4:7] == [("action", i.pk) for i in reversed(items)]


def test_the_person_page_shows_the_first_page_and_a_way_to_older_ones(owner_client,
                                                                       workspace):
    dana = make_person(workspace, "Dana Reyes")
    for day in range(25):
        make_interaction(workspace, [dana], when=timezone.now() - timedelta(days=day + 1),
                         summary=f"Chat {day}")
    page = owner_client.get(f"/people/{dana.pk}/").text
    assert "Chat 19" in page and "Chat 20" not in page and "Show older" in page
    older = person_timeline(workspace, dana).older
    rest = owner_client.get(f"/people/{dana.pk}/timeline/", {"before": older},
                            HTTP_HX_REQUEST="true").text
    assert "Chat 20" in rest and "Chat 24" in rest and "Chat 19" not in rest
    assert "Show older" not in rest
    # Without JavaScript, the link opens the person page from that point.
    assert "Chat 24" in owner_client.get(f"/people/{dana.pk}/", {"before": older}).text
    # A cursor that does not parse shows the first page.
    assert "Chat 0" in owner_client.get(f"/people/{dana.pk}/?before=nonsense").text
