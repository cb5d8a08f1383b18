"""The API docs page (Swagger UI) works under the strict Content-Security-Policy: it
shows the operations, with no CSP violation and no script error (the page fixture fails a
test on either)."""

from __future__ import annotations


def test_the_api_docs_page_shows_the_operations_without_a_csp_violation(page, live_server,
                                                                        transactional_db):
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock-summary", timeout=60_000)
    text = page.inner_text("body")
    assert "/api/v1/people" in text
    assert "Backstory API" in text
    assert not page.js_errors, page.js_errors
    assert not page.csp_violations, page.csp_violations
