"""The first user on an empty database: what `backstory serve` and `backstory demo` do.

No shared default password: the user is created without one and signs in with a
one-time link printed in the terminal, then chooses a password.
"""

from __future__ import annotations

import getpass
import os
import re

from django.contrib.auth import get_user_model

from backstory.workspaces import services as workspace_services

from .seed import seed_demo


def default_username() -> str:
    """The login name of whoever runs the command (BACKSTORY_USER wins), else 'owner'."""
    name = os.environ.get("BACKSTORY_USER") or ""
    if not name:
        try:
            name = getpass.getuser()
        except Exception:  # noqa: BLE001 - no login name in some containers
            name = ""
    name = re.sub(r"[^\w.@+-]", "", name)
    return name if name and name != "root" else "owner"


def first_user_create(*, demo: bool, stdout=None, seed: int = 7):
    """A user without a password and their personal workspace, seeded with the demo."""
    User = get_user_model()
    base = default_username()
    username, n = base, 2
    while User.objects.filter(username__iexact=username).exists():
        username, n = f"{base}{n}", n + 1
    user = workspace_services.user_create(username=username, password=None)
    if demo:
        seed_demo(user.memberships.get().workspace, by=user, stdout=stdout, seed=seed)
    return user


def signin_instructions(user, base_url: str) -> str:
    """A fresh one-time sign-in link for `user`, with what to do with it."""
    token = workspace_services.signin_link_create(user=user)
    return (
        f"Sign in as '{user.get_username()}' with this one-time link (valid 24 hours):\n\n"
        f"    {base_url.rstrip('/')}/signin/link/{token}/\n\n"
        "You will be asked to choose a password. For a new link later: backstory signin-link"
    )
