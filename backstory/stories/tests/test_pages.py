"""The tips pages: capture, move on the board in place with an undo, pitch, cover, thank."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from backstory.interactions.models import ActionItem
from backstory.stories.models import Pitch, Tip
from backstory.testing import make_interaction

from .factories import colleague, journalist, sent_pitch, tip

HTMX_BOARD = {"HX-Request": "true", "HX-Target": "board"}


def test_the_interaction_page_offers_to_capture_a_tip_prefilled(owner_client, workspace, owner):
    dana = colleague(workspace)
    coffee = make_interaction(workspace, [dana], by=owner)
    page = owner_client.get(f"/interactions/{coffee.pk}/").content.decode()
    assert f"/tips/new/?interaction={coffee.pk}" in page
    form = owner_client.get(f"/tips/new/?interaction={coffee.pk}").content.decode()
    assert "Dana Reyes" in form and coffee.occurred_at.date().isoformat() in form


def test_capturing_a_tip_from_the_form(owner_client, workspace, owner):
    dana = colleague(workspace)
    coffee = make_interaction(workspace, [dana], by=owner)
    response = owner_client.post("/tips/new/", {
        "sources": [dana.pk], "title": "Acme doubled usage", "kind": "customer_story",
        "heard_on": timezone.localdate().isoformat(), "interaction": coffee.pk,
    })
    the_tip = Tip.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tips/{the_tip.pk}/"
    assert the_tip.interaction == coffee and list(the_tip.sources.all()) == [dana]
    assert "Acme doubled usage" in owner_client.get(f"/interactions/{coffee.pk}/").content.decode()


def test_a_tip_without_a_source_is_refused_with_the_reason(owner_client):
    response = owner_client.post("/tips/new/", {
        "title": "Acme", "kind": "customer_story",
        "heard_on": timezone.localdate().isoformat()})
    assert response.status_code == 200
    assert "Who gave you this tip? Add at least one source." in response.content.decode()
    assert not Tip.objects.exists()


def test_moving_a_card_on_the_board_returns_the_board_with_an_undo(owner_client, workspace,
                                                                     owner):
    the_tip = tip(workspace, by=owner, title="Acme onboarding")
    response = owner_client.post(f"/tips/{the_tip.pk}/move/", {"status": "researching"},
                                 headers=HTMX_BOARD)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "“Acme onboarding” moved to <strong>Researching</strong>" in body
    assert 'name="status" value="new"' in body  # the undo
    assert Tip.objects.get().status == "researching"
    owner_client.post(f"/tips/{the_tip.pk}/move/", {"status": "new"}, headers=HTMX_BOARD)
    assert Tip.objects.get().status == "new"


def test_a_refused_move_on_the_board_says_why(owner_client, workspace, owner):
    the_tip = tip(workspace, by=owner)
    body = owner_client.post(f"/tips/{the_tip.pk}/move/", {"status": "covered"},
                             headers=HTMX_BOARD).content.decode()
    assert "A tip becomes Covered when you record the coverage" in body
    assert Tip.objects.get().status == "new"


def test_a_move_without_htmx_redirects_to_the_tip(owner_client, workspace, owner):
    the_tip = tip(workspace, by=owner)
    response = owner_client.post(f"/tips/{the_tip.pk}/move/", {"status": "parked"})
    assert response.status_code == 302 and Tip.objects.get().status == "parked"


def test_a_viewer_sees_the_board_but_cannot_move_a_card(workspace, owner, personas):
    the_tip = tip(workspace, by=owner)
    viewer = Client()
    viewer.force_login(personas.viewer)
    assert viewer.get("/tips/").status_code == 200
    assert viewer.post(f"/tips/{the_tip.pk}/move/", {"status": "parked"}).status_code == 403
    assert Tip.objects.get().status == "new"


def test_the_board_filters_by_source_kind_and_early_warning(owner_client, workspace, owner):
    dana, marcus = colleague(workspace), colleague(workspace, "Marcus Chen")
    today = timezone.localdate()
    tip(workspace, by=owner, sources=[dana], title="Dana customer story")
    tip(workspace, by=owner, sources=[marcus], title="Marcus warning", kind="heads_up",
        heard_on=today, happens_on=today + timedelta(days=9))
    by_source = owner_client.get(f"/tips/?source={dana.pk}", headers=HTMX_BOARD)
    assert "Dana customer story" in by_source.content.decode()
    assert "Marcus warning" not in by_source.content.decode()
    early = owner_client.get("/tips/?early=1").content.decode()
    assert "Marcus warning" in early and "Dana customer story" not in early
    assert "Early warning" in early


def test_pitching_from_the_suggestions_and_recording_coverage(owner_client, workspace, owner):
    the_tip = tip(workspace, by=owner, title="Enterprise customer win")
    alex = journalist(workspace)
    page = owner_client.get(f"/tips/{the_tip.pk}/pitch/").content.decode()
    assert f"?journalist={alex.pk}" in page and "Alex Morgan" in page
    response = owner_client.post(f"/tips/{the_tip.pk}/pitch/?journalist={alex.pk}", {
        "journalist": alex.pk, "angle": "Your enterprise readers", "follow_up_days": 4,
        "sent": "on", "sent_on": timezone.localdate().isoformat()})
    pitch = Pitch.objects.get()
    assert response.status_code == 302 and pitch.status == "sent"
    bad = owner_client.post(f"/pitches/{pitch.pk}/coverage/", {
        "outlet": "TechDaily", "published_on": timezone.localdate().isoformat(),
        "url": "not a link"})
    assert "is not a web address" in bad.content.decode()
    owner_client.post(f"/pitches/{pitch.pk}/coverage/", {
        "outlet": "TechDaily", "published_on": timezone.localdate().isoformat(),
        "url": "https://techdaily.example/story"})
    assert Tip.objects.get().status == "covered"
    detail = owner_client.get(f"/tips/{the_tip.pk}/").content.decode()
    assert "thank your source" in detail and "Add thank-you for Dana Reyes" in detail


def test_the_pitch_form_needs_a_journalist(owner_client, workspace, owner):
    the_tip = tip(workspace, by=owner)
    response = owner_client.post(f"/tips/{the_tip.pk}/pitch/", {
        "angle": "Angle", "follow_up_days": 4})
    assert "Choose the journalist you are pitching." in response.content.decode()


def test_the_thank_you_button_adds_the_action_item(owner_client, workspace, owner):
    dana = colleague(workspace)
    the_tip = tip(workspace, by=owner, sources=[dana])
    pitch = sent_pitch(workspace, the_tip, journalist(workspace), by=owner)
    owner_client.post(f"/pitches/{pitch.pk}/coverage/", {
        "outlet": "TechDaily", "published_on": timezone.localdate().isoformat()})
    owner_client.post(f"/tips/{the_tip.pk}/thank/", {"person": dana.pk})
    item = ActionItem.objects.get(text__startswith="Thank")
    assert item.person == dana
    assert "✓ thanked" in owner_client.get(f"/tips/{the_tip.pk}/").content.decode()


def test_the_person_page_shows_the_tips_they_gave_and_their_credit(owner_client, workspace,
                                                                    owner):
    dana = colleague(workspace)
    tip(workspace, by=owner, sources=[dana], title="Acme onboarding")
    page = owner_client.get(f"/people/{dana.pk}/").content.decode()
    assert "Tips and stories" in page and "Acme onboarding" in page
    assert "tip given" in page
    assert "Gave a tip: “Acme onboarding”" in page  # the history reads as a sentence


def test_the_sources_page_updates_in_place(owner_client, workspace, owner):
    tip(workspace, by=owner)
    partial = owner_client.get("/sources/?sort=tips",
                               headers={"HX-Request": "true", "HX-Target": "source-results"})
    body = partial.content.decode()
    assert "<html" not in body and "Dana Reyes" in body and "1 tip" in body
