"""The Content-Security-Policy in a real browser: an injected inline script does not run,
and no page of the app needs anything the policy refuses."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.browser.signin import sign_in
from tests.test_isolation import NON_OBJECT_ARGS, _owner_records, _patterns

# What an attacker would inject if an escaping bug ever let markup through: an inline
# script, an inline handler and a javascript: link.
PAYLOAD = (
    '<script>window.__pwned = "script"</script>'
    '<img src="/static/backstory/icon.svg" onload="window.__pwned_handler = 1">'
    '<a id="js-link" href="javascript:window.__pwned_link = 1">x</a>'
)
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
    (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""


def _inject(page, path: str, *, keep_policy: bool) -> None:
    """Serve the real page from the real server, with the payload spliced into its body."""
    def handle(route):
        response = route.fetch()
        headers = dict(response.headers)
        if not keep_policy:
            headers.pop("content-security-policy", None)
        body = response.text().replace("<main id=\"main\">", "<main id=\"main\">" + PAYLOAD, 1)
        route.fulfill(response=response, headers=headers, body=body)

    page.route(re.compile(re.escape(path) + r"$"), handle)


def _ran(page) -> dict:
    page.locator("#js-link").click()
    page.wait_for_timeout(200)
    return page.evaluate("""() => ({script: window.__pwned, handler: window.__pwned_handler,
                                     link: window.__pwned_link})""")


def test_an_injected_inline_script_is_blocked_by_the_policy(signed_in_page):
    page = signed_in_page
    page.csp_violations_expected = True
    page.add_init_script(LISTEN)
    _inject(page, "/people/", keep_policy=True)
    page.goto("/people/")
    assert _ran(page) == {"script": None, "handler": None, "link": None}
    violations = page.evaluate("window.__violations")
    assert any(v.startswith("script-src-elem inline") for v in violations), violations
    assert any(v.startswith("script-src-attr inline") for v in violations), violations
    # The page itself still works: htmx is loaded, configured never to eval, never to add
    # a <style> element for its indicators and never to run scripts it swaps in.
    config = page.evaluate("""() => ({eval: htmx.config.allowEval,
        styles: htmx.config.includeIndicatorStyles, scripts: htmx.config.allowScriptTags})""")
    assert config == {"eval": False, "styles": False, "scripts": False}


def test_without_the_policy_the_same_injection_would_run(signed_in_page):
    # The control: proves that the test above would see the payload run.
    page = signed_in_page
    _inject(page, "/people/", keep_policy=False)
    page.goto("/people/")
    assert _ran(page) == {"script": "script", "handler": 1, "link": 1}


# Inline handlers are only refused when they fire, so a page walk alone would miss an
# onsubmit= on a form nobody submits: look for them (and inline scripts) in the DOM.
INLINE = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on") || name.startsWith("hx-on")) found.push(el.tagName + " " + name);
      const value = attr.value.trim().toLowerCase();
      if (["href", "action", "src"].includes(name) && value.startsWith("javascript:")) {
        found.push(name + " javascript:");
      }
    }
    // A data block (<script type="application/json">) is never run; any other is code.
    const data = ["application/json", "application/ld+json"].includes(
      (el.type || "").trim().toLowerCase());
    if (el.tagName === "SCRIPT" && !el.src && !data) found.push("inline <script>");
    if (el.tagName === "STYLE") found.push("<style> element");
  }
  return found;
}"""


def _skip(name: str) -> bool:
    # Not pages: sign-out, downloads, the feed, background progress fragments.
    return name in {"workspaces:signout", "transfer:export", "transfer:backup",
                    "followups:feed"}


@pytest.mark.django_db(transaction=True)
def test_no_page_of_the_app_meets_a_policy_violation(page, live_server):
    from backstory.testing import make_personas

    personas = make_personas()
    personas.owner.set_password("correct horse battery")
    personas.owner.save()
    objects = _owner_records(personas)
    page.add_init_script(LISTEN)
    sign_in(page, "olivia")
    walked = []
    for name, args in _patterns():
        if _skip(name):
            continue
        url = reverse(name, kwargs={a: objects.get(a, NON_OBJECT_ARGS.get(a)) for a in args})
        answer = page.request.get(url)
        if answer.status != 200 or "text/html" not in answer.headers.get("content-type", ""):
            continue
        page.goto(url)
        assert page.evaluate("window.__violations") == [], url
        assert page.evaluate(INLINE) == [], url
        walked.append(url)
    # The live parts: typing in the header search (htmx) and the quick-log dialog.
    page.goto("/")
    page.locator("#site-search").fill("Zebulon")
    page.wait_for_selector("#search-live .live-hit")
    page.goto("/")
    page.locator("body").press("n")
    page.get_by_role("dialog", name="Quick-log").get_by_label("What happened?").fill(
        "coffee with Zebulon yesterday")
    page.wait_for_timeout(800)
    assert page.evaluate("window.__violations") == []
    assert page.evaluate(INLINE) == []
    assert page.csp_violations == [] and page.js_errors == []
    assert len(walked) > 40, walked


def test_a_confirmation_still_guards_a_delete(signed_in_page):
    from backstory.interactions.models import Interaction
    from backstory.testing import make_interaction, make_person
    from backstory.workspaces.models import Workspace

    page = signed_in_page
    workspace = Workspace.objects.get(memberships__user__username="olivia")
    interaction = make_interaction(workspace, [make_person(workspace, "Dana Reyes")])
    page.goto(f"/interactions/{interaction.pk}/")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Delete this interaction").click()
    page.wait_for_timeout(300)
    assert Interaction.objects.filter(pk=interaction.pk).exists()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete this interaction").click()
    page.wait_for_load_state()
    page.wait_for_timeout(300)
    assert not Interaction.objects.filter(pk=interaction.pk).exists()
