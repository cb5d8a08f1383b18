"""No number in a request gives a server error: past 64 bits, negative or garbage, in
any URL parameter or form field, the answer is a 404 or a message — never a 500.

The query parameters and posted names come from the views themselves (every name a view
module reads from GET or POST, plus ``page``) and from the forms the server renders, so
that a new parameter or field is fuzzed without anyone listing it here.
"""

from __future__ import annotations

import inspect
import re
from urllib.parse import urlencode

import lxml.html
import pytest
from django.urls import resolve, reverse

from tests.formwalk import all_records, submitted_values
from tests.test_isolation import _patterns

BAD_NUMBERS = ["9223372036854775808", "-99999999999999999999", "1e400", "-1"]
_READS = re.compile(r"""(?:GET|POST|\bg|\bdata|\bsource)(?:\.get|\.getlist)\(\s*"(\w+)"|"""
                    r"""(?:GET|POST)\[\s*"(\w+)"\s*\]""")
_NUMBERISH = re.compile(r"^-?\d*$")
SKIP = {"workspaces:signout"}


def _names_read_by(view) -> set[str]:
    source = inspect.getsource(inspect.getmodule(inspect.unwrap(view)))
    return {a or b for a, b in _READS.findall(source)} | {"page"}


def _urls(records) -> list[str]:
    return [reverse(name, kwargs={a: records[a] for a in args})
            for name, args in _patterns() if name not in SKIP]


def _send(client, method: str, path: str, data) -> int:
    if method == "get":
        return client.get(f"{path}?{urlencode(data)}").status_code
    return client.post(path, urlencode(data),
                       content_type="application/x-www-form-urlencoded").status_code


def _fuzz(client, method: str, path: str, rest, names, value) -> list[str]:
    """Every name set to ``value`` at once; when the answer is a refusal (which may have
    come before the other names were read), each name on its own. The server errors."""
    def data(chosen):
        return [(n, v) for n, v in rest if n not in chosen] + [(n, value) for n in chosen]

    status = _send(client, method, path, data(names))
    if status >= 500:
        return [f"{method.upper()} {path} with {', '.join(names)} = {value}: {status}"]
    if status in (200, 302) or len(names) < 2:
        return []
    return [f"{method.upper()} {path} with {n} = {value}: {code}" for n in names
            if (code := _send(client, method, path, data([n]))) >= 500]


@pytest.fixture
def fuzz_client(client, personas):
    client.raise_request_exception = False
    client.force_login(personas.owner)
    return client


@pytest.mark.django_db
def test_no_number_in_a_query_string_gives_a_server_error(fuzz_client, personas):
    records = all_records(personas)
    failures, sent = [], 0
    for path in _urls(records):
        names = sorted(_names_read_by(resolve(path).func))
        for value in BAD_NUMBERS:
            failures += _fuzz(fuzz_client, "get", path, [], names, value)
            sent += 1
    assert not failures, f"{len(failures)} of {sent} requests failed:\n" + "\n".join(failures)
    assert sent > 300


@pytest.mark.django_db
def test_no_number_in_a_posted_form_gives_a_server_error(fuzz_client, personas):
    """Every form on every page, each field that holds a number (or that its view reads)
    set to each bad number in turn, the rest as the page rendered it."""
    records = all_records(personas)
    failures, sent, seen = [], 0, set()
    for path in _urls(records):
        page = fuzz_client.get(path)
        if (page.status_code != 200 or "html" not in page.get("Content-Type", "")
                or not page.content.strip()):
            continue
        for form in lxml.html.fromstring(page.content.decode()).forms:
            action = form.get("action") or path
            if (form.get("method") or "").lower() != "post" or not action.startswith("/"):
                continue
            view = resolve(action.split("?")[0])
            if view.view_name in SKIP:
                continue
            values = submitted_values(form)
            numeric = {n for n, v in values if _NUMBERISH.match(v)}
            names = sorted((numeric | _names_read_by(view.func)) - {"csrfmiddlewaretoken"})
            if (view.view_name, tuple(names)) in seen:
                continue
            seen.add((view.view_name, tuple(names)))
            for value in BAD_NUMBERS:
                failures += _fuzz(fuzz_client, "post", action, values, names, value)
                sent += 1
            # A sign-out, or a password set to a fuzzed value, ends the session.
            personas.owner.refresh_from_db()
            fuzz_client.force_login(personas.owner)
    assert not failures, f"{len(failures)} of {sent} requests failed:\n" + "\n".join(failures)
    assert sent > 100
