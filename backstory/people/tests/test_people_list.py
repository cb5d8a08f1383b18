from datetime import timedelta

from django.utils import timezone

from backstory.people.services import organization_create, team_create
from backstory.testing import make_interaction, make_person


def _names(response):
    return [p.name for p in response.context["page"].object_list]


def test_people_list_filters_by_circle_direction_and_tag(owner_client, workspace):
    make_person(workspace, "Jo Journalist", circle="media", tags=["tech"])
    make_person(workspace, "Cal Colleague", circle="internal", direction="up")
    make_person(workspace, "Cat Customer", circle="customer", tags=["tech"])
    assert _names(owner_client.get("/people/?circle=media")) == ["Jo Journalist"]
    assert _names(owner_client.get("/people/?direction=up")) == ["Cal Colleague"]
    assert _names(owner_client.get("/people/?tag=TECH")) == ["Cat Customer", "Jo Journalist"]


def test_people_list_filters_by_organisation_and_team(owner_client, workspace, owner):
    acme = organization_create(workspace, by=owner, name="Acme", is_own=True)
    sales = team_create(workspace, by=owner, organization=acme, name="Sales")
    make_person(workspace, "Dana Sales", team=sales)
    make_person(workspace, "Avery Acme", organization=acme)
    make_person(workspace, "Nobody")
    assert _names(owner_client.get(f"/people/?org={acme.pk}")) == ["Avery Acme", "Dana Sales"]
    assert _names(owner_client.get(f"/people/?team={sales.pk}")) == ["Dana Sales"]


def test_search_finds_people_by_name_email_and_organisation(owner_client, workspace, owner):
    globex = organization_create(workspace, by=owner, name="Globex")
    make_person(workspace, "Dana Reyes", emails=["dana@initech.example"])
    make_person(workspace, "Sam Ortiz", organization=globex)
    assert _names(owner_client.get("/people/?q=reyes")) == ["Dana Reyes"]
    assert _names(owner_client.get("/people/?q=initech")) == ["Dana Reyes"]
    assert _names(owner_client.get("/people/?q=globex")) == ["Sam Ortiz"]


def test_sorting_by_last_touch_puts_the_longest_silent_first(owner_client, workspace):
    recent, old = make_person(workspace, "Recent"), make_person(workspace, "Old")
    make_person(workspace, "Never")
    make_interaction(workspace, [recent], when=timezone.now() - timedelta(days=1))
    make_interaction(workspace, [old], when=timezone.now() - timedelta(days=90))
    assert _names(owner_client.get("/people/?sort=last_touch")) == ["Never", "Old", "Recent"]
    assert _names(owner_client.get("/people/?sort=-last_touch")) == ["Recent", "Old", "Never"]


def test_archived_people_leave_the_list_but_stay_in_the_archive(owner_client, workspace):
    from backstory.people.services import person_archive

    person_archive(workspace, by=None, person=make_person(workspace, "Gone"))
    make_person(workspace, "Here")
    assert _names(owner_client.get("/people/")) == ["Here"]
    assert _names(owner_client.get("/people/?archived=1")) == ["Gone"]


def test_people_list_is_paginated_and_keeps_filters_in_links(owner_client, workspace):
    for i in range(55):
        make_person(workspace, f"Person {i:02d}", circle="media")
    response = owner_client.get("/people/?circle=media")
    assert len(response.context["page"].object_list) == 50
    assert "?circle=media&page=2" in response.text
    assert len(owner_client.get("/people/?circle=media&page=2").context["page"].object_list) == 5


def test_htmx_filtering_returns_only_the_results(owner_client, workspace):
    make_person(workspace, "Dana Reyes")
    response = owner_client.get("/people/?q=dana", HTTP_HX_REQUEST="true",
                                HTTP_HX_TARGET="people-results")
    assert "Dana Reyes" in response.text
    assert "<html" not in response.text


def test_people_list_query_count_does_not_grow_with_people(
    owner_client, workspace, django_assert_max_num_queries
):
    for i in range(5):
        make_person(workspace, f"P{i}", tags=["a", "b"])
    with django_assert_max_num_queries(12) as small:
        owner_client.get("/people/")
    for i in range(40):
        make_person(workspace, f"Q{i}", tags=["c"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        owner_client.get("/people/")


def test_people_list_filter_menus_show_a_new_tag_and_team_at_once_though_they_are_cached(
        owner_client, workspace, owner, django_assert_num_queries):
    acme = organization_create(workspace, by=owner, name="Acme", is_own=True)
    make_person(workspace, "Jo Journalist", tags=["tech"])
    first = owner_client.get("/people/")
    assert [t.name for t in first.context["tags"]] == ["tech"]
    with django_assert_num_queries(9):  # the menus come from the cache (not the members): 3 fewer
        owner_client.get("/people/")
    team_create(workspace, by=owner, organization=acme, name="Sales")
    make_person(workspace, "Cat Customer", tags=["fintech"])
    again = owner_client.get("/people/")
    assert [t.name for t in again.context["tags"]] == ["fintech", "tech"]
    assert [t.name for t in again.context["teams"]] == ["Sales"]
    assert b"#fintech" in again.content and b"Sales (Acme)" in again.content
