"""Test set-up shared by every app: a throw-away data directory and the three personas."""

from __future__ import annotations

import pytest

from backstory.testing import GUARD_SIZES, Network, Personas, grow_network, make_personas


@pytest.fixture(autouse=True)
def _progress_connection_closed():
    """The import progress store keeps a connection of its own per thread: closed after
    each test, so that the test database can be dropped at the end."""
    yield
    from backstory.transfer.progress import progress_close

    progress_close()


@pytest.fixture(autouse=True)
def _cache_cleared():
    """Each test starts with an empty cache (the file cache, or Redis, outlives a test)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def personas(db) -> Personas:
    """owner and teammate share a workspace; outsider has a workspace of their own."""
    return make_personas()


@pytest.fixture
def workspace(personas):
    return personas.workspace


@pytest.fixture
def owner(personas):
    return personas.owner


@pytest.fixture
def owner_client(client, personas):
    client.force_login(personas.owner)
    return client


@pytest.fixture
def outsider_client(client, personas):
    client.force_login(personas.outsider)
    return client


@pytest.fixture(params=GUARD_SIZES, ids=lambda n: f"{n}-people")
def network(request, workspace) -> Network:
    """The owner's workspace grown to each of the guard sizes (backstory.testing)."""
    return grow_network(workspace, request.param)


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1, configured as the one Backstory sends through;
    yields its inbox (tests/smtp.py)."""
    from tests.smtp import SmtpServer

    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 5
        yield server.inbox
