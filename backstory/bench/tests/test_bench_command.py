"""`backstory bench` end to end at small sizes: every page measured at every size, JSON and
Markdown written, verdicts computed (load runs are covered by test_load)."""

from __future__ import annotations

import json
import subprocess
import sys

from backstory.bench.scenarios import SCENARIOS


def test_bench_measures_every_page_at_every_size_and_writes_json(tmp_path):
    out, table = tmp_path / "bench.json", tmp_path / "bench.md"
    done = subprocess.run(
        [sys.executable, "-m", "backstory.cli", "bench", "--sizes", "60,120", "--requests", "5",
         "--import-rows", "50", "--load-seconds", "0", "--write-seconds", "0",
         "--json", str(out), "--markdown", str(table)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(out.read_text())
    assert report["sizes"] == [60, 120]
    assert report["machine"]["cores"] >= 1
    for size in ("60", "120"):
        run = report["runs"][size]
        assert run["people"] == int(size)
        assert run["import"]["rows"] == 50 and run["import"]["rows_per_second"] > 0
        for scenario in SCENARIOS:
            page = run["pages"].get(scenario.name)
            if page is None:
                continue  # a page of a later version (search) is skipped when absent
            assert page["median_ms"] > 0 and page["queries"] > 0, (size, scenario.name)
    team = report["team"]  # a team workspace of 10 at the largest size
    assert team["members"] == 10 and team["people"] == 120
    for name, page in team["pages"].items():
        assert page["queries"] == report["runs"]["120"]["pages"][name]["queries"], name
    assert {n for n in report["verdicts"] if " · team of " not in n} == set(
        report["runs"]["120"]["pages"])
    assert "Today · team of 10" in report["verdicts"]
    assert "| Today |" in table.read_text()
    assert "Team workspace: 10 members" in table.read_text()
    assert "Backstory on" in done.stdout


def test_bench_refuses_sizes_it_cannot_read(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "backstory.cli", "bench", "--sizes", "ten"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False,
    )
    assert done.returncode != 0
    assert "--sizes takes numbers" in done.stderr
