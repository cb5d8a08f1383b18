from backstory.testing import make_person


def test_owner_sees_person_on_people_list(owner_client, workspace):
    make_person(workspace, "Dana Reyes", title="Head of Sales")
    response = owner_client.get("/people/")
    assert response.status_code == 200
    assert "Dana Reyes" in response.text


def test_every_main_page_renders_for_owner(owner_client, workspace):
    person = make_person(workspace, "Dana Reyes")
    for url in ["/", "/people/", f"/people/{person.pk}/", "/orgs/", "/interactions/",
                "/actions/", "/settings/", "/people/new/", "/interactions/new/"]:
        assert owner_client.get(url).status_code == 200, url
