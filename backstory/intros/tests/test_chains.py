"""Who introduced the user to whom, and the introductions the user made in turn."""

from backstory.intros import selectors, services
from backstory.testing import make_person


def _people(workspace):
    grace = make_person(workspace, "Grace Kim")
    omar = make_person(workspace, "Omar Haddad", introduced_by=grace)
    lena = make_person(workspace, "Lena Fischer", introduced_by=grace)
    felix = make_person(workspace, "Felix Wagner", introduced_by=omar)
    loner = make_person(workspace, "Sam Ortiz")
    return grace, omar, lena, felix, loner


def test_the_chain_tree_follows_introduced_by(workspace, owner):
    grace, omar, lena, felix, loner = _people(workspace)
    services.introduction_start(workspace, by=owner, person_a=lena, person_b=felix,
                                reason="Both in fintech")
    chains = selectors.chains(workspace)
    assert [r.person for r in chains.roots] == [grace]
    root = chains.roots[0]
    assert [c.person for c in root.children] == [lena, omar]
    omar_node = root.children[1]
    assert [c.person for c in omar_node.children] == [felix]
    assert [i.person_b for i in root.children[0].made] == [felix]
    intro = chains.introductions[0]
    assert intro.via_a == [grace] and intro.via_b == [omar, grace]
    assert loner.pk not in {n.person.pk for n in chains.roots}


def test_focusing_on_a_person_keeps_their_tree_and_introductions(workspace, owner):
    grace, omar, lena, felix, loner = _people(workspace)
    other_root = make_person(workspace, "Mei Tanaka")
    make_person(workspace, "Noah Williams", introduced_by=other_root)
    services.introduction_start(workspace, by=owner, person_a=loner, person_b=other_root,
                                reason="x")
    chains = selectors.chains(workspace, person_id=felix.pk)
    assert [r.person for r in chains.roots] == [grace]
    assert chains.introductions == []


def test_a_cycle_of_introductions_does_not_loop(workspace):
    from backstory.people.models import Person

    a = make_person(workspace, "Ann")
    b = make_person(workspace, "Ben", introduced_by=a)
    Person.objects.filter(pk=a.pk).update(introduced_by=b)  # bad data from an old import
    chains = selectors.chains(workspace)
    assert [r.person.name for r in chains.roots] == ["Ann"]
    assert [c.person.name for c in chains.roots[0].children] == ["Ben"]
    assert chains.roots[0].size == 2
    assert [p.name for p in selectors.introduced_by_chain(workspace, b)] == ["Ann"]


def test_introduced_by_chain_walks_up(workspace):
    grace, omar, lena, felix, loner = _people(workspace)
    assert selectors.introduced_by_chain(workspace, felix) == [omar, grace]
    assert selectors.introduced_by_chain(workspace, loner) == []
