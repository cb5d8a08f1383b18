import pytest

from backstory.core.markdown import plain_excerpt, render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_markup_in_a_note_never_survives_rendering(payload):
    html = render_markdown(f"Note\n\n{payload}")
    lowered = html.lower()
    assert "<script" not in lowered and "onerror" not in lowered and "onload" not in lowered
    assert 'href="javascript' not in lowered and "<iframe" not in lowered
    assert "<style" not in lowered and "style=" not in lowered


def test_markdown_keeps_its_formatting():
    html = render_markdown("**Acme** win\n\n- one\n- two\n\n[site](https://acme.example)")
    assert "<strong>Acme</strong>" in html and "<li>one</li>" in html
    assert 'href="https://acme.example"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_excerpt_is_plain_text():
    assert plain_excerpt("**Bold** and <b>tags</b> & more", 100) == "Bold and tags & more"
    assert plain_excerpt("word " * 100, 20).endswith("…")
