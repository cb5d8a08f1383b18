"""Finding the person a row is about: in the workspace, or earlier in the same file.

Strong keys first (LinkedIn profile, e-mail, phone — normalised by people.normalize),
then the name: the same name at the same organisation is the same person; a very
similar name (rapidfuzz) is only a *possible* duplicate for the user to decide. Fuzzy
comparison happens inside blocks (names sharing a key from people.normalize
.name_block_keys), never across all pairs, so matching stays linear in the data size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from backstory.people import normalize
from backstory.people.models import ContactPoint, Person
from backstory.workspaces.models import Workspace

from .mapping import Candidate

FUZZY_NAME = 90  # token-sort ratio of normalised names for a possible duplicate
SIMILAR_ORG = 85
# A shared e-mail or phone under a clearly different name is suspect (an office line, a
# team mailbox): below these name similarities it is only a possible duplicate.
NAME_FOR_KEY = {"email": 45, "phone": 80}
BLOCK_LIMIT = 400


class Target:
    """A person a row can land on: already in Backstory (person_id) or new in this file."""

    __slots__ = ("person_id", "name", "name_key", "org_key", "linkedin", "line", "candidate",
                 "sheet", "new")

    def __init__(self, *, person_id: int | None, name: str, name_key: str, org_key: str,
                 linkedin: str = "", line: int = 0, sheet: str = "",
                 candidate: Candidate | None = None):
        self.person_id = person_id
        self.name = name
        self.name_key = name_key
        self.org_key = org_key
        self.linkedin = linkedin
        self.line = line
        self.sheet = sheet
        # The row's values until it is written; then only its id is needed, so the
        # writer lets go of them and memory stays flat over a long file.
        self.candidate = candidate
        self.new = candidate is not None

    @property
    def is_new(self) -> bool:
        """Created by this import (earlier in the file), not found in the workspace."""
        return self.new


@dataclass
class Match:
    target: Target
    how: str  # linkedin | email | phone | name | similar name
    confident: bool
    score: float = 100.0


class Matcher:
    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], Target] = {}
        self.by_name: dict[str, list[Target]] = defaultdict(list)
        # Per block, the targets and (in the same order) their name keys, so that one
        # rapidfuzz call compares a name with a whole block in C.
        self.blocks: dict[str, list[Target]] = defaultdict(list)
        self.block_names: dict[str, list[str]] = defaultdict(list)
        self.by_id: dict[int, Target] = {}

    @classmethod
    def for_workspace(cls, workspace: Workspace) -> Matcher:
        """Index every person of the workspace (streamed; a few hundred bytes each)."""
        matcher = cls()
        people = (Person.objects.filter(workspace=workspace)
                  .values_list("id", "name", "organization__name")
                  .order_by("id"))
        for person_id, name, org in people.iterator(chunk_size=5000):
            name_key, blocks = normalize.name_keys(name)
            target = Target(person_id=person_id, name=name, name_key=name_key,
                            org_key=normalize.normalize_organization(org or ""))
            matcher.by_id[person_id] = target
            matcher._index_name(target, blocks)
        points = (ContactPoint.objects.filter(workspace=workspace,
                                              kind__in=("linkedin", "email", "phone"))
                  .exclude(normalized="")
                  .values_list("person_id", "kind", "normalized").order_by("id"))
        for person_id, kind, normalized in points.iterator(chunk_size=10000):
            target = matcher.by_id.get(person_id)
            if target is None:
                continue
            if kind == "linkedin" and not target.linkedin:
                target.linkedin = normalized
            if kind != "phone" or sum(ch.isdigit() for ch in normalized) >= 7:
                matcher.by_key.setdefault((kind, normalized), target)
        return matcher

    def _index_name(self, target: Target, blocks: list[str]) -> None:
        if target.name_key:
            self.by_name[target.name_key].append(target)
        for block in blocks:
            bucket = self.blocks[block]
            if len(bucket) < BLOCK_LIMIT:
                bucket.append(target)
                self.block_names[block].append(target.name_key)

    def add(self, target: Target, candidate: Candidate) -> None:
        """Index a row that became (or merged into) a target, for the rows after it."""
        if target.person_id is not None:
            self.by_id.setdefault(target.person_id, target)
        for key in candidate.strong_keys:
            self.by_key.setdefault(key, target)
        if candidate.linkedin and not target.linkedin:
            target.linkedin = candidate.linkedin
        if target.candidate is candidate:
            self._index_name(target, candidate.blocks)

    def new_target(self, candidate: Candidate, *, line: int, sheet: str = "") -> Target:
        target = Target(person_id=None, name=candidate.name, name_key=candidate.name_key,
                        org_key=candidate.org_key, linkedin=candidate.linkedin, line=line,
                        sheet=sheet, candidate=candidate)
        self.add(target, candidate)
        return target

    def match(self, candidate: Candidate) -> Match | None:
        for key in candidate.strong_keys:
            target = self.by_key.get(key)
            if target is None:
                continue
            if candidate.linkedin and target.linkedin and candidate.linkedin != target.linkedin:
                continue  # two different LinkedIn profiles: two people sharing an address
            similar = fuzz.token_sort_ratio(candidate.name_key, target.name_key)
            if key[0] in NAME_FOR_KEY and not candidate.name_is_fallback and \
                    similar < NAME_FOR_KEY[key[0]]:
                return Match(target, key[0], confident=False, score=similar)
            return Match(target, key[0], confident=True)
        if not candidate.name_key:
            return None
        possible: Match | None = None
        profile = candidate.linkedin
        for target in self.by_name.get(candidate.name_key, ()):
            if profile and target.linkedin and target.linkedin != profile:
                continue  # the same name, but another LinkedIn profile: someone else
            if target.org_key == candidate.org_key:
                return Match(target, "name", confident=True)
            if possible is None:
                possible = Match(target, "name", confident=False)
        if possible is not None:
            return possible
        best: Match | None = None
        for block in candidate.blocks:
            names = self.block_names.get(block)
            if not names:
                continue
            targets = self.blocks[block]
            # Name keys are already sorted words, so a plain ratio is the token-sort ratio.
            for _name, score, index in process.extract(
                    candidate.name_key, names, scorer=fuzz.ratio,
                    score_cutoff=FUZZY_NAME, limit=8):
                target = targets[index]
                if _conflicting_profiles(candidate, target):
                    continue
                if candidate.org_key and target.org_key and fuzz.ratio(
                        candidate.org_key, target.org_key) < SIMILAR_ORG:
                    continue
                if best is None or score > best.score:
                    best = Match(target, "similar name", confident=False, score=score)
        return best


def _conflicting_profiles(candidate: Candidate, target: Target) -> bool:
    return bool(candidate.linkedin and target.linkedin and candidate.linkedin != target.linkedin)
