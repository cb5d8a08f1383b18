"""Icons are the app's own inline SVGs, never emoji: without an emoji font (many Linux
desktops, fresh containers) an emoji shows as an empty box."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError

import backstory

# Pictographs and the symbols that need an emoji or symbol font to show.
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u26ff\u2b00-\u2bff\u23e9-\u23fa\u2700-\u2709"
                   "\u270e\u2728\ufe0f]")
ROOT = Path(backstory.__file__).parent


def test_no_page_template_uses_an_emoji_as_an_icon():
    found = []
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        if "/email/" in path.as_posix():
            continue  # mail clients bring their own emoji fonts
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if EMOJI.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {EMOJI.findall(line)}")
    assert not found, "\n".join(found)


def test_the_icon_tag_draws_an_inline_svg_in_the_text_colour():
    html = Template('{% load backstory %}{% icon "coffee" %}{% icon "flag" "Early warning" %}'
                    ).render(Context())
    assert html.count("<svg") == 2 and 'stroke="currentColor"' in html
    assert 'aria-hidden="true"' in html and 'aria-label="Early warning"' in html


def test_an_unknown_icon_is_a_template_error_not_an_empty_box():
    with pytest.raises(TemplateSyntaxError):
        Template('{% load backstory %}{% icon "../secret_key" %}').render(Context())


def test_every_icon_ships_with_its_licence():
    icons = ROOT / "core" / "icons"
    assert "ISC License" in (icons / "LICENSE.txt").read_text()
    assert len(list(icons.glob("*.svg"))) >= 40
