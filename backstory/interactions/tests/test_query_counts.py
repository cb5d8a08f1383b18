"""The interaction and action-item pages, and the quick-log preview as you type, read the
same number of SQL queries at 100 and at 3,000 people (the ``network`` fixture)."""

from __future__ import annotations

from backstory.testing import assert_query_counts


def test_every_interaction_page_reads_a_fixed_number_of_queries(owner_client, network):
    assert_query_counts(owner_client, {
        "/interactions/": 7,  # frame + a page (uncounted), its people, its tags
        "/interactions/?page=2": 7,
        f"/interactions/{network.ids['interaction']}/": 9,
        "/actions/": 6,  # frame + count, page (with each item's person and touch)
        "/actions/?state=done": 6,
    })


def test_the_quicklog_preview_reads_a_fixed_number_of_queries(owner_client, network,
                                                             django_assert_num_queries):
    line = {"line": "coffee with Dana and Sam Ortiz yesterday"}
    owner_client.post("/quicklog/", line, HTTP_HX_REQUEST="true")
    # session, user, membership, the name-word index, the people (with their title,
    # organisation and last touch) — whatever the number of candidates
    with django_assert_num_queries(5):
        response = owner_client.post("/quicklog/", line, HTTP_HX_REQUEST="true")
    assert "Dana Scully" in response.text and "Sam Ortiz" in response.text
    assert "last touch" in response.text


def test_the_quicklog_preview_with_every_name_settled_checks_for_a_repeat_in_one_query(
    owner_client, workspace, network, django_assert_num_queries,
):
    from datetime import timedelta

    from django.utils import timezone

    from backstory.people.models import Person
    from backstory.testing import make_interaction, make_person

    quentin = make_person(workspace, "Quentin Hubbard")
    scully = Person.objects.get(workspace=workspace, name="Dana Scully")
    make_interaction(workspace, [quentin, scully], notes="the launch",
                     when=timezone.now() - timedelta(days=1))
    line = {"line": "coffee with Quentin Hubbard and Dana yesterday: the launch",
            "signature": "Quentin Hubbard|Dana", "choice_1": str(scully.pk)}
    owner_client.post("/quicklog/", line, HTTP_HX_REQUEST="true")
    # as above, and one read of that day's coffees with the same notes
    with django_assert_num_queries(6):
        response = owner_client.post("/quicklog/", line, HTTP_HX_REQUEST="true")
    assert "This looks like a repeat" in response.text
