"""A newcomer brings in their LinkedIn connections: upload, preview, commit, watch the
progress bar finish, and undo the whole batch."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

LINKEDIN = (Path(__file__).resolve().parents[2] / "backstory" / "transfer" / "tests" /
            "fixtures" / "linkedin_connections.csv")


def test_upload_preview_commit_watch_progress_and_undo(signed_in_page, job_worker):
    page = signed_in_page
    page.get_by_label("Account and workspace menu").click()
    page.get_by_role("link", name="Import / export").click()
    expect(page.get_by_role("heading", name="Import / export")).to_be_visible()
    page.get_by_label("File to import").set_input_files(str(LINKEDIN))
    page.get_by_role("button", name="Upload and preview").click()
    if job_worker.process is None:  # else a worker process may already be done with it
        # The upload answers at once; the file is read by a background job.
        expect(page.get_by_role("heading", name="Reading the file")).to_be_visible()
        job_worker.run()

    expect(page.get_by_role("heading", name="Check what will happen")).to_be_visible()
    table = page.locator("#import-table")
    expect(table).to_contain_text("Dana Reyes")
    expect(table).to_contain_text("Zoë Müller")
    skipped = page.locator("tr", has_text="Why: no name, profile or e-mail")
    expect(skipped).to_contain_text("7")

    # Decide to leave one person out, in place.
    row = page.locator("tr", has_text="Zoë Müller")
    row.get_by_role("combobox").select_option("skip")
    expect(page.locator("tr", has_text="Zoë Müller")).to_contain_text("Your decision: skip")

    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("button", name=re.compile(r"^Import \d+ rows")).click()
    if job_worker.process is None:
        expect(page.get_by_role("heading", name="Importing")).to_be_visible()
        expect(page.get_by_text("✓ Imported")).to_have_count(0)
        job_worker.run()
    # When the job is done, the page shows the committed batch without a reload: the
    # summary, the status in the header, the rows as imported (no decisions left).
    expect(page.get_by_role("heading", name=re.compile(r"^Imported "))).to_be_visible(
        timeout=20_000)
    # The poll swapped the page in (a worker process may be done before the first poll).
    if job_worker.process is None:
        expect(page.get_by_text("Import finished.")).to_be_visible()
    expect(page.get_by_text("✓ Imported").first).to_be_visible()
    expect(page.get_by_text("Ready to review")).to_have_count(0)
    expect(page.get_by_role("heading", name="Check what will happen")).to_have_count(0)
    expect(page.locator("#import-table").get_by_role("combobox")).to_have_count(0)
    expect(page.get_by_role("button", name="↶ Undo this import")).to_be_visible()
    assert page.evaluate("window.stillTheSamePage") is True

    page.goto("/people/")
    expect(page.locator(".person-row", has_text="Dana Reyes")).to_be_visible()
    expect(page.locator(".person-row", has_text="Zoë Müller")).to_have_count(0)

    page.goto("/transfer/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_text(re.compile(r"Import undone: 3 people removed"))).to_be_visible()
    expect(page.get_by_text("↶ Undone")).to_be_visible()
    page.goto("/people/")
    expect(page.locator(".person-row")).to_have_count(0)
    assert not page.js_errors
