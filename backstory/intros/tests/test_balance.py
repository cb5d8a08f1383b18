"""The give/receive balance of a relationship, month by month."""

from datetime import date, datetime, timedelta

import time_machine
from django.utils import timezone

from backstory.intros import selectors
from backstory.testing import make_interaction, make_person


def test_balance_counts_who_gave_per_month_and_in_total(workspace, owner):
    with time_machine.travel("2025-03-14 10:00 +0000", tick=False):
        grace = make_person(workspace, "Grace Kim")
        other = make_person(workspace, "Other")
        at = timezone.make_aware(datetime(2025, 3, 10, 10))
        for days, value in ((0, "gave"), (1, "gave"), (40, "received"), (40, "mutual"),
                            (500, "received"), (3, "")):
            make_interaction(workspace, [grace], by=owner, when=at - timedelta(days=days),
                             value=value)
        make_interaction(workspace, [other], by=owner, when=at, value="gave")
        balance = selectors.give_receive_balance(workspace, grace, today=date(2025, 3, 14))
    assert (balance.gave, balance.received, balance.mutual) == (2, 2, 1)
    assert len(balance.months) == 12 and balance.months[0].month == date(2024, 4, 1)
    march, january = balance.months[-1], balance.months[-3]
    assert (march.month, march.gave, march.received) == (date(2025, 3, 1), 2, 0)
    assert (january.received, january.mutual) == (1, 1)
    assert balance.summary == "Balanced: 2 given, 2 received."


def test_the_summary_suggests_what_to_do(workspace, owner):
    grace = make_person(workspace, "Grace Kim")
    empty = selectors.give_receive_balance(workspace, grace, today=timezone.localdate())
    assert empty.summary.startswith("No touch recorded")
    make_interaction(workspace, [grace], by=owner, value="received")
    balance = selectors.give_receive_balance(workspace, grace, today=timezone.localdate())
    assert "look for a way to help them" in balance.summary
