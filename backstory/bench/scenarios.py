"""The pages the harness times: one entry per page a user opens, with the URL it opens in a
synthetic workspace. A page that lands gets a line here (and a query-count guard in its
app's tests)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .synthetic import Built


@dataclass(frozen=True)
class Scenario:
    name: str
    path: Callable[[Built], str]


def _s(name: str, path: str | Callable[[Built], str]) -> Scenario:
    return Scenario(name, path if callable(path) else (lambda built, p=path: p))


SCENARIOS: list[Scenario] = [
    _s("Today", "/"),
    _s("People", "/people/"),
    _s("People · circle and team", lambda b: f"/people/?circle=internal&team={b.ids['team']}"),
    _s("People · by last touch", "/people/?sort=-last_touch"),
    _s("People · overdue", "/people/?state=overdue"),
    _s("People · tag", lambda b: f"/people/?tag={b.words['tag']}"),
    _s("People · name search", lambda b: f"/people/?q={b.words['name']}"),
    _s("People · led by me", "/people/?owner=me"),
    _s("Person · 200 touches", lambda b: f"/people/{b.ids['hub']}/"),
    _s("Person", lambda b: f"/people/{b.ids['person']}/"),
    _s("Search · name", lambda b: f"/search/?q={b.words['name']}"),
    _s("Search · prefix", lambda b: f"/search/?q={b.words['first']}"),
    _s("Search · notes", lambda b: f"/search/?q={b.words['note_word']}"),
    _s("Suggest names", lambda b: f"/people/suggest/?q={b.words['first']}"),
    _s("Organisations", "/orgs/"),
    _s("Own organisation", lambda b: f"/orgs/{b.ids['own_org']}/"),
    _s("Organisation", lambda b: f"/orgs/{b.ids['org']}/"),
    _s("Team", lambda b: f"/teams/{b.ids['team']}/"),
    _s("Interactions", "/interactions/"),
    _s("Interaction", lambda b: f"/interactions/{b.ids['interaction']}/"),
    _s("Action items", "/actions/"),
    _s("Tips board", "/tips/"),
    _s("Tip", lambda b: f"/tips/{b.ids['tip']}/"),
    _s("Sources", "/sources/"),
    _s("Introductions", "/intros/"),
    _s("Introduction", lambda b: f"/intros/{b.ids['intro']}/"),
    _s("Introduction chains", "/intros/chain/"),
    _s("Opportunities", "/opportunities/"),
    _s("Opportunity matches", lambda b: f"/opportunities/{b.ids['opportunity']}/"),
    _s("Duplicates", "/people/duplicates/"),
    _s("Settings", "/settings/"),
    _s("Follow-up settings", "/settings/follow-ups/"),
    _s("Import and export", "/transfer/"),
    # Team workspaces: who knows whom (the person, organisation and search pages above
    # show the warm paths too), and where the team is warm.
    _s("Team coverage", "/team/coverage/"),
    _s("Ask for an intro", lambda b: f"/people/{b.ids['person']}/ask-intro/"),
    _s("Webhooks", "/settings/webhooks/"),
    _s("Webhook · delivery log", lambda b: f"/settings/webhooks/{b.ids['webhook']}/"),
    # The API's main reads (backstory/api), with the same targets as the pages.
    _s("API · People", "/api/v1/people"),
    _s("API · Person", lambda b: f"/api/v1/people/{b.ids['person']}"),
    _s("API · Today", "/api/v1/today"),
    _s("Search · API", lambda b: f"/api/v1/search?q={b.words['name']}"),
]


# Timed again in a team workspace (``backstory bench --team-members``): the pages that read
# the signed-in member's own relationships, and those that show who on the team knows whom.
TEAM_SCENARIOS = ("Today", "People", "People · overdue", "Person · 200 touches", "Person",
                  "Own organisation", "Organisation", "Search · name", "Team coverage",
                  "Ask for an intro")
