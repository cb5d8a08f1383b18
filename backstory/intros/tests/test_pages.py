"""The introductions and opportunities pages, as a user clicks through them."""

from django.test import Client

from backstory.interactions.models import ActionItem
from backstory.intros.models import Introduction, Opportunity
from backstory.testing import make_interaction, make_person


def test_a_double_opt_in_introduction_from_start_to_hire(owner_client, workspace):
    lena = make_person(workspace, "Lena Fischer", wants="a product marketing role")
    omar = make_person(workspace, "Omar Haddad", offers="hiring for product marketing")
    form = owner_client.get(f"/intros/new/?a={lena.pk}").content.decode()
    assert "Lena Fischer" in form
    response = owner_client.post("/intros/new/", {
        "person_a": lena.pk, "person_b": omar.pk, "reason": "Omar is hiring"})
    intro = Introduction.objects.get()
    assert response["Location"] == f"/intros/{intro.pk}/"
    page = owner_client.get(f"/intros/{intro.pk}/").content.decode()
    assert "Draft: ask Lena Fischer" in page and "Subject: Would an introduction to Omar" in page
    for step, draft in (("ask_a", "Draft: ask Lena Fischer"), ("a_agreed", "Draft: ask Omar"),
                        ("ask_b", "Draft: the introduction"),
                        ("introduce", "How did it go?")):
        owner_client.post(f"/intros/{intro.pk}/step/", {"step": step})
        assert draft in owner_client.get(f"/intros/{intro.pk}/").content.decode()
    owner_client.post(f"/intros/{intro.pk}/outcome/", {"outcome": "hired", "note": "Starts May"})
    intro.refresh_from_db()
    assert (intro.status, intro.outcome) == ("introduced", "hired")
    person_page = owner_client.get(f"/people/{omar.pk}/").content.decode()
    assert "↔ Lena Fischer" in person_page and "Led to a hire" in person_page


def test_a_step_out_of_order_shows_the_reason(owner_client, workspace):
    lena, omar = make_person(workspace, "Lena Fischer"), make_person(workspace, "Omar Haddad")
    owner_client.post("/intros/new/", {"person_a": lena.pk, "person_b": omar.pk,
                                       "reason": "Why not"})
    intro = Introduction.objects.get()
    response = owner_client.post(f"/intros/{intro.pk}/step/", {"step": "introduce"},
                                 follow=True)
    assert "Both must say yes before you introduce them" in response.content.decode()


def test_the_new_introduction_form_explains_what_is_missing(owner_client, workspace):
    lena = make_person(workspace, "Lena Fischer")
    body = owner_client.post("/intros/new/", {"person_a": lena.pk, "person_b": lena.pk,
                                              "reason": "Hi"}).content.decode()
    assert "cannot be introduced to themselves" in body
    body = owner_client.post("/intros/new/", {"reason": "Hi"}).content.decode()
    assert "Choose the first person" in body


def test_a_viewer_cannot_take_a_step(workspace, owner, personas):
    from backstory.intros import services

    intro = services.introduction_start(workspace, by=owner,
                                        person_a=make_person(workspace, "A Person"),
                                        person_b=make_person(workspace, "B Person"), reason="x")
    viewer = Client()
    viewer.force_login(personas.viewer)
    assert viewer.get(f"/intros/{intro.pk}/").status_code == 200
    assert viewer.post(f"/intros/{intro.pk}/step/", {"step": "ask_a"}).status_code == 403
    assert Introduction.objects.get().status == "proposed"


def test_a_new_job_posting_shows_who_was_looking_for_it(owner_client, workspace):
    lena = make_person(workspace, "Lena Fischer",
                       wants="a senior product marketing role in fintech")
    make_person(workspace, "Sam Ortiz", wants="speaking slots at conferences")
    omar = make_person(workspace, "Omar Haddad")
    response = owner_client.post("/opportunities/new/", {
        "kind": "job", "title": "Senior product marketing manager", "keywords": "fintech",
        "contact": omar.pk})
    job = Opportunity.objects.get()
    assert response["Location"] == f"/opportunities/{job.pk}/"
    page = owner_client.get(f"/opportunities/{job.pk}/").content.decode()
    assert "Lena Fischer" in page and "Sam Ortiz" not in page
    assert "Introduce to Omar Haddad" in page
    response = owner_client.post(f"/opportunities/{job.pk}/refer/",
                                 {"person": lena.pk, "how": "intro"})
    intro = Introduction.objects.get()
    assert response["Location"] == f"/intros/{intro.pk}/"
    owner_client.post(f"/opportunities/{job.pk}/refer/", {"person": lena.pk, "how": "action"})
    assert ActionItem.objects.get().text.startswith("Tell Lena Fischer about")
    page = owner_client.get(f"/opportunities/{job.pk}/").content.decode()
    assert "Introduction: not asked yet" in page and "Action item" in page


def test_the_chain_page_and_the_person_page_show_who_introduced_whom(owner_client, workspace):
    grace = make_person(workspace, "Grace Kim")
    omar = make_person(workspace, "Omar Haddad", introduced_by=grace)
    lena = make_person(workspace, "Lena Fischer", introduced_by=omar)
    chain = owner_client.get("/intros/chain/").content.decode()
    assert "Grace Kim" in chain and "introduced you to 1" in chain
    person = owner_client.get(f"/people/{lena.pk}/").content.decode()
    assert "You met Lena Fischer through" in person
    assert person.index("Omar Haddad</a>, who you met through") < person.index("Grace Kim</a>")


def test_the_person_page_shows_the_give_and_receive_balance(owner_client, workspace, owner):
    grace = make_person(workspace, "Grace Kim")
    make_interaction(workspace, [grace], by=owner, value="gave")
    make_interaction(workspace, [grace], by=owner, value="gave")
    make_interaction(workspace, [grace], by=owner, value="received")
    page = owner_client.get(f"/people/{grace.pk}/").content.decode()
    assert "Give and receive" in page
    assert "You have given more than you received (2 to 1)" in page
    assert '<svg class="balance-chart"' in page and "You helped them · 2" in page


def test_an_introduction_asked_a_week_ago_is_listed_by_that_day(owner_client, workspace, owner):
    from datetime import timedelta

    from django.utils import timezone

    from backstory.intros import services

    intro = services.introduction_start(
        workspace, by=owner, person_a=make_person(workspace, "Jonas Berg"),
        person_b=make_person(workspace, "Felix Brandt"), reason="A customer reference")
    asked = timezone.localdate() - timedelta(days=7)
    services.introduction_step(workspace, by=owner, introduction=intro, step="ask_a", on=asked)
    listed = owner_client.get("/intros/").content.decode()
    assert "7 days ago" in listed and f"{asked.day} {asked:%b}" in listed
    assert "today" not in listed.split("Jonas Berg")[1].split("</li>")[0]


def test_the_demo_introductions_are_dated_by_when_they_happened(workspace, owner):
    import random

    from django.utils import timezone

    from backstory.demo.intros import seed_intros
    seed_intros(workspace, by=owner, rng=random.Random(7))
    today = timezone.localdate()
    dates = {timezone.localtime(i.status_changed_at).date()
             for i in Introduction.objects.filter(workspace=workspace)}
    assert len(dates) > 5 and dates != {today}
    proposed = {timezone.localtime(i.created_at).date()
                for i in Introduction.objects.filter(workspace=workspace)}
    assert min(proposed) < today
