import random

from backstory.demo.intros import seed_intros
from backstory.demo.stories import seed_stories
from backstory.intros.models import Introduction, Opportunity
from backstory.stories.models import Pitch, Tip


def test_every_stories_and_intros_page_renders_on_demo_data(owner_client, workspace, owner):
    seed_stories(workspace, by=owner, rng=random.Random(1))
    seed_intros(workspace, by=owner, rng=random.Random(1))
    tip = Tip.objects.filter(workspace=workspace, status="covered").first()
    pitch = Pitch.objects.filter(workspace=workspace).first()
    intro = Introduction.objects.filter(workspace=workspace, outcome="hired").first()
    opportunity = Opportunity.objects.filter(workspace=workspace).last()
    person = tip.sources.first()
    urls = [
        "/tips/", "/tips/?status=covered", "/tips/?early=1", "/tips/new/",
        f"/tips/{tip.pk}/", f"/tips/{tip.pk}/edit/", f"/tips/{tip.pk}/pitch/",
        f"/pitches/{pitch.pk}/edit/", f"/pitches/{pitch.pk}/coverage/", "/sources/",
        "/intros/", "/intros/?state=all", "/intros/new/", "/intros/chain/",
        f"/intros/chain/?person={intro.person_a_id}", f"/intros/{intro.pk}/",
        f"/intros/{intro.pk}/edit/", "/opportunities/", "/opportunities/?state=all",
        "/opportunities/new/", f"/opportunities/{opportunity.pk}/",
        f"/opportunities/{opportunity.pk}/edit/", f"/people/{person.pk}/",
        f"/people/{intro.person_a_id}/", f"/interactions/{tip.interaction_id}/",
    ]
    for url in urls:
        response = owner_client.get(url)
        assert response.status_code == 200, url
