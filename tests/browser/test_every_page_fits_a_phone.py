"""Every page of the demo workspace fits a 390 px phone (no sideways scrolling) and a
1366 px laptop, and none logs an error in the console.

The pages are found by walking the URL patterns (as the isolation walk does) and filling
their arguments with real records of a seeded demo workspace; only GET pages that answer
with a whole HTML page are opened.
"""

from __future__ import annotations

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from tests.browser.signin import sign_in
from tests.test_isolation import _patterns

WIDTHS = (390, 1366)
# Where a filter or a state changes what a page shows, open those variants too.
VARIANTS = {
    "people:list": ["?sort=last", "?state=overdue"],
    "intros:list": ["?state=all"],
    "search:search": ["?q=a", "?q=customer"],
    "interactions:list": ["?kind=coffee"],
}
# URL arguments that are not records: a sign-in or feed token signs in or downloads.
SKIPPED_ARGS = {"token", "kind"}

OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1 && getComputedStyle(el).position !== 'fixed') {
      const classes = typeof el.className === 'string' ? el.className.trim() : '';
      const path = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (classes ? '.' + classes.split(/\\s+/).join('.') : '');
      wide.push(path + ' → ' + Math.round(box.right));
      if (wide.length > 6) break;
    }
  }
  // A card wider than its column is cut off by the next column (no page overflow).
  for (const card of document.querySelectorAll('.grid-2 > * .card, .pair > .card')) {
    const column = card.parentElement.closest('.grid-2 > *, .pair');
    const box = card.getBoundingClientRect();
    if (column && box.right > column.getBoundingClientRect().right + 1) {
      wide.push('card ' + (card.getAttribute('aria-label') || '') + ' beyond its column → ' +
                Math.round(box.right));
    }
  }
  return {scroll: document.documentElement.scrollWidth, inner: width, wide: wide};
}"""


def _demo_records(workspace, user) -> dict[str, int]:
    """Records of the demo with the most on their pages, and an import awaiting review."""
    from backstory.api.services import token_create
    from backstory.interactions.models import ActionItem, Interaction
    from backstory.intros.models import Introduction, Opportunity
    from backstory.people.models import Organization, Person, Team
    from backstory.stories.models import Pitch, Tip
    from backstory.transfer.services import import_file
    from backstory.transfer.tests.conftest import fixture

    def busiest(model, related):
        return (model.objects.filter(workspace=workspace).annotate(n=Count(related))
                .order_by("-n", "pk").values_list("pk", flat=True).first())

    batch = import_file(workspace, by=user, name="linkedin.csv",
                        data=fixture("linkedin_connections.csv").read_bytes()).batch
    return {
        "person_id": busiest(Person, "interactions"),
        "organization_id": busiest(Organization, "people"),
        "team_id": busiest(Team, "members"),
        "interaction_id": busiest(Interaction, "participants"),
        "action_id": ActionItem.objects.filter(workspace=workspace, interaction__isnull=False,
                                               person__isnull=False).order_by("pk")[0].pk,
        "tip_id": busiest(Tip, "pitches"),
        "pitch_id": Pitch.objects.filter(workspace=workspace).order_by("pk")[0].pk,
        "introduction_id": Introduction.objects.filter(workspace=workspace)
                                               .order_by("pk")[0].pk,
        "opportunity_id": Opportunity.objects.filter(workspace=workspace)
                                             .order_by("pk")[0].pk,
        "batch_id": batch.pk,
        "row_id": batch.rows.order_by("pk")[0].pk,
        "membership_id": user.memberships.get().pk,
        "api_token_id": token_create(workspace, user=user, name="Phone script")[0].pk,
    }


def _pages(user, records) -> list[str]:
    """Every GET URL that answers with a whole page."""
    client = Client()
    client.force_login(user)
    urls = []
    for name, args in _patterns():
        if name == "workspaces:signout" or SKIPPED_ARGS & set(args):
            continue
        url = reverse(name, kwargs={a: records[a] for a in args})
        for candidate in [url] + [url + v for v in VARIANTS.get(name, [])]:
            response = client.get(candidate)
            is_page = (response.status_code == 200 and not response.streaming
                       and response["Content-Type"].startswith("text/html")
                       and b'<main id="main"' in response.content)
            if is_page:
                urls.append(candidate)
    return urls


@pytest.fixture
def demo_page(browser, live_server, transactional_db):
    from backstory.demo import seed_demo
    from backstory.workspaces.services import user_create

    user = user_create(username="olivia", password="correct horse battery")
    seed_demo(user.memberships.get().workspace, by=user, scale=0.25)
    context = browser.new_context(base_url=live_server.url,
                                  viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"{page.url}: {exc}"))
    page.on("console", lambda msg: msg.type == "error" and problems.append(
        f"{page.url}: console: {msg.text}"))
    page.problems = problems
    sign_in(page, "olivia")
    page.user = user
    yield page
    context.close()


def test_every_page_of_the_demo_fits_a_phone_and_logs_no_error(demo_page):
    page = demo_page
    user = page.user
    urls = _pages(user, _demo_records(user.memberships.get().workspace, user))
    assert len(urls) > 30, urls
    too_wide = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844 if width < 800 else 900})
        for url in urls:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            found = page.evaluate(OVERFLOW_JS)
            if found["scroll"] > found["inner"] or any("beyond" in w for w in found["wide"]):
                too_wide.append(f"{width} px {url}: {found['scroll']} px wide; "
                                + "; ".join(found["wide"]))
    assert not too_wide, "Pages wider than the screen:\n" + "\n".join(too_wide)
    assert not page.problems, "Console errors:\n" + "\n".join(page.problems)


def test_both_people_of_an_introduction_fit_their_column_on_a_laptop(signed_in_page):
    from django.contrib.auth import get_user_model

    from backstory.intros import services
    from backstory.testing import make_person

    page = signed_in_page
    user = get_user_model().objects.get(username=page.user_username)
    ws = user.memberships.get().workspace
    long_title = "Senior Vice President, Global Communications and Public Affairs, EMEA"
    intro = services.introduction_start(
        ws, by=user, person_a=make_person(ws, "Lena Fischer", title="Product marketer"),
        person_b=make_person(ws, "Omar Haddad", title=long_title), reason="Omar is hiring")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/intros/{intro.pk}/")
    found = page.evaluate(OVERFLOW_JS)
    assert not [w for w in found["wide"] if "beyond" in w], found["wide"]
    assert found["scroll"] <= found["inner"]
