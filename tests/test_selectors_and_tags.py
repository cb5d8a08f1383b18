"""Selectors know nothing of HTTP (a missing record is ``core.errors.NotFound``, which each
door turns into its own answer), and template tags only render: every read of a page is
made by its view (core.sections for what higher apps add to a page)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from backstory.core.errors import NotFound
from backstory.people import selectors as people_selectors
from backstory.testing import make_person

ROOT = Path(__file__).resolve().parent.parent / "backstory"
# Owned by another branch this session (issue 12, point 8 for follow-ups); drop on merge.
PENDING_TAGS: set[str] = set()
PENDING_SELECTORS: set[str] = set()


def _imports(path: Path) -> set[str]:
    """Every name a module imports: modules, and module.name for ``from`` imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def _modules(pattern: str) -> list[Path]:
    return sorted(p for p in ROOT.rglob(pattern) if "tests" not in p.parts)


def test_no_selector_raises_http404():
    selector_modules = _modules("selectors.py") + _modules("selectors/*.py")
    assert selector_modules
    offenders = {
        str(path.relative_to(ROOT)): sorted(name for name in _imports(path)
                                            if name.endswith(("Http404", "get_object_or_404")))
        for path in selector_modules if str(path.relative_to(ROOT)) not in PENDING_SELECTORS
    }
    offenders = {path: names for path, names in offenders.items() if names}
    assert not offenders, f"selectors that speak HTTP (raise NotFound instead): {offenders}"


def test_no_template_tag_runs_a_selector():
    tag_modules = _modules("templatetags/*.py")
    assert tag_modules
    offenders = {}
    for path in tag_modules:
        name = str(path.relative_to(ROOT))
        if name in PENDING_TAGS:
            continue
        reads = sorted(i for i in _imports(path) if "selectors" in i.split("."))
        if reads:
            offenders[name] = reads
    assert not offenders, ("template tags that read (the page's view must read, e.g. "
                           f"through core.sections): {offenders}")


def test_a_record_of_another_workspace_is_not_found_by_the_selector_and_404_on_the_page(
        personas, client):
    theirs = make_person(personas.outsider_workspace, "Somebody Else")
    with pytest.raises(NotFound):
        people_selectors.person_get(personas.workspace, theirs.pk)
    client.force_login(personas.owner)
    assert client.get(f"/people/{theirs.pk}/").status_code == 404
