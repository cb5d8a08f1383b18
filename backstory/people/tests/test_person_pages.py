from backstory.people.models import Person
from backstory.testing import make_action, make_interaction, make_person
from backstory.workspaces.models import Activity


def _person_form(**overrides):
    data = {"name": "Dana Reyes", "circle": "internal", "title": "Head of Sales",
            "organization_name": "Northwind", "emails": "dana@northwind.example",
            "phones": "", "links": "https://linkedin.com/in/danareyes", "tags": "sales, vip"}
    data.update(overrides)
    return data


def test_adding_a_person_through_the_form_creates_their_organisation(owner_client, workspace):
    response = owner_client.post("/people/new/", _person_form())
    person = Person.objects.get(workspace=workspace)
    assert response.status_code == 302 and response.url == f"/people/{person.pk}/"
    assert person.organization.name == "Northwind"
    assert {c.kind for c in person.contact_points.all()} == {"email", "linkedin"}


def test_a_bad_email_in_the_form_is_shown_beside_the_field_and_nothing_is_saved(
    owner_client, workspace
):
    response = owner_client.post(
        "/people/new/", _person_form(emails="dana@northwind.example\ndana-at-northwind")
    )
    assert response.status_code == 200
    assert "Line 2: &#x27;dana-at-northwind&#x27; is not an e-mail address." in response.text
    assert not Person.objects.filter(workspace=workspace).exists()
    # The organisation typed in the form was not half-created either.
    from backstory.people.models import Organization

    assert not Organization.objects.filter(workspace=workspace).exists()


def test_a_missing_name_is_reported_beside_the_field(owner_client):
    response = owner_client.post("/people/new/", _person_form(name=""))
    assert response.status_code == 200
    assert "This field is required." in response.text


def test_an_upside_down_follow_up_window_is_refused(owner_client, workspace):
    response = owner_client.post("/people/new/", _person_form(cadence_min_days=40,
                                                              cadence_max_days=20))
    assert "The latest day must come after the first." in response.text
    assert not Person.objects.exists()


def test_editing_a_person_keeps_what_was_not_changed(owner_client, workspace):
    person = make_person(workspace, "Dana", emails=["d@x.example"], wants="A mentor")
    form = owner_client.get(f"/people/{person.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(title="VP Sales", met_on="", cadence_off="")
    data = {k: ("" if v is False else v) for k, v in data.items()}
    owner_client.post(f"/people/{person.pk}/edit/", data)
    person.refresh_from_db()
    assert person.title == "VP Sales" and person.wants == "A mentor"
    assert person.contact_points.get().value == "d@x.example"


def test_person_page_shows_timeline_preferences_and_introducer(owner_client, workspace):
    intro = make_person(workspace, "Ira Introducer")
    dana = make_person(workspace, "Dana Reyes", introduced_by=intro, preferred_channel="email",
                       best_time="Mornings before 10", wants="Speaking slots", offers="Intros")
    make_interaction(workspace, [dana], kind="coffee", summary="Customer win at Acme")
    make_action(workspace, "Send the deck", person=dana)
    page = owner_client.get(f"/people/{dana.pk}/").text
    for text in ("Customer win at Acme", "Send the deck", "Ira Introducer", "E-mail",
                 "Mornings before 10", "Speaking slots", "Added to the network"):
        assert text in page, text


def test_archiving_from_the_person_page(owner_client, workspace):
    person = make_person(workspace, "Dana")
    owner_client.post(f"/people/{person.pk}/archive/")
    person.refresh_from_db()
    assert person.is_archived
    assert Activity.objects.filter(action="person.archived").exists()
    owner_client.post(f"/people/{person.pk}/restore/")
    person.refresh_from_db()
    assert not person.is_archived


def test_archive_only_answers_to_post(owner_client, workspace):
    person = make_person(workspace, "Dana")
    assert owner_client.get(f"/people/{person.pk}/archive/").status_code == 405


def test_organisation_and_team_pages_list_their_people(owner_client, workspace, owner):
    from backstory.people.services import organization_create, team_create

    acme = organization_create(workspace, by=owner, name="Acme", is_own=True)
    sales = team_create(workspace, by=owner, organization=acme, name="Sales")
    make_person(workspace, "Dana Sales", team=sales)
    make_person(workspace, "Olga Org", organization=acme)
    org_page = owner_client.get(f"/orgs/{acme.pk}/").text
    assert "Dana Sales" in org_page and "Olga Org" in org_page and "Sales" in org_page
    team_page = owner_client.get(f"/teams/{sales.pk}/").text
    assert "Dana Sales" in team_page and "Olga Org" not in team_page


def test_team_leader_is_chosen_with_the_picker(owner_client, workspace, owner):
    from backstory.people.models import Team
    from backstory.people.services import organization_create

    acme = organization_create(workspace, by=owner, name="Acme")
    boss = make_person(workspace, "Bea Boss", organization=acme)
    owner_client.post(f"/orgs/{acme.pk}/teams/new/", {"name": "Sales", "leader": boss.pk})
    assert Team.objects.get(organization=acme).leader == boss


def test_people_suggest_offers_matching_names(owner_client, workspace):
    make_person(workspace, "Dana Reyes")
    make_person(workspace, "Sam Ortiz")
    response = owner_client.get("/people/suggest/?q=dan")
    assert "Dana Reyes" in response.text and "Sam Ortiz" not in response.text
