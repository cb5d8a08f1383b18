"""Static files are served as they are, so a broken one breaks every page's look."""

from pathlib import Path

import backstory

STATIC = Path(backstory.__file__).parent / "core" / "static" / "backstory"


def _without_comments(css: str) -> str:
    import re

    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


def test_the_stylesheet_has_balanced_braces_so_no_rule_swallows_the_rest():
    css = _without_comments((STATIC / "app.css").read_text())
    depth = 0
    for number, line in enumerate(css.splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"app.css line {number}: a '}}' closes nothing"
    assert depth == 0, "app.css: a '{' is never closed"


def test_no_source_file_holds_a_merge_conflict_marker():
    root = Path(backstory.__file__).parent
    for path in root.rglob("*"):
        if path.suffix in {".py", ".html", ".css", ".js", ".md", ".txt"}:
            text = path.read_text(errors="replace")
            for marker in ("<" * 7 + " ", ">" * 7 + " "):
                assert marker not in text, f"{path.relative_to(root)} has a conflict marker"
