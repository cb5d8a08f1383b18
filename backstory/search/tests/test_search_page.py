"""The search page, its in-place results and the header's live results."""

from __future__ import annotations

from backstory.testing import make_interaction, make_person


def test_the_header_search_box_is_on_every_page(owner_client):
    for url in ("/", "/people/", "/interactions/", "/search/"):
        assert 'id="site-search"' in owner_client.get(url).text


def test_results_are_grouped_by_kind_and_link_to_their_pages(owner_client, corpus):
    response = owner_client.get("/search/", {"q": "dana"})
    html = response.text
    assert response.status_code == 200
    assert html.index(">People<") < html.index(">Interactions<")
    assert f'href="/people/{corpus.dana.pk}/"' in html
    assert f'href="/interactions/{corpus.coffee.pk}/"' in html
    assert "<mark>Dana</mark> Whitfield" in html


def test_organisations_link_to_their_page(owner_client, corpus):
    html = owner_client.get("/search/", {"q": "acme"}).text
    assert ">Organisations<" in html and f'href="/orgs/{corpus.acme.pk}/"' in html


def test_the_empty_page_explains_what_search_finds(owner_client):
    html = owner_client.get("/search/").text
    assert "Find anyone and anything you wrote down" in html


def test_no_results_say_so_and_suggest_what_to_try(owner_client, corpus):
    html = owner_client.get("/search/", {"q": "zeppelin"}).text
    assert "Nothing matches “zeppelin”" in html
    assert "Check the spelling" in html


def test_a_query_of_punctuation_only_is_told_to_use_words(owner_client):
    assert "Search with words" in owner_client.get("/search/", {"q": "?!*"}).text


def test_notes_and_names_are_escaped_in_results(owner_client, workspace, owner):
    person = make_person(workspace, "Eve <script>alert(1)</script>", by=owner)
    make_interaction(workspace, [person], by=owner,
                     notes='<img src=x onerror="alert(2)"> script kiddie **bold**')
    html = owner_client.get("/search/", {"q": "script"}).text
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;<mark>script</mark>&gt;alert(1)" in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html


def test_htmx_gets_only_the_results(owner_client, corpus):
    response = owner_client.get("/search/", {"q": "dana"}, headers={
        "HX-Request": "true", "HX-Target": "search-results"})
    assert "<html" not in response.text and ">People<" in response.text


def test_the_header_gets_a_short_live_list_with_a_link_to_everything(owner_client, corpus):
    response = owner_client.get("/search/", {"q": "dan"}, headers={
        "HX-Request": "true", "HX-Target": "search-live"})
    html = response.text
    assert "<html" not in html
    assert f'href="/people/{corpus.dana.pk}/"' in html
    assert 'href="/search/?q=dan"' in html
    assert owner_client.get("/search/", {"q": ""}, headers={
        "HX-Request": "true", "HX-Target": "search-live"}).text.strip() == ""


def test_more_of_one_kind(owner_client, workspace, owner):
    for i in range(12):
        make_person(workspace, f"Robin {i:02d}", by=owner)
    html = owner_client.get("/search/", {"q": "robin"}).text
    assert "type=person" in html and html.count('class="person-row search-hit') == 10
    html = owner_client.get("/search/", {"q": "robin", "type": "person"}).text
    assert html.count('class="person-row search-hit') == 12
    assert "Showing only people" in html


def test_viewers_may_search_and_strangers_must_sign_in(client, personas, corpus):
    client.force_login(personas.viewer)
    assert "Whitfield" in client.get("/search/", {"q": "dana"}).text
    client.logout()
    response = client.get("/search/", {"q": "dana"})
    assert response.status_code == 302 and "/signin/" in response["Location"]
