"""The settings page reads the same number of SQL queries at 100 and 3,000 people."""

from __future__ import annotations

from backstory.testing import assert_query_counts


def test_the_settings_page_reads_a_fixed_number_of_queries(owner_client, network):
    assert_query_counts(owner_client, {"/settings/": 9})  # + pending invitations
