"""How members are named to each other."""

from __future__ import annotations


def member_name(user) -> str:
    """A member as their teammates read them: their full name, else their user name."""
    return (user.get_full_name() or "").strip() or user.get_username()
