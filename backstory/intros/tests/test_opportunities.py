"""Opportunities: one click on a match starts an introduction or an action item."""

import pytest

from backstory.core.errors import DomainError
from backstory.interactions.models import ActionItem
from backstory.intros import selectors, services
from backstory.intros.models import Introduction, Opportunity, OpportunityLead
from backstory.testing import make_person


@pytest.fixture
def job(workspace, owner):
    omar = make_person(workspace, "Omar Haddad", title="VP Marketing")
    return services.opportunity_create(workspace, by=owner, data=services.OpportunityFields(
        kind="job", title="Product marketing manager", organization_name="Fintrack",
        contact=omar, keywords="fintech"))


def test_introducing_a_match_to_the_contact_starts_a_double_opt_in(workspace, owner, job):
    lena = make_person(workspace, "Lena Fischer", wants="product marketing job in fintech")
    lead = services.opportunity_refer(workspace, by=owner, opportunity=job, person=lena,
                                      how="intro")
    intro = lead.introduction
    assert (intro.person_a, intro.person_b, intro.opportunity) == (lena, job.contact, job)
    assert intro.status == "proposed" and intro.reason == "Job posting: Product marketing manager"
    with pytest.raises(DomainError, match="already started an introduction for Lena"):
        services.opportunity_refer(workspace, by=owner, opportunity=job, person=lena, how="intro")
    row = selectors.opportunity_matches(workspace, job)[0]
    assert row.person == lena and row.lead.introduction == intro


def test_telling_a_match_adds_an_action_item_once(workspace, owner, job):
    lena = make_person(workspace, "Lena Fischer")
    lead = services.opportunity_refer(workspace, by=owner, opportunity=job, person=lena,
                                      how="action")
    assert lead.action_item.text == (
        "Tell Lena Fischer about “Product marketing manager” at Fintrack")
    assert lead.action_item.person == lena
    with pytest.raises(DomainError, match="on your list already"):
        services.opportunity_refer(workspace, by=owner, opportunity=job, person=lena,
                                   how="action")
    # Both kinds of action can be taken for the same person: still one lead row.
    services.opportunity_refer(workspace, by=owner, opportunity=job, person=lena, how="intro")
    assert OpportunityLead.objects.count() == 1


def test_no_introduction_without_a_contact_and_nothing_on_a_closed_opportunity(workspace, owner):
    lena = make_person(workspace, "Lena Fischer")
    slot = services.opportunity_create(workspace, by=owner, data=services.OpportunityFields(
        kind="speaking", title="Talk at the summit"))
    with pytest.raises(DomainError, match="no contact person to introduce Lena Fischer to"):
        services.opportunity_refer(workspace, by=owner, opportunity=slot, person=lena,
                                   how="intro")
    services.opportunity_close(workspace, by=owner, opportunity=slot, closed=True)
    with pytest.raises(DomainError, match="This opportunity is closed"):
        services.opportunity_refer(workspace, by=owner, opportunity=slot, person=lena,
                                   how="action")
    assert not Introduction.objects.exists() and not ActionItem.objects.exists()


def test_a_hire_through_the_introduction_closes_the_job(workspace, owner, job):
    lena = make_person(workspace, "Lena Fischer")
    intro = services.opportunity_refer(workspace, by=owner, opportunity=job, person=lena,
                                       how="intro").introduction
    for step in ("ask_a", "a_agreed", "ask_b", "introduce"):
        intro = services.introduction_step(workspace, by=owner, introduction=intro, step=step)
    services.introduction_record_outcome(workspace, by=owner, introduction=intro,
                                         outcome="hired")
    assert not Opportunity.objects.get(pk=job.pk).is_open


def test_an_opportunity_needs_a_title_and_a_known_kind(workspace, owner):
    with pytest.raises(DomainError) as caught:
        services.opportunity_create(workspace, by=owner, data=services.OpportunityFields(
            kind="lottery", title=" "))
    assert set(caught.value.field_errors) == {"kind", "title"}
    with pytest.raises(DomainError) as caught:
        services.opportunity_create(workspace, by=owner, data=services.OpportunityFields(
            kind="job", title="Job", url="not a url"))
    assert "url" in caught.value.field_errors


def test_closing_twice_is_refused(workspace, owner, job):
    services.opportunity_close(workspace, by=owner, opportunity=job, closed=True)
    with pytest.raises(DomainError, match="closed already"):
        services.opportunity_close(workspace, by=owner, opportunity=job, closed=True)
    services.opportunity_close(workspace, by=owner, opportunity=job, closed=False)
    assert Opportunity.objects.get(pk=job.pk).is_open
