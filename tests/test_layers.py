"""The apps form layers: an app imports only the apps below it, never one above it, and no
two apps import each other (docs/architecture.md draws the picture).

Every ``import`` of every module is read with ``ast`` — the ones inside functions too, so a
function-level import cannot hide an arrow that runs back up.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "backstory"

# The layers, from the ground up. An app may import any app on a lower line (and its own);
# the apps on one line do not import each other. docs/architecture.md explains each line.
LAYERS: list[set[str]] = [
    {"core"},  # errors, forms, HTTP helpers, bulk writes, words: no domain
    {"workspaces"},  # users, memberships, activity: every record's owner
    {"people"},  # people, organisations, teams, tags, names
    {"interactions"},  # touches and action items; interactions/kinds.py: the kinds of touch
    {"followups"},  # cadences, follow-up state, stored window dates, habit
    {"search"},  # the search index over people and interactions
    {"stories"},  # tips and pitches
    {"intros"},  # introductions and opportunities (ranks with the stories' sources)
    {"team"},  # warm paths and coverage: the members' relationships and intro requests
    {"transfer"},  # import, export, backup, restore, merge
    {"webhooks"},  # an owner's URLs for the events the apps below publish (core.events)
    {"desk"},  # quick-log and the Today agenda: they combine the apps below
    {"demo"},  # the sample workspace and the first start (it seeds every app)
    {"bench"},  # the benchmark builder and load tests (they build on the demo's words)
]
# Entry points: they start the program and may import anything; nothing imports them.
# The API (backstory/api/) is a door too: like the pages and the commands, it calls the
# services and selectors of any app, and no app imports it.
DOORS = {"urls", "wsgi", "cli", "settings", "pytest_env", "testing", "api"}

# Arrows that still run back up, each named file -> app with the reason and what removes it.
# The list may only shrink: an entry that no longer matches an import fails the test too.
KNOWN_UPWARD: dict[tuple[str, str], str] = {
    # Derived values: what the one write pipeline (core.derived) has not yet taken over.
    ("backstory/workspaces/services.py", "followups"): "follow-up prefs and stored values",
    ("backstory/people/services.py", "interactions"): "merge counts touches (pipeline)",
    # The people list shows follow-up state and searches: its pages read higher apps.
    ("backstory/people/selectors.py", "followups"): "people list with follow-up state",
    ("backstory/people/selectors.py", "search"): "people list search",
    ("backstory/people/views.py", "followups"): "person page shows the follow-up",
    ("backstory/people/views.py", "interactions"): "person page shows the timeline",
    # Stories and intros export sheets through transfer's sheet registry.
    ("backstory/stories/apps.py", "transfer"): "sheet registry",
    ("backstory/stories/sheets.py", "transfer"): "sheet registry",
    ("backstory/intros/apps.py", "transfer"): "sheet registry",
    ("backstory/intros/sheets.py", "transfer"): "sheet registry",
    ("backstory/stories/ranking.py", "intros"): "tip ranking uses intros' matching",
}


def _app_order() -> dict[str, int]:
    return {app: floor for floor, apps in enumerate(LAYERS) for app in apps}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    return _imports_of(path.read_text(encoding="utf-8"), _module_name(path),
                       is_package=path.name == "__init__.py")


def _imports_of(text: str, module: str, *, is_package: bool = False) -> list[tuple[int, str]]:
    """Every module this source imports, at any depth of the file, with its line."""
    tree = ast.parse(text)
    here = module.split(".")
    package = here if is_package else here[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            # `from backstory import people` names an app too.
            if name == "backstory":
                found += [(node.lineno, f"backstory.{a.name}") for a in node.names]
    return found


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "backstory" and len(parts) > 1 else None


def _source_files() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py"))
            if "tests" not in p.relative_to(PACKAGE).parts
            and "migrations" not in p.relative_to(PACKAGE).parts]


def _arrows() -> list[tuple[str, int, str, str]]:
    """(file, line, app it is in, app it imports) for every import between two apps."""
    arrows = []
    for path in _source_files():
        source = _app(_module_name(path))
        for line, module in _imports(path):
            target = _app(module)
            if target and source and target != source:
                arrows.append((str(path.relative_to(ROOT)), line, source, target))
    return arrows


def _is_door(path: str, app: str) -> bool:
    return app in DOORS or "/management/commands/" in path


def test_every_app_has_a_layer():
    apps = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    missing = (apps | modules) - set(_app_order()) - DOORS - {"__init__"}
    assert not missing, f"put these in LAYERS or DOORS of tests/test_layers.py: {missing}"


def test_no_app_imports_an_app_above_it():
    order = _app_order()
    upward, seen_known = [], set()
    for path, line, source, target in _arrows():
        if _is_door(path, source):
            continue
        if target in DOORS:
            upward.append(f"{path}:{line} imports the entry point backstory.{target}")
        elif order[target] >= order[source] and target != source:
            if (path, target) in KNOWN_UPWARD:
                seen_known.add((path, target))
                continue
            upward.append(f"{path}:{line} ({source}) imports {target}, which is not below it")
    assert not upward, "imports that run back up:\n" + "\n".join(upward)
    stale = set(KNOWN_UPWARD) - seen_known
    assert not stale, f"these no longer import upward; take them off KNOWN_UPWARD: {stale}"


def test_no_import_circle_between_apps_outside_the_known_list():
    graph: dict[str, set[str]] = {}
    for path, _line, source, target in _arrows():
        if _is_door(path, source) or (path, target) in KNOWN_UPWARD:
            continue
        graph.setdefault(source, set()).add(target)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    circles = sorted(app for app in graph if reaches(app, app, {app}))
    assert not circles, f"apps in an import circle: {circles}"


@pytest.mark.parametrize("text, expected", [
    ("def f():\n    from backstory.desk import agenda\n", "backstory.desk"),
    ("def f():\n    import backstory.transfer.services.merge\n", "backstory.transfer"),
    ("from ...desk import agenda\n", "backstory.desk"),
    ("from backstory import desk\n", "backstory.desk"),
])
def test_the_reader_sees_imports_inside_functions_and_relative_ones(text, expected):
    names = [name for _line, name in _imports_of(text, "backstory.people.sub.probe")]
    assert any(_app(name) == _app(expected) for name in names), names
