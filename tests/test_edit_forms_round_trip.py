"""Saving any edit form without changing anything changes nothing.

The walk finds every edit page from the URL patterns (every name ending in ``edit``, and
the settings pages), loads it for records whose every field is set, and submits each of
its forms with the values the browser holds for the HTML the server rendered — so a
value the browser would drop (a localised date in ``<input type=date>``) is dropped here
too. A new edit URL fails this test until a record for it is named in ``full_records``.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.formwalk import (
    forms_posting_to,
    full_records,
    rows_changed,
    submitted_values,
    workspace_rows,
)
from tests.test_isolation import _patterns

SETTINGS_PAGES = {"workspaces:settings", "followups:settings"}


def _edit_pages():
    return [(name, args) for name, args in _patterns()
            if name.rsplit(":", 1)[-1].endswith("edit") or name in SETTINGS_PAGES]


def _controls_left_empty(form) -> list[str]:
    """Visible inputs the page rendered without a value: a record with every field set
    must fill them all, or the round trip proves nothing for that field."""
    empty = []
    for element in form.iter("input", "textarea"):
        kind = (element.get("type") or "text").lower()
        if not element.get("name") or kind in ("hidden", "checkbox", "radio", "submit",
                                               "password", "search"):
            continue
        value = element.text if element.tag == "textarea" else element.get("value")
        if not (value or "").strip():
            empty.append(element.get("name"))
    return empty


@pytest.mark.django_db
def test_saving_every_edit_form_unchanged_keeps_every_record_as_it_was(client, personas):
    records = full_records(personas)
    client.force_login(personas.owner)
    pages = _edit_pages()
    assert len(pages) >= 10
    submitted = 0
    for name, args in pages:
        missing = [a for a in args if a not in records]
        assert not missing, (f"edit page '{name}' takes {missing}: add a record with every "
                             "field set to full_records in tests/formwalk.py")
        path = reverse(name, kwargs={a: records[a] for a in args})
        page = client.get(path)
        assert page.status_code == 200, f"GET {path} answered {page.status_code}"
        forms = forms_posting_to(page.content.decode(), path)
        assert forms, f"{path} has no form that saves it"
        for form in forms:
            if name not in SETTINGS_PAGES:
                assert not _controls_left_empty(form), (
                    f"{path} renders {_controls_left_empty(form)} empty for a record with "
                    "every field set (a value the browser cannot show is lost on save)")
            before = workspace_rows(personas.workspace)
            response = client.post(path, urlencode(submitted_values(form)),
                                   content_type="application/x-www-form-urlencoded")
            assert response.status_code in (200, 302), f"POST {path}: {response.status_code}"
            if response.status_code == 200 and name not in SETTINGS_PAGES:
                pytest.fail(f"saving {path} unchanged was refused: "
                            f"{response.context['form'].errors.as_text()}")
            changed = rows_changed(before, workspace_rows(personas.workspace))
            assert not changed, f"saving {path} unchanged changed:\n" + "\n".join(changed)
            submitted += 1
    assert submitted >= len(pages)
