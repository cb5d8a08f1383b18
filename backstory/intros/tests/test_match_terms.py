"""The index of what people mention (the ``match`` words of people.PersonWord) equals a
fresh computation after every kind of write, and matching reads its candidates from it."""

from __future__ import annotations

from collections import defaultdict

from backstory.intros.terms import candidates, person_terms
from backstory.people.bulk import people_bulk_tag
from backstory.people.models import Person, PersonWord
from backstory.people.services import PersonFields, person_archive, person_update
from backstory.people.words import words_refresh
from backstory.testing import make_person


def _index_is_fresh(workspace) -> None:
    tags = defaultdict(list)
    for person_id, name in Person.tags.through.objects.values_list("person_id", "tag__name"):
        tags[person_id].append(name)
    expected = {(p.pk, term) for p in Person.objects.filter(workspace=workspace)
                for term in person_terms(wants=p.wants, offers=p.offers, title=p.title,
                                         tags=tags[p.pk])}
    stored = set(PersonWord.objects.filter(workspace=workspace, vocabulary="match")
                 .values_list("person_id", "word"))
    assert stored == expected


def test_people_written_through_the_services_keep_their_terms(workspace, owner):
    lena = make_person(workspace, "Lena Fischer", by=owner, title="Product marketer",
                       wants="a product marketing role in fintech", tags=["pmm"])
    _index_is_fresh(workspace)
    person_update(workspace, by=owner, person=lena, data=PersonFields(
        name=lena.name, circle=lena.circle, title="Speaker", wants="speaking slots",
        tags=["events"]))
    assert set(PersonWord.objects.filter(person=lena, vocabulary="match")
               .values_list("word", flat=True)) == {
        "speak", "slot", "event"}
    people_bulk_tag(workspace, by=owner, person_ids=[lena.pk], tags=["Climate"])
    _index_is_fresh(workspace)


def test_imports_merges_and_bulk_writes_keep_the_index(workspace, owner):
    from backstory.transfer.services import import_file, import_undo
    from backstory.transfer.services.merge import person_merge

    csv = ("First Name,Last Name,Email Address,Company,Position\n"
           "Grace,Hopper,g@navy.example,Navy,Compiler engineer\n")
    batch = import_file(workspace, by=owner, data=csv.encode(), name="Connections.csv").batch
    _index_is_fresh(workspace)
    grace = Person.objects.get(workspace=workspace, name="Grace Hopper")
    other = make_person(workspace, "G. Hopper", by=owner, offers="mentoring in compilers")
    person_merge(workspace, by=owner, survivor=grace, other=other)
    _index_is_fresh(workspace)
    import_undo(workspace, by=owner, batch=batch)
    Person.objects.bulk_create([Person(workspace=workspace, name="Bulk", wants="podcasts")])
    words_refresh(workspace)
    _index_is_fresh(workspace)


def test_candidates_are_the_people_who_share_the_most_words(workspace, owner):
    both = make_person(workspace, "Both", by=owner, wants="fintech marketing")
    one = make_person(workspace, "One", by=owner, wants="fintech")
    make_person(workspace, "None", by=owner, wants="gardening")
    gone = make_person(workspace, "Gone", by=owner, wants="fintech marketing")
    person_archive(workspace, by=owner, person=gone)
    assert candidates(workspace, ["fintech", "market"]) == [both.pk, one.pk]
    assert candidates(workspace, ["fintech", "market"], exclude=[both.pk]) == [one.pk]
    assert candidates(workspace, ["fintech"], limit=1) == [one.pk]  # newest among equals
    assert candidates(workspace, []) == []
