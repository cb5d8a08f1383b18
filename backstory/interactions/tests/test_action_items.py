from backstory.interactions.models import ActionItem
from backstory.testing import make_action, make_person
from backstory.workspaces.models import Activity


def test_marking_done_in_place_returns_the_updated_row(owner_client, workspace):
    item = make_action(workspace, "Send the Q3 report")
    response = owner_client.post(f"/actions/{item.pk}/toggle/", {"done": "1"},
                                 HTTP_HX_REQUEST="true")
    item.refresh_from_db()
    assert item.is_done
    assert response.status_code == 200
    assert 'class="action done' in response.text and "<html" not in response.text
    assert "Undo" in response.text


def test_reopening_an_item(owner_client, workspace):
    item = make_action(workspace, "Send the Q3 report")
    owner_client.post(f"/actions/{item.pk}/toggle/", {"done": "1"}, HTTP_HX_REQUEST="true")
    owner_client.post(f"/actions/{item.pk}/toggle/", {"done": "0"}, HTTP_HX_REQUEST="true")
    item.refresh_from_db()
    assert not item.is_done
    assert list(Activity.objects.filter(object_id=item.pk, object_type="actionitem")
                .order_by("id").values_list("action", flat=True)) == [
        "action.created", "action.done", "action.reopened"]


def test_without_htmx_marking_done_redirects_back(owner_client, workspace):
    item = make_action(workspace, "Call Sam")
    response = owner_client.post(f"/actions/{item.pk}/toggle/", {"done": "1", "next": "/"})
    assert response.status_code == 302 and response.url == "/"


def test_an_outside_next_url_is_ignored(owner_client, workspace):
    item = make_action(workspace, "Call Sam")
    response = owner_client.post(f"/actions/{item.pk}/toggle/",
                                 {"done": "1", "next": "https://evil.example/"})
    assert response.url == "/actions/"


def test_adding_an_action_item_for_a_person(owner_client, workspace):
    dana = make_person(workspace, "Dana")
    response = owner_client.post("/actions/new/", {"text": "Intro Dana to Sam",
                                                   "due_on": "2026-12-01", "person": dana.pk})
    assert response.url == f"/people/{dana.pk}/"
    assert ActionItem.objects.get().person == dana


def test_an_empty_action_item_is_refused_beside_the_field(owner_client):
    response = owner_client.post("/actions/new/", {"text": "   "})
    assert response.status_code == 200
    assert "This field is required." in response.text or "What needs doing?" in response.text
    assert not ActionItem.objects.exists()


def test_open_and_done_lists(owner_client, workspace):
    make_action(workspace, "Open one")
    done = make_action(workspace, "Done one")
    owner_client.post(f"/actions/{done.pk}/toggle/", {"done": "1"})
    assert "Open one" in owner_client.get("/actions/").text
    assert "Done one" not in owner_client.get("/actions/").text
    assert "Done one" in owner_client.get("/actions/?state=done").text
