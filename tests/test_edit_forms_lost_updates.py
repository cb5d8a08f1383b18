"""Two people saving the same edit form: the second save does not silently undo the first.

For every edit page of the app (found from the URL patterns as the round trip finds
them, so that a new edit form is covered the day it is added), two sessions load the
form, the first saves a change, the second saves a different change made against the
same version: the second is refused, told which field changed meanwhile, keeps what it
typed, and the first change is what is stored.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from tests.formwalk import forms_posting_to, full_records, submitted_values
from tests.test_edit_forms_round_trip import _edit_pages
from tests.test_isolation import _patterns

# Each member's own preferences: no one else ever saves them.
OWN_SETTINGS = {"followups:settings"}
# Pages that edit a record but are not named "…edit" (the first save of coverage
# records it, so the unchanged round trip does not apply to it).
ALSO_EDITS = {"stories:pitch_coverage"}
PAGES = dict([p for p in _edit_pages() if p[0] not in OWN_SETTINGS]
             + [p for p in _patterns() if p[0] in ALSO_EDITS])
# Values a change of this test would make invalid (an address, a link, a time zone).
NOT_FREE_TEXT = ("url", "website", "email", "phone", "link", "time_zone", "version")


def _session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _versioned_form(client, path):
    page = client.get(path)
    assert page.status_code == 200, f"GET {path} answered {page.status_code}"
    forms = [f for f in forms_posting_to(page.content.decode(), path)
             if f.xpath(".//input[@name='version'][@value]")]
    assert forms, f"{path} has no form that carries the version it was loaded from"
    return forms[0]


def _free_text_fields(form) -> list[str]:
    """The fields a test may append words to: text areas first, then one-line text."""
    areas = [e.get("name") for e in form.iter("textarea") if e.get("name")]
    lines = [e.get("name") for e in form.iter("input")
             if e.get("name") and (e.get("type") or "text").lower() == "text"
             and e.get("list") is None]
    return [n for n in areas + lines if not any(word in n for word in NOT_FREE_TEXT)]


def _with(values, name, suffix) -> list[tuple[str, str]]:
    return [(n, f"{v} {suffix}" if n == name else v) for n, v in values]


def _value(values, name) -> str:
    return next(v for n, v in values if n == name)


def _post(client, path, values):
    return client.post(path, urlencode(values),
                       content_type="application/x-www-form-urlencoded")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PAGES))
def test_second_save_from_the_same_version_is_refused_naming_the_field_that_changed(
        name, personas):
    records = full_records(personas)
    path = reverse(name, kwargs={a: records[a] for a in PAGES[name]})
    # Two members who may both save it (only owners change the workspace settings and
    # its webhooks).
    second = (personas.owner if name.startswith(("workspaces:", "webhooks:"))
              else personas.teammate)
    first_client, second_client = _session(personas.owner), _session(second)
    first_form, second_form = _versioned_form(first_client, path), _versioned_form(
        second_client, path)
    fields = _free_text_fields(first_form)
    assert fields, f"{path}: no text field to change"
    changed, theirs = fields[0], fields[1] if len(fields) > 1 else fields[0]

    saved = _post(first_client, path, _with(submitted_values(first_form), changed,
                                            "(first edit)"))
    assert saved.status_code == 302, (f"the first save of {path} answered {saved.status_code}: "
                                      f"{saved.context and saved.context['form'].errors}")
    typed = _with(submitted_values(second_form), theirs, "(second edit)")
    refused = _post(second_client, path, typed)

    assert refused.status_code == 200, f"the second save of {path} was not refused"
    form = refused.context["form"]
    message = " ".join(form.non_field_errors())
    assert "Someone else saved" in message and "Nothing was saved" in message, form.errors
    label = str(form.fields[changed].label or changed.replace("_", " ")).lower()
    named = message.lower().split("after you opened it (", 1)[-1].split(" changed)")[0]
    assert label in named.split(", "), (
        f"{path}: the refusal does not name the changed field {label!r}: {message}")
    assert any("Changed meanwhile" in e and "(first edit)" in e
               for e in form.errors.get(changed, [])), form.errors
    # What the second person typed is still in the form, to save again knowingly.
    assert html.escape(_value(typed, theirs)) in refused.content.decode()
    kept = submitted_values(_versioned_form(_session(personas.owner), path))
    assert _value(kept, changed).endswith("(first edit)")
    if theirs != changed:
        assert _value(kept, theirs) == _value(submitted_values(second_form), theirs)
