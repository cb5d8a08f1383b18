"""The Excel export opens in LibreOffice (headless), with its formulas left as text."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest

from backstory.transfer.exporters import get_exporter

from .helpers import build_network

# Field separator, text delimiter, UTF-8, first line, …, "as shown", …, every sheet (-1).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
def test_the_workbook_opens_in_libreoffice_with_every_sheet(workspace, owner, tmp_path):
    build_network(workspace, owner)
    path = tmp_path / "network.xlsx"
    with open(path, "wb") as handle:
        get_exporter("xlsx").write(workspace, handle)
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", CSV_FILTER, "--outdir", str(tmp_path / "out"), str(path)],
        capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    written = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"network-People.csv", "network-Interactions.csv",
            "network-Action items.csv"} <= written
    people = list(csv.DictReader(io.StringIO(
        (tmp_path / "out" / "network-People.csv").read_text(encoding="utf-8"))))
    lois = next(r for r in people if r["Name"] == "Lois Lane")
    assert lois["Title"].endswith('=HYPERLINK("http://evil.example")')  # text, not a link
    dana = next(r for r in people if r["Name"] == "Dana Reyes")
    assert dana["Met on"] == "2021-09-01"  # a real date, shown in the date format
    interactions = (tmp_path / "out" / "network-Interactions.csv").read_text(encoding="utf-8")
    assert "2024-03-05 09:30" in interactions and "Launch chat" in interactions
