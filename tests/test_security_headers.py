"""Every response carries a strict Content-Security-Policy; private pages and downloads are
never cached; `backstory check --deploy` is clean once the HTTPS settings are on."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from tests.test_isolation import NON_OBJECT_ARGS, _owner_records, _patterns


def _directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    assert header, f"{response.request['PATH_INFO']} sends no Content-Security-Policy"
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_strict(response) -> None:
    csp = _directives(response)
    where = response.request["PATH_INFO"]
    assert csp["default-src"] == ["'self'"], where
    assert csp["script-src"] == ["'self'"], where  # no inline, no eval, no other origin
    assert csp["script-src-attr"] == ["'none'"], where  # no onclick= and friends
    assert csp["object-src"] == ["'none'"], where
    assert csp["frame-ancestors"] == ["'none'"], where
    assert csp["base-uri"] == ["'self'"], where
    assert csp["form-action"] == ["'self'"], where
    assert "'unsafe-inline'" not in csp["style-src"] + csp["style-src-elem"], where
    everything = " ".join(v for values in csp.values() for v in values)
    assert "'unsafe-eval'" not in everything and "*" not in everything, where


@pytest.mark.django_db
def test_every_page_sends_a_strict_csp_and_is_not_cached(client, personas):
    objects = _owner_records(personas)
    client.force_login(personas.owner)
    walked = 0
    for name, args in _patterns():
        kwargs = {a: objects.get(a, NON_OBJECT_ARGS.get(a)) for a in args}
        url = reverse(name, kwargs=kwargs)
        if name == "workspaces:signout":
            continue
        response = client.get(url)
        assert_strict(response)
        assert "no-store" in response.headers.get("Cache-Control", ""), f"{url} may be cached"
        walked += 1
    assert walked > 40


@pytest.mark.django_db
def test_pages_before_sign_in_and_errors_send_the_policy_too(client):
    for url in ("/signin/", "/signin/link/nope/", "/no-such-page/", "/people/"):
        assert_strict(client.get(url))
    assert_strict(client.post("/signin/", {"username": "x", "password": "y"}))


@pytest.mark.django_db
def test_downloads_and_the_calendar_feed_are_not_cached(client, personas):
    from backstory.followups.services import feed_token_regenerate

    token = feed_token_regenerate(personas.workspace, by=personas.owner)
    feed = client.get(f"/feed/{token}.ics")  # a calendar app: no session
    assert feed.status_code == 200 and "no-store" in feed.headers["Cache-Control"]
    client.force_login(personas.owner)
    export = client.get(reverse("transfer:export", kwargs={"kind": "xlsx"}))
    assert export.status_code == 200 and "no-store" in export.headers["Cache-Control"]


def test_https_settings_are_off_by_default(settings):
    assert settings.SECURE_HSTS_SECONDS == 0 and settings.SECURE_SSL_REDIRECT is False


def _check_deploy(tmp_path, **env):
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith("BACKSTORY_")
                   # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests in this process
                   and k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update(BACKSTORY_HOME=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-m", "backstory.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_is_clean_with_the_https_settings_on(tmp_path):
    result = _check_deploy(tmp_path, BACKSTORY_HSTS_SECONDS="31536000",
                           BACKSTORY_SSL_REDIRECT="1", BACKSTORY_SECURE_COOKIES="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_while_the_https_settings_are_off(tmp_path):
    result = _check_deploy(tmp_path)
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr and "SECURE_SSL_REDIRECT" in result.stderr
