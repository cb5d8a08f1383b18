"""Who fits an opportunity: full-text-ish ranking of stated wants, offers and tags."""

import pytest

from backstory.intros import selectors, services
from backstory.intros.matching import Document, rank, stem, terms
from backstory.testing import make_person


@pytest.mark.parametrize(("a", "b"), [
    ("speaking", "speaker"), ("speakers", "speak"), ("marketing", "marketer"),
    ("engineering", "engineers"), ("customers", "customer"), ("hiring", "hired"),
])
def test_word_forms_meet_after_stemming(a, b):
    assert stem(a) == stem(b)


def test_common_words_do_not_count():
    assert terms("Looking for a new role in the fintech space") == ["fintech", "space"]


WEIGHTS = {"wants": 3.0, "tags": 2.0, "title": 1.0, "offers": 0.5}
CORPUS = [
    Document(1, {"wants": "a senior product marketing role in fintech or payments",
                 "tags": "pmm fintech", "title": "Product marketer"}),
    Document(2, {"wants": "speaking slots at developer conferences", "tags": "speaking",
                 "title": "Developer advocate"}),
    Document(3, {"wants": "a marketing role, any industry", "title": "Marketing coordinator"}),
    Document(4, {"wants": "", "offers": "payments expertise, product marketing mentoring",
                 "title": "VP Marketing"}),
    Document(5, {"wants": "a head of content role at a climate company", "tags": "content"}),
    Document(6, {"wants": "a data visualisation freelance project", "title": "Analyst"}),
]


def test_a_fintech_product_marketing_job_ranks_the_fintech_marketer_first():
    matches = rank("Senior product marketing manager, payments (fintech)", CORPUS, WEIGHTS)
    assert [m.key for m in matches] == [1, 4, 3]
    assert matches[0].matched["wants"] == ["senior", "product", "marketing", "payments",
                                           "fintech"]
    assert matches[0].matched["tags"] == ["fintech"]


def test_a_speaking_slot_finds_the_would_be_speaker_only():
    assert [m.key for m in rank("Speaker wanted: 20-minute talk", CORPUS, WEIGHTS)] == [2]


def test_rare_words_outweigh_common_ones():
    # "marketing" is in three documents, "climate" in one: the climate match wins.
    matches = rank("content marketing, climate", CORPUS, WEIGHTS)
    assert matches[0].key == 5


def test_no_words_in_common_means_no_match():
    assert rank("Plumbing apprenticeship", CORPUS, WEIGHTS) == []
    assert rank("", CORPUS, WEIGHTS) == []


def test_matches_on_a_workspace_use_wants_for_offers_and_offers_for_requests(workspace, owner):
    lena = make_person(workspace, "Lena Fischer", wants="product marketing role in fintech",
                       tags=["pmm"])
    jonas = make_person(workspace, "Jonas Berg", offers="customer reference for logistics")
    make_person(workspace, "Silent Person")
    omar = make_person(workspace, "Omar Haddad", wants="product marketing manager for fintech")
    job = services.opportunity_create(workspace, by=owner, data=services.OpportunityFields(
        kind="job", title="Product marketing manager, fintech", contact=omar))
    rows = selectors.opportunity_matches(workspace, job)
    assert [r.person for r in rows] == [lena]  # the contact is never matched to their own job
    assert rows[0].why[0] == ("looking for", ["product", "marketing", "fintech"])
    request = services.opportunity_create(workspace, by=owner, data=services.OpportunityFields(
        kind="customer_reference", title="Logistics customer reference needed"))
    assert [r.person for r in selectors.opportunity_matches(workspace, request)] == [jonas]


def test_matches_say_why_in_words_and_leave_out_who_brought_it(workspace, owner, client):
    sam = make_person(workspace, "Sam Ortiz", wants="speaking slots at open data events")
    hana = make_person(workspace, "Hana Sato", wants="Speaking slots; a fintech audience",
                       tags=["open-data"])
    talk = services.opportunity_create(workspace, by=owner, data=services.OpportunityFields(
        kind="speaking", title="Speaking slot at the Open Data Summit", brought_by=sam,
        keywords="speaking open data fintech"))
    rows = selectors.opportunity_matches(workspace, talk)
    assert [r.person for r in rows] == [hana]  # Sam brought it: not matched to it
    assert rows[0].reason.startswith("looking for: Speaking slots, fintech")
    client.force_login(owner)
    page = client.get(f"/opportunities/{talk.pk}/").content.decode()
    assert "Why: looking for: Speaking slots, fintech" in page
    assert f"{rows[0].score}" not in page and "Match score" not in page
