"""Saving a quick-log line: from the web (preview, then save) and from the terminal."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from backstory.core.errors import DomainError
from backstory.desk.services import quicklog_commit
from backstory.interactions.models import ActionItem, Interaction
from backstory.people.models import Person
from backstory.testing import make_interaction, make_person

LINE = ("coffee with Dana Reyes and Sam Ortiz yesterday: customer win at Acme #tip "
        "follow up in 5 weeks")


@pytest.fixture
def dana_and_sam(workspace):
    return make_person(workspace, "Dana Reyes"), make_person(workspace, "Sam Ortiz")


def test_a_line_saves_the_touch_tags_and_follow_ups(workspace, owner, dana_and_sam):
    dana, sam = dana_and_sam
    result = quicklog_commit(workspace, by=owner, line=LINE, now=timezone.now())
    interaction = result.interaction
    assert interaction.kind == "coffee"
    assert set(interaction.participants.all()) == {dana, sam}
    assert interaction.notes == "customer win at Acme"
    assert [t.name for t in interaction.tags.all()] == ["tip"]
    items = ActionItem.objects.filter(interaction=interaction).order_by("text")
    assert [i.text for i in items] == ["Follow up with Dana Reyes", "Follow up with Sam Ortiz"]
    assert items[0].due_on == timezone.localdate() + timedelta(weeks=5)
    dana.refresh_from_db()
    assert dana.last_touch_at == interaction.occurred_at


def test_an_ambiguous_name_is_asked_about_then_saved_with_the_choice(workspace, owner):
    reyes, scully = make_person(workspace, "Dana Reyes"), make_person(workspace, "Dana Scully")
    with pytest.raises(DomainError, match="'Dana' could be Dana Reyes or Dana Scully"):
        quicklog_commit(workspace, by=owner, line="coffee with Dana", now=timezone.now())
    assert not Interaction.objects.filter(workspace=workspace).exists()
    result = quicklog_commit(workspace, by=owner, line="coffee with Dana", now=timezone.now(),
                             choices={0: scully.pk})
    assert list(result.interaction.participants.all()) == [scully]
    assert reyes.pk != scully.pk


def test_an_unknown_name_is_created_only_when_asked(workspace, owner):
    with pytest.raises(DomainError, match="Nobody called 'Alex Kim' yet"):
        quicklog_commit(workspace, by=owner, line="lunch with Alex Kim", now=timezone.now())
    assert not Person.objects.filter(workspace=workspace, name="Alex Kim").exists()
    result = quicklog_commit(workspace, by=owner, line="lunch with Alex Kim",
                             now=timezone.now(), create={0})
    assert [p.name for p in result.created] == ["Alex Kim"]


def test_a_bad_line_writes_nothing_and_says_which_part(workspace, owner, dana_and_sam):
    with pytest.raises(DomainError, match="31 February does not exist") as caught:
        quicklog_commit(workspace, by=owner, line="coffee with Dana Reyes on 31 Feb",
                        now=timezone.now())
    assert "date" in caught.value.field_errors
    assert not Interaction.objects.filter(workspace=workspace).exists()


def test_a_choice_cannot_point_into_another_workspace(workspace, owner, personas):
    make_person(workspace, "Dana Reyes")
    make_person(workspace, "Dana Scully")
    stranger = make_person(personas.outsider_workspace, "Dana Other")
    with pytest.raises(DomainError, match="could be"):
        quicklog_commit(workspace, by=owner, line="coffee with Dana", now=timezone.now(),
                        choices={0: stranger.pk})


def test_the_preview_shows_matches_and_save_answers_with_the_confirmation(
    owner_client, workspace, dana_and_sam,
):
    headers = {"HX-Request": "true"}
    response = owner_client.post("/quicklog/", {"line": LINE}, headers=headers)
    assert response.status_code == 200
    assert "✓ Dana Reyes" in response.text and "✓ Sam Ortiz" in response.text
    assert "#tip" in response.text
    assert not Interaction.objects.filter(workspace=workspace).exists()
    response = owner_client.post("/quicklog/", {"line": LINE, "save": "1", "previewed": LINE},
                                 headers=headers)
    assert response.status_code == 200
    assert 'class="ql-saved"' in response.text
    assert "Logged: coffee with Dana Reyes and Sam Ortiz." in response.text
    assert Interaction.objects.filter(workspace=workspace).count() == 1


def test_enter_previews_and_never_saves(owner_client, workspace, dana_and_sam):
    """Enter in the line presses the form's first button: Preview, before the preview's
    Save (also without JavaScript)."""
    body = owner_client.get("/quicklog/").text
    form = body[body.index('<form class="quicklog-form"'):]
    first = form[form.index("<button"):]
    assert first.startswith('<button class="btn" type="submit" name="preview"')
    response = owner_client.post("/quicklog/", {"line": LINE, "preview": "1"},
                                 headers={"HX-Request": "true"})
    assert "✓ Dana Reyes" in response.text
    assert not Interaction.objects.filter(workspace=workspace).exists()


def test_a_save_pressed_before_the_preview_caught_up_saves_nothing(owner_client, workspace,
                                                                   dana_and_sam):
    response = owner_client.post("/quicklog/", {
        "line": "coffee with Dana Reyes", "previewed": "coffee with Dana", "save": "1",
    }, headers={"HX-Request": "true"})
    assert "The line changed since the preview" in response.text
    assert not Interaction.objects.filter(workspace=workspace).exists()


def test_a_failed_save_leaves_its_error_until_the_choice_is_made(owner_client, workspace):
    make_person(workspace, "Dana Reyes")
    scully = make_person(workspace, "Dana Scully")
    headers = {"HX-Request": "true"}
    line = "coffee with Dana"
    failed = owner_client.post("/quicklog/", {"line": line, "save": "1"}, headers=headers)
    assert "could be Dana Reyes or Dana Scully — choose one" in failed.text
    chosen = owner_client.post("/quicklog/", {"line": line, "signature": "Dana",
                                              "choice_0": str(scully.pk)}, headers=headers)
    assert "choose one" not in chosen.text
    assert f'<option value="{scully.pk}" selected>Dana Scully' in chosen.text
    assert "✓ “Dana” is" in chosen.text
    assert 'name="save" value="1" >' in chosen.text or 'name="save" value="1">' in chosen.text


def test_the_ambiguous_menu_tells_the_candidates_apart(owner_client, workspace):
    from backstory.people.services import organization_create

    acme = organization_create(workspace, by=None, name="Acme")
    kai = make_person(workspace, "Kai Lee", title="Head of PR", organization=acme)
    make_interaction(workspace, [kai], when=timezone.now() - timedelta(days=12))
    make_person(workspace, "Kai Brown", title="Reporter")
    make_person(workspace, "Kai Chen")
    body = owner_client.post("/quicklog/", {"line": "coffee with Kai"},
                             headers={"HX-Request": "true"}).text
    assert "Kai Lee — Head of PR, Acme · last touch 12 days ago</option>" in body
    assert "Kai Brown — Reporter · never contacted</option>" in body
    assert "Kai Chen · never contacted</option>" in body


def test_an_ambiguous_name_can_be_a_new_person_by_choice(workspace, owner):
    make_person(workspace, "Dana Reyes")
    make_person(workspace, "Dana Scully")
    result = quicklog_commit(workspace, by=owner, line="coffee with Dana", now=timezone.now(),
                             create={0})
    assert [p.name for p in result.created] == ["Dana"]


def test_lunch_is_called_the_same_in_the_preview_and_the_confirmation(owner_client, workspace,
                                                                       dana_and_sam):
    headers = {"HX-Request": "true"}
    preview = owner_client.post("/quicklog/", {"line": "lunch with Dana Reyes"},
                                headers=headers).text
    assert "Lunch or dinner" in preview and "Meal" not in preview
    saved = owner_client.post("/quicklog/", {"line": "lunch with Dana Reyes", "save": "1"},
                              headers=headers).text
    assert "Logged: lunch or dinner with Dana Reyes." in saved
    out = StringIO()
    call_command("log", "lunch with Sam Ortiz", "--yes", "--workspace", workspace.slug,
                 stdout=out)
    assert "Lunch or dinner" in out.getvalue() and "meal" not in out.getvalue().lower()


def test_the_same_line_twice_is_called_a_repeat_and_saved_again_only_when_asked(
    workspace, owner, dana_and_sam,
):
    from backstory.stories.models import Tip

    now = timezone.now()
    quicklog_commit(workspace, by=owner, line=LINE, now=now)
    with pytest.raises(DomainError, match="This looks like a repeat") as caught:
        quicklog_commit(workspace, by=owner, line=LINE, now=now + timedelta(minutes=5))
    assert "repeat" in caught.value.field_errors
    assert Interaction.objects.filter(workspace=workspace).count() == 1
    assert Tip.objects.filter(workspace=workspace).count() == 1
    quicklog_commit(workspace, by=owner, line=LINE, now=now, allow_repeat=True)
    assert Interaction.objects.filter(workspace=workspace).count() == 2


@pytest.mark.parametrize("other", [
    "call with Dana Reyes and Sam Ortiz yesterday: customer win at Acme",  # another kind
    "coffee with Dana Reyes yesterday: customer win at Acme",  # other people
    "coffee with Dana Reyes and Sam Ortiz today: customer win at Acme",  # another day
    "coffee with Dana Reyes and Sam Ortiz yesterday: customer loss at Acme",  # other notes
])
def test_a_touch_that_differs_in_people_kind_day_or_notes_is_no_repeat(
    workspace, owner, dana_and_sam, other,
):
    now = timezone.now().replace(hour=12)
    quicklog_commit(workspace, by=owner, now=now,
                    line="coffee with Dana Reyes and Sam Ortiz yesterday: customer win at Acme")
    quicklog_commit(workspace, by=owner, line=other, now=now)
    assert Interaction.objects.filter(workspace=workspace).count() == 2


def test_a_tip_heard_again_the_same_day_is_a_repeat_even_as_another_kind(
    workspace, owner, dana_and_sam,
):
    now = timezone.now()
    quicklog_commit(workspace, by=owner, now=now,
                    line="coffee with Dana Reyes: Acme is hiring #tip")
    with pytest.raises(DomainError, match="the tip “Acme is hiring” from Dana Reyes is already"):
        quicklog_commit(workspace, by=owner, now=now, line="call Dana Reyes: Acme is hiring #tip")


def test_the_preview_warns_of_a_repeat_and_offers_the_choice(owner_client, workspace, owner,
                                                            dana_and_sam):
    quicklog_commit(workspace, by=owner, line=LINE, now=timezone.now())
    headers = {"HX-Request": "true"}
    body = owner_client.post("/quicklog/", {"line": LINE}, headers=headers).text
    assert "This looks like a repeat: coffee with Dana Reyes and Sam Ortiz on" in body
    assert 'value="repeat">Save anyway</button>' in body and "Don't save" in body
    assert 'name="save" value="1"' not in body
    refused = owner_client.post("/quicklog/", {"line": LINE, "save": "1"}, headers=headers)
    assert "ql-saved" not in refused.text and "Save anyway" in refused.text
    assert Interaction.objects.filter(workspace=workspace).count() == 1
    saved = owner_client.post("/quicklog/", {"line": LINE, "save": "repeat"}, headers=headers)
    assert "ql-saved" in saved.text
    assert Interaction.objects.filter(workspace=workspace).count() == 2
    # Without JavaScript, "Don't save" goes back and says so.
    response = owner_client.post("/quicklog/", {"line": LINE, "discard": "1", "next": "/"})
    assert response.status_code == 302
    assert Interaction.objects.filter(workspace=workspace).count() == 2


def test_the_log_command_asks_about_a_repeat(workspace, owner, dana_and_sam, monkeypatch):
    quicklog_commit(workspace, by=owner, line=LINE, now=timezone.now())
    with pytest.raises(CommandError, match="looks like a repeat .use --again"):
        call_command("log", LINE, "--yes", stdout=StringIO(), workspace=workspace.slug)
    answers = iter(["", "y"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    out = StringIO()
    with pytest.raises(CommandError, match="Not saved"):
        call_command("log", LINE, stdout=out, workspace=workspace.slug)
    assert "This looks like a repeat" in out.getvalue()
    call_command("log", LINE, stdout=StringIO(), workspace=workspace.slug)
    call_command("log", LINE, "--yes", "--again", stdout=StringIO(), workspace=workspace.slug)
    assert Interaction.objects.filter(workspace=workspace).count() == 3


def test_a_name_too_long_for_a_person_is_refused_naming_the_field(owner_client, workspace,
                                                                  owner):
    name = "Zed " + "x" * 326
    line = f"coffee with {name}"
    with pytest.raises(DomainError, match="The name of the new person .* is 330 characters "
                       "long; a name has 200 at most") as caught:
        quicklog_commit(workspace, by=owner, line=line, now=timezone.now(), create={0})
    assert "people" in caught.value.field_errors
    body = owner_client.post("/quicklog/", {"line": line, "create_0": "1"},
                             headers={"HX-Request": "true"}).text
    assert "is 330 characters long; a name has 200 at most" in body
    assert not Person.objects.filter(workspace=workspace, name=name).exists()


def test_a_place_or_tag_too_long_is_refused_naming_the_field(workspace, owner, dana_and_sam):
    with pytest.raises(DomainError, match="The place .* is 250 characters long"):
        quicklog_commit(workspace, by=owner, now=timezone.now(),
                        line="coffee with Dana Reyes at " + "B" * 250)
    with pytest.raises(DomainError, match="The tag .* is 70 characters long"):
        quicklog_commit(workspace, by=owner, now=timezone.now(),
                        line="coffee with Dana Reyes #" + "t" * 70)
    assert not Interaction.objects.filter(workspace=workspace).exists()


def test_the_preview_asks_about_ambiguous_names_and_offers_new_people(owner_client, workspace):
    make_person(workspace, "Dana Reyes")
    make_person(workspace, "Dana Scully")
    response = owner_client.post("/quicklog/", {"line": "coffee with Dana and Alex Kim"},
                                 headers={"HX-Request": "true"})
    assert "“Dana” is" in response.text and "Dana Scully" in response.text
    assert "Add <strong>Alex Kim</strong> as a new person" in response.text


def test_the_quicklog_page_works_without_javascript(owner_client, workspace, dana_and_sam):
    assert owner_client.get("/quicklog/").status_code == 200
    response = owner_client.post("/quicklog/", {"line": "call Sam Ortiz yesterday",
                                                "save": "1", "next": "/people/"})
    assert response.status_code == 302 and response["Location"] == "/people/"


def test_every_page_has_the_quicklog_dialog_and_shortcut(owner_client, workspace):
    person = make_person(workspace, "Dana Reyes")
    for url in ["/", "/people/", f"/people/{person.pk}/", "/actions/", "/settings/"]:
        body = owner_client.get(url).text
        assert 'id="quicklog"' in body and 'data-shortcut="n"' in body, url


def test_the_log_command_saves_with_yes(workspace, dana_and_sam):
    out = StringIO()
    call_command("log", LINE, "--yes", "--workspace", workspace.slug, stdout=out)
    assert "Logged: coffee with Dana Reyes and Sam Ortiz." in out.getvalue()
    assert "Action item: Follow up with Dana Reyes" in out.getvalue()


def test_the_log_command_creates_unknown_people_with_yes(workspace):
    out = StringIO()
    call_command("log", "lunch", "with", "Alex", "Kim", "--yes",
                 "--workspace", workspace.slug, stdout=out)
    assert "New: Alex Kim." in out.getvalue()


def test_the_log_command_names_the_bad_part(workspace, dana_and_sam):
    with pytest.raises(CommandError, match="31 February does not exist"):
        call_command("log", "coffee with Dana Reyes on 31 Feb", "--yes", stdout=StringIO(),
                     workspace=workspace.slug)


def test_the_log_command_refuses_to_guess_an_ambiguous_name(workspace):
    make_person(workspace, "Dana Reyes")
    make_person(workspace, "Dana Scully")
    with pytest.raises(CommandError, match="could be several people"):
        call_command("log", "coffee with Dana", "--yes", stdout=StringIO(),
                     workspace=workspace.slug)


def test_the_log_command_asks_before_saving(workspace, dana_and_sam, monkeypatch):
    answers = iter(["n"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="Not saved"):
        call_command("log", "coffee with Dana Reyes", stdout=StringIO(),
                     workspace=workspace.slug)
    assert not Interaction.objects.filter(workspace=workspace).exists()


@time_machine.travel("2026-11-12 09:30 +0000", tick=False)
def test_logging_two_people_takes_them_off_todays_due_list(owner_client, workspace,
                                                          dana_and_sam):
    dana, sam = dana_and_sam
    make_interaction(workspace, [dana, sam], when=timezone.now() - timedelta(days=400))
    Person.objects.filter(pk__in=[dana.pk, sam.pk]).update(circle="internal")
    body = owner_client.get("/").text
    assert f'id="reach-{dana.pk}"' in body and f'id="reach-{sam.pk}"' in body
    owner_client.post("/quicklog/", {"line": LINE, "save": "1"},
                      headers={"HX-Request": "true"})
    body = owner_client.get("/").text
    assert f'id="reach-{dana.pk}"' not in body and f'id="reach-{sam.pk}"' not in body


def test_a_tip_line_puts_a_story_lead_from_both_people_on_the_tips_board(
    workspace, owner, dana_and_sam,
):
    from backstory.stories.models import Tip

    result = quicklog_commit(workspace, by=owner, line=LINE, now=timezone.now())
    tip = Tip.objects.get(workspace=workspace)
    assert tip == result.tip and tip.title == "customer win at Acme"
    assert tip.status == "new" and tip.interaction == result.interaction
    assert set(tip.sources.all()) == set(dana_and_sam)
    assert "is on the Tips board" in result.summary()


def test_a_line_without_tip_makes_no_story_lead(workspace, owner, dana_and_sam):
    from backstory.stories.models import Tip

    quicklog_commit(workspace, by=owner, line="coffee with Dana: catching up", now=timezone.now())
    assert not Tip.objects.exists()


def test_an_intro_line_starts_a_double_opt_in_introduction(workspace, owner, dana_and_sam):
    from backstory.intros.models import Introduction

    result = quicklog_commit(workspace, by=owner, now=timezone.now(),
                             line="intro Dana to Sam: she is hiring a designer")
    intro = Introduction.objects.get(workspace=workspace)
    assert intro == result.introduction and result.interaction is None
    assert {intro.person_a, intro.person_b} == set(dana_and_sam)
    assert intro.reason == "she is hiring a designer"
    assert not Interaction.objects.exists()
    assert result.summary().startswith("Introduction started: Dana Reyes and Sam Ortiz.")


def test_an_intro_of_someone_to_themselves_is_refused(workspace, owner, dana_and_sam):
    from backstory.intros.models import Introduction

    with pytest.raises(DomainError, match="two different people"):
        quicklog_commit(workspace, by=owner, now=timezone.now(),
                        line="intro Dana Reyes to Dana Reyes")
    assert not Introduction.objects.exists()


def test_the_preview_says_a_tip_and_an_intro_will_be_made(owner_client, workspace, dana_and_sam):
    body = owner_client.post("/quicklog/", {"line": LINE}, HTTP_HX_REQUEST="true").text
    assert "Story lead" in body and "Tips board" in body
    body = owner_client.post("/quicklog/", {"line": "intro Dana to Sam: hiring"},
                             HTTP_HX_REQUEST="true").text
    assert "Introduce" in body and "double opt-in" in body


def test_the_log_command_tells_the_candidates_apart_when_it_asks(workspace, monkeypatch):
    from backstory.people.services import organization_create

    acme = organization_create(workspace, by=None, name="Acme")
    make_person(workspace, "Dana Reyes", title="Head of PR", organization=acme)
    scully = make_person(workspace, "Dana Scully", title="Reporter")
    prompts = []
    answers = iter(["2", "y"])
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or next(answers))
    call_command("log", "coffee with Dana", stdout=StringIO(), workspace=workspace.slug)
    assert "1) Dana Reyes (Head of PR, Acme), 2) Dana Scully (Reporter)" in prompts[0]
    assert list(Interaction.objects.get(workspace=workspace).participants.all()) == [scully]
