"""What a member who leaves a workspace hands on, told by the apps that hold it.

The workspaces app is below the apps whose records a member can hold (a person's
relationship owner lives in people), so those apps register here (in their
``AppConfig.ready``) instead of being imported: removing a member asks every registered
holding what the member has, and hands it to the successor the owner chose (or to
nobody). Their history — interactions, the audit trail — keeps its author either way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser


@dataclass(frozen=True)
class Holding:
    name: str
    # How many of these records the member holds in the workspace (one query).
    count: Callable[[object, AbstractBaseUser], int]
    # "12 people whose relationship they lead": the count in words.
    words: Callable[[int], str]
    # Hand them to the successor (a member of the workspace) or to nobody (None), inside
    # the removal's transaction: (workspace, member, successor, by).
    hand_over: Callable[[object, AbstractBaseUser, AbstractBaseUser | None,
                         AbstractBaseUser | None], None]


HOLDINGS: dict[str, Holding] = {}


def register(holding: Holding) -> None:
    HOLDINGS[holding.name] = holding


def holdings_of(workspace, user: AbstractBaseUser) -> list[str]:
    """What ``user`` holds in ``workspace``, in words; empty when nothing."""
    found = []
    for holding in HOLDINGS.values():
        n = holding.count(workspace, user)
        if n:
            found.append(holding.words(n))
    return found


def hand_over(workspace, user: AbstractBaseUser, successor: AbstractBaseUser | None,
              by: AbstractBaseUser | None) -> None:
    for holding in HOLDINGS.values():
        holding.hand_over(workspace, user, successor, by)
