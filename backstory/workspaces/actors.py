"""Who does a write: the one rule for the user a record names as its author."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# What a service's ``by`` may be: a signed-in user, the anonymous user of a request, or
# nobody (a system job, a command run without a member).
Actor = AbstractBaseUser | AnonymousUser | None


def recorded_actor(by: Actor) -> AbstractBaseUser | None:
    """The user to store as having done it: ``by`` when signed in, otherwise nobody."""
    return by if by is not None and by.is_authenticated else None
