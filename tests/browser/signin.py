"""Signing in the way a user does: through the real sign-in form."""

from __future__ import annotations

PASSWORD = "correct horse battery"


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/signin/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
