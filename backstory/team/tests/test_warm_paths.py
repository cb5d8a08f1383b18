"""Who on my team knows her? The person, organisation and search pages show the teammates
who know a person (or someone at an organisation), how well in words, best first; a
workspace of one shows nothing of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from backstory.people.services import organization_create
from backstory.testing import make_interaction, make_person


def _named(user, first: str, last: str):
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    return user


@pytest.fixture
def maria(personas):
    """Maria, a journalist: Tom had three coffees with her this week; Olivia wrote to
    her once, half a year ago; Vera (a viewer) never met her."""
    ws = personas.workspace
    _named(personas.teammate, "Tom", "Baker")
    _named(personas.owner, "Olivia", "Owens")
    planet = organization_create(ws, by=personas.owner, name="Daily Planet", kind="media")
    maria = make_person(ws, "Maria Lopez", by=personas.owner, circle="media",
                        organization=planet, outlet="Daily Planet", beat="Fintech")
    now = timezone.now()
    for days in (1, 2, 3):
        make_interaction(ws, [maria], by=personas.teammate, kind="coffee",
                         when=now - timedelta(days=days))
    make_interaction(ws, [maria], by=personas.owner, kind="email",
                     when=now - timedelta(days=200))
    return maria


def _section(html: str, heading: str) -> str:
    start = html.index(heading)
    return html[start:html.index("</section>", start)]


def test_the_person_page_shows_who_on_the_team_knows_her_best_first_in_words(
        client, personas, maria):
    client.force_login(personas.owner)
    page = client.get(f"/people/{maria.pk}/").content.decode()
    panel = _section(page, "Who on the team knows Maria Lopez")
    last = (timezone.now() - timedelta(days=1)).astimezone(timezone.get_current_timezone())
    assert f"Tom Baker</strong>\n      <span class=\"muted\">— Strong — 3 touches, last on " \
           f"{last.day} {last:%b}" in panel
    # The viewer is "You", after Tom (weaker); Vera, who never met her, is not there.
    assert "You</strong>" in panel and "1 touch, last on" in panel
    assert panel.index("Tom Baker") < panel.index("You</strong>")
    assert "Vera" not in panel and "vera" not in panel
    # Tom can be asked for an introduction; "you" cannot.
    assert 'name="asked"' in panel
    assert f'value="{personas.teammate.pk}"' in panel
    assert f'value="{personas.owner.pk}"' not in panel


def test_a_teammate_sees_the_others_and_themself_as_you(client, personas, maria):
    client.force_login(personas.teammate)
    panel = _section(client.get(f"/people/{maria.pk}/").content.decode(),
                     "Who on the team knows Maria Lopez")
    assert "You</strong>" in panel and "Olivia Owens</strong>" in panel
    assert panel.index("You</strong>") < panel.index("Olivia Owens")


def test_a_viewer_sees_the_warm_paths_but_cannot_ask_for_an_introduction(
        client, personas, maria):
    client.force_login(personas.viewer)
    panel = _section(client.get(f"/people/{maria.pk}/").content.decode(),
                     "Who on the team knows Maria Lopez")
    assert "Tom Baker" in panel
    assert "Ask a teammate for an intro" not in panel


def test_nobody_on_the_team_knows_a_new_person_yet(client, personas, maria):
    newcomer = make_person(personas.workspace, "Nadia New", by=personas.owner)
    client.force_login(personas.owner)
    panel = _section(client.get(f"/people/{newcomer.pk}/").content.decode(),
                     "Who on the team knows Nadia New")
    assert "Nobody on the team has logged a touch with Nadia New yet." in panel
    assert "Ask a teammate for an intro" not in panel


def test_a_workspace_of_one_shows_no_warm_paths_anywhere(client, personas):
    ws = personas.outsider_workspace
    solo = make_person(ws, "Sol Solo", by=personas.outsider,
                       organization=organization_create(ws, by=personas.outsider,
                                                        name="Solo Inc"))
    make_interaction(ws, [solo], by=personas.outsider)
    client.force_login(personas.outsider)
    for url in (f"/people/{solo.pk}/", f"/orgs/{solo.organization_id}/", "/search/?q=Sol"):
        page = client.get(url).content.decode()
        assert "Solo" in page
        assert "Who on the team knows" not in page, url
        assert "Known on the team by" not in page, url
        assert "Ask a teammate" not in page


def test_the_organisation_page_shows_who_knows_someone_there(client, personas, maria):
    client.force_login(personas.owner)
    panel = _section(client.get(f"/orgs/{maria.organization_id}/").content.decode(),
                     "Who on the team knows someone here")
    assert "Tom Baker</strong>" in panel and "knows 1 person here" in panel
    assert f'href="/people/{maria.pk}/">Maria Lopez</a> · Strong — 3 touches' in panel
    assert panel.index("Tom Baker") < panel.index("You</strong>")


def test_search_results_say_who_on_the_team_knows_each_person(client, personas, maria):
    client.force_login(personas.owner)
    page = client.get("/search/", {"q": "Maria"}).content.decode()
    assert "Known on the team by Tom Baker (strong), you (cool)" in page
