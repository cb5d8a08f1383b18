"""A viewer is shown only what their role allows: no page offers them a button, form or
link that changes the workspace (it would only be refused).

The walk opens every page of a workspace with one record of every kind as the viewer,
and finds every control that writes: a POST form or an hx-post/put/patch/delete whose
view needs an editor (``workspace_view`` marks each view), and every link to a page that
exists to write (a name ending in ``new``, ``edit`` or ``merge``, and the quick-log).
"""

from __future__ import annotations

import lxml.html
import pytest
from django.urls import Resolver404, resolve, reverse

from backstory.workspaces.decorators import WRITE_PAGES as WRITING_PAGES
from tests.formwalk import all_records
from tests.test_isolation import _patterns

NOT_PAGES = {"workspaces:signout", "workspaces:signin", "workspaces:signin_link"}


def _view(url: str):
    try:
        return resolve(url.split("?")[0].split("#")[0])
    except Resolver404:
        return None


def _needs_editor(url: str) -> bool:
    match = _view(url)
    return match is not None and getattr(match.func, "writes_need_editor", False)


def _writing_page(url: str) -> bool:
    match = _view(url)
    return match is not None and match.url_name.endswith(WRITING_PAGES)


def _can_be_sent(form) -> bool:
    """A form with an enabled control: one that a click or Enter can submit (a form
    shown read-only sits in a disabled fieldset)."""
    for element in form.iter("input", "button", "select", "textarea"):
        kind = (element.get("type") or "").lower()
        if kind == "hidden" or element.get("disabled") is not None:
            continue
        if not element.xpath("ancestor::fieldset[@disabled]"):
            return True
    return False


def write_controls(html: str, path: str) -> list[str]:
    doc = lxml.html.fromstring(html)
    found = []
    for form in doc.forms:
        action = form.get("action") or path
        if ((form.get("method") or "get").lower() == "post" and _needs_editor(action)
                and _can_be_sent(form)):
            found.append(f"form posting to {action}")
    for verb in ("hx-post", "hx-put", "hx-patch", "hx-delete"):
        for element in doc.xpath(f"//*[@{verb}]"):
            target = element.get(verb) or path
            if _needs_editor(target) and element.tag != "form":
                found.append(f"<{element.tag} {verb}={target}>")
    for element in doc.xpath("//a[@href] | //*[@hx-get]"):
        target = element.get("href") or element.get("hx-get")
        if target.startswith("/") and _writing_page(target):
            found.append(f"link to {target} ({element.text_content().strip()[:30]!r})")
    ids = {f.get("id") for f in doc.forms if f.get("id")}
    for element in doc.xpath("//button[@form] | //input[@form]"):
        if element.get("form") not in ids:
            found.append(f"<{element.tag}> for a form that is not there ({element.get('form')})")
    for element in doc.xpath("//*[@data-quicklog-open or @data-quicklog]"):
        found.append(f"quick-log opener <{element.tag}>")
    return found


@pytest.mark.django_db
def test_viewer_sees_no_control_that_their_role_refuses(client, personas):
    records = all_records(personas)
    client.force_login(personas.viewer)
    offending, pages = {}, 0
    for name, args in _patterns():
        if name in NOT_PAGES or name.rsplit(":", 1)[-1].endswith(WRITING_PAGES):
            continue
        path = reverse(name, kwargs={a: records[a] for a in args})
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        if not response.content.strip():
            continue
        pages += 1
        controls = write_controls(response.content.decode(), path)
        if controls:
            offending[path] = sorted(set(controls))
    assert pages > 20
    assert not offending, "write controls shown to a viewer:\n" + "\n".join(
        f"  {path}: {'; '.join(c)}" for path, c in offending.items())


@pytest.mark.django_db
def test_editor_still_sees_the_controls_including_those_of_included_sections(client,
                                                                             personas):
    records = all_records(personas)
    client.force_login(personas.teammate)
    person = reverse("people:detail", kwargs={"person_id": records["person_id"]})
    interaction = reverse("interactions:detail",
                          kwargs={"interaction_id": records["interaction_id"]})
    on_person = write_controls(client.get(person).content.decode(), person)
    on_interaction = write_controls(client.get(interaction).content.decode(), interaction)
    pk = records["person_id"]
    for wanted in (f"/tips/new/?person={pk}", f"/intros/new/?a={pk}", f"/people/{pk}/edit/",
                   "/quicklog/"):
        assert any(wanted in c for c in on_person), wanted
    assert any(f"/tips/new/?interaction={records['interaction_id']}" in c
               for c in on_interaction)


@pytest.mark.django_db
def test_a_refused_change_says_why_on_a_page_and_in_one_sentence_to_htmx(client, personas):
    from backstory.testing import make_person

    person = make_person(personas.workspace, "Dana Reyes")
    client.force_login(personas.viewer)
    url = reverse("people:archive", kwargs={"person_id": person.pk})
    page = client.post(url)
    assert page.status_code == 403
    assert "Your role in this workspace does not allow this change." in page.content.decode()
    assert "<h1>" in page.content.decode()
    htmx = client.post(url, headers={"HX-Request": "true"})
    assert (htmx.status_code, htmx.content.decode()) == (
        403, "Your role in this workspace does not allow this change.")


@pytest.mark.django_db
def test_a_viewer_opening_a_write_page_by_its_address_is_refused_at_once(client, personas):
    """Every page that exists to write (new, edit, merge, quick-log, upload…), walked by
    its URL: a viewer gets the refusal before filling in anything, an editor the form."""
    records = all_records(personas)
    pages = [reverse(name, kwargs={a: records[a] for a in args})
             for name, args in _patterns() if name.rsplit(":", 1)[-1].endswith(WRITING_PAGES)]
    assert len(pages) >= 20
    client.force_login(personas.viewer)
    shown = {}
    for path in pages:
        response = client.get(path)
        body = response.content.decode()
        if response.status_code != 403 or "your role here is viewer" not in body or (
                "Ask an owner" not in body):
            shown[path] = response.status_code
    assert not shown, f"write pages a viewer can open: {shown}"
    client.force_login(personas.teammate)
    person = reverse("people:edit", kwargs={"person_id": records["person_id"]})
    assert client.get(person).status_code == 200
    assert client.get(reverse("people:new")).status_code == 200
