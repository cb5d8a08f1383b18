"""`backstory bench`: every size in a child process with a database of its own, then the
load and concurrency runs against the largest, then one table and one JSON document.

SQLite databases live in a temporary folder; with DATABASE_URL set, each size gets a
database of its own on that server (``<name>_bench_<size>``), dropped at the end.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django

PAGE_TARGET_MS = 25.0
SEARCH_TARGET_MS = 30.0
RATIO_TARGET = 1.5
LOAD_PATHS = ["/", "/people/"]


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cores": os.cpu_count(), "cpu": model or platform.processor(),
            "python": platform.python_version(), "django": django.get_version(),
            "system": f"{platform.system()} {platform.release()}"}


class _Database:
    """Where one size's data lives: an environment for the child process."""

    def __init__(self, size: int, folder: Path, label: str = ""):
        self.size = size
        self.home = folder / f"size-{size}{label}"
        self.home.mkdir(parents=True)
        self.url = os.environ.get("DATABASE_URL", "")
        self.name = ""
        if self.url:
            parts = urlsplit(self.url)
            self.name = f"{parts.path.lstrip('/') or 'backstory'}_bench_{size}{label}"
            self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
            self._admin(f'CREATE DATABASE "{self.name}"')

    def env(self) -> dict[str, str]:
        env = {**os.environ, "BACKSTORY_HOME": str(self.home), "PYTHONUNBUFFERED": "1"}
        env.pop("BACKSTORY_DEBUG", None)
        if self.url:
            env["DATABASE_URL"] = self.url
        return env

    def drop(self) -> None:
        if self.name:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _admin(self, sql: str) -> None:
        import psycopg

        parts = urlsplit(self.url)
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql)


def run(*, sizes: list[int], requests: int, import_rows: int, load_seconds: float,
        write_seconds: float, write_clients: int, seed: int, say,
        team_members: int = 10, pages: str = "") -> dict:
    folder = Path(tempfile.mkdtemp(prefix="backstory-bench-"))
    report: dict = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
                    "machine": machine(), "sizes": sizes, "requests": requests,
                    "targets": {"page_median_ms": PAGE_TARGET_MS,
                                "search_median_ms": SEARCH_TARGET_MS,
                                "ratio": RATIO_TARGET},
                    "runs": {}}
    databases: list[_Database] = []
    try:
        for size in sizes:
            database = _Database(size, folder)
            databases.append(database)
            say(f"— {size:,} people —")
            report["runs"][str(size)] = _child(database, size, requests=requests,
                                               import_rows=import_rows, seed=seed,
                                               pages=pages)
        if team_members > 1:
            # A team workspace at the largest size: the touches spread across its members,
            # the pages that read the member's own relationships timed as its owner.
            database = _Database(sizes[-1], folder, label="_team")
            databases.append(database)
            say(f"— a team of {team_members}, {sizes[-1]:,} people —")
            report["team"] = _child(database, sizes[-1], requests=requests, import_rows=0,
                                    seed=seed, members=team_members, pages=pages)
        largest = databases[-1]
        username = report["runs"][str(sizes[-1])]["username"]
        report["database"] = report["runs"][str(sizes[-1])]["database"]
        if load_seconds or write_seconds:
            from . import load

            if load_seconds:
                say(f"Load: {', '.join(LOAD_PATHS)} under gunicorn for {load_seconds:g} s…")
                report["load"] = {"people": sizes[-1], **load.measure_load(
                    env=largest.env(), username=username, paths=LOAD_PATHS,
                    seconds=load_seconds)}
            if write_seconds:
                say(f"Concurrent writes: {write_clients} clients for {write_seconds:g} s…")
                report["writes"] = {"people": sizes[-1], **load.measure_concurrent_writes(
                    env=largest.env(), username=username, clients=write_clients,
                    seconds=write_seconds)}
    finally:
        for database in databases:
            database.drop()
        shutil.rmtree(folder, ignore_errors=True)
    report["verdicts"] = verdicts(report)
    return report


def _child(database: _Database, size: int, *, requests: int, import_rows: int,
           seed: int, members: int = 1, pages: str = "") -> dict:
    command = [sys.executable, "-m", "backstory.bench.measure", "--size", str(size),
               "--requests", str(requests), "--import-rows", str(import_rows),
               "--seed", str(seed), "--members", str(members), "--pages", pages]
    done = subprocess.run(command, env=database.env(), stdout=subprocess.PIPE, text=True,
                          check=False)
    if done.returncode:
        raise RuntimeError(f"Measuring {size:,} people failed (exit {done.returncode}).")
    return json.loads(done.stdout.strip().splitlines()[-1])


def verdicts(report: dict) -> dict[str, dict]:
    """Per page: the targets it meets and misses, from the smallest and largest size."""
    sizes = [str(s) for s in report["sizes"]]
    small, large = report["runs"][sizes[0]]["pages"], report["runs"][sizes[-1]]["pages"]
    out = {}
    for name, big in large.items():
        if "median_ms" not in big:
            out[name] = {"ok": False, "why": [f"answered {big.get('status')}"]}
            continue
        target = SEARCH_TARGET_MS if name.startswith("Search") else PAGE_TARGET_MS
        why = []
        if big["median_ms"] > target:
            why.append(f"median {big['median_ms']} ms > {target:g} ms")
        first = small.get(name, {})
        if len(sizes) > 1 and first.get("median_ms"):
            ratio = big["median_ms"] / first["median_ms"]
            if ratio > RATIO_TARGET:
                why.append(f"ratio {ratio:.2f} > {RATIO_TARGET}")
        counts = {report["runs"][s]["pages"].get(name, {}).get("queries") for s in sizes}
        if len(counts) > 1:
            why.append(f"queries differ by size: {sorted(c for c in counts if c is not None)}")
        out[name] = {"ok": not why, "why": why}
    team = report.get("team")
    for name, page in (team or {}).get("pages", {}).items():
        label = f"{name} · team of {team['members']}"
        if "median_ms" not in page:
            out[label] = {"ok": False, "why": [f"answered {page.get('status')}"]}
            continue
        why = []
        if page["median_ms"] > PAGE_TARGET_MS:
            why.append(f"median {page['median_ms']} ms > {PAGE_TARGET_MS:g} ms")
        alone = large.get(name, {})
        if alone.get("queries") is not None and alone["queries"] != page["queries"]:
            why.append(f"queries {page['queries']} ≠ {alone['queries']} of one member")
        out[label] = {"ok": not why, "why": why}
    return out


def markdown(report: dict) -> str:
    """The table for BENCHMARKS.md."""
    sizes = [str(s) for s in report["sizes"]]
    m = report["machine"]
    db = report.get("database", {})
    lines = [
        f"Measured {report['date'][:10]} on {m['cores']} cores ({m['cpu']}), Python "
        f"{m['python']}, Django {m['django']}, {db.get('vendor', '?')} {db.get('version', '')}; "
        f"median and p95 of {report['requests']} requests after warm-up, server time "
        "through Django's test client.",
        "",
        "| Page | " + " | ".join(f"{int(s):,} people: median / p95 ms (queries)"
                                  for s in sizes) + " | ratio | ✓ |",
        "|---|" + "---|" * (len(sizes) + 2),
    ]
    for name, verdict in report["verdicts"].items():
        if " · team of " in name:
            continue
        cells = []
        for s in sizes:
            page = report["runs"][s]["pages"].get(name, {})
            cells.append(f"{page['median_ms']} / {page['p95_ms']} ({page['queries']})"
                         if "median_ms" in page else str(page.get("status", "—")))
        first = report["runs"][sizes[0]]["pages"].get(name, {}).get("median_ms")
        last = report["runs"][sizes[-1]]["pages"].get(name, {}).get("median_ms")
        ratio = f"{last / first:.2f}" if first and last else "—"
        mark = "✓" if verdict["ok"] else "✗ " + "; ".join(verdict["why"])
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {ratio} | {mark} |")
    lines += ["", "| Size | people | interactions | build s | LinkedIn import rows/s "
              "(rows) | peak memory MB |", "|---|---|---|---|---|---|"]
    for s in sizes:
        run_ = report["runs"][s]
        imp = run_.get("import") or {}
        lines.append(f"| {int(s):,} | {run_['people']:,} | {run_['interactions']:,} | "
                     f"{run_['build_seconds']} | {imp.get('rows_per_second', '—')} "
                     f"({imp.get('rows', '—')}) | {run_['memory']['peak_mb']} |")
    lines += team_lines(report)
    lines += load_lines(report)
    return "\n".join(lines) + "\n"


def team_lines(report: dict) -> list[str]:
    """The team workspace's pages as a Markdown table."""
    team = report.get("team")
    if not team:
        return []
    lines = ["", f"Team workspace: {team['members']} members, {team['people']:,} people, "
             f"{team['interactions']:,} touches spread across the members (timed as the "
             "owner).", "", "| Page | median / p95 ms (queries) | ✓ |", "|---|---|---|"]
    for name, page in team["pages"].items():
        verdict = report["verdicts"].get(f"{name} · team of {team['members']}", {})
        cell = (f"{page['median_ms']} / {page['p95_ms']} ({page['queries']})"
                if "median_ms" in page else str(page.get("status", "—")))
        mark = "✓" if verdict.get("ok") else "✗ " + "; ".join(verdict.get("why", []))
        lines.append(f"| {name} | {cell} | {mark} |")
    return lines


def load_lines(report: dict) -> list[str]:
    """The load and concurrent-writes runs as Markdown tables."""
    lines = []
    load = report.get("load")
    if load:
        lines += ["", f"Load: gunicorn with {load['workers']} workers × {load['threads']} "
                  f"threads on 127.0.0.1, {load['clients']} concurrent clients for "
                  f"{load['seconds']:.0f} s, {load['people']:,} people.", "",
                  "| Path | requests | requests/s | median ms | p95 ms | errors |",
                  "|---|---|---|---|---|---|"]
        for path, stats in [*load["paths"].items(), ("all", load["overall"])]:
            lines.append(f"| {path} | {stats['requests']} | {stats['rps']} | "
                         f"{stats['median_ms']} | {stats['p95_ms']} | {stats['errors']} |")
    writes = report.get("writes")
    if writes:
        lines += ["", f"Concurrent writes: {writes['clients']} clients logging interactions "
                  f"through the web form for {writes['seconds']:.0f} s, {writes['people']:,} "
                  "people.", "",
                  "| acknowledged | in the database | lost | server errors | other failures "
                  "| writes/s | median ms | p95 ms |", "|---|---|---|---|---|---|---|---|",
                  f"| {writes['acknowledged']} | {writes['in_database'] - writes['before']} | "
                  f"{writes['lost']} | {writes['server_errors']} | {writes['other_failures']} | "
                  f"{writes['writes_per_second']} | {writes['median_ms']} | "
                  f"{writes['p95_ms']} |"]
    return lines
