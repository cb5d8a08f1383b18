"""One size of the benchmark, measured inside one process: build the workspace, then time
every page and an import. Runs as ``python -m backstory.bench.measure`` in a child process
whose environment points at a database of its own, so each size starts from a clean
process and its peak memory is its own."""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

WARMUP = 3


def _rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_pages(built, *, requests: int, only: tuple[str, ...] | None = None,
                  match: str = "") -> dict[str, dict]:
    """Median and p95 server time (Django's test client: the whole request, middleware
    and template rendering, without a network) and the SQL queries of every page."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import Resolver404, resolve

    from .scenarios import SCENARIOS

    client = Client()
    client.force_login(built.owner)
    results: dict[str, dict] = {}
    for scenario in SCENARIOS:
        if only is not None and scenario.name not in only:
            continue
        if match and match.casefold() not in scenario.name.casefold():
            continue
        path = scenario.path(built)
        try:
            resolve(path.split("?")[0])
        except Resolver404:
            continue  # a page that has not landed in this version
        for _ in range(WARMUP):
            response = client.get(path)
        if response.status_code != 200:
            results[scenario.name] = {"path": path, "status": response.status_code}
            continue
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        # Counted now: the next request empties the connection's query log.
        queries = len(captured)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        results[scenario.name] = {
            "path": path, "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(_percentile(times, 0.95), 1), "queries": queries,
        }
        print(f"  {scenario.name:<28} {results[scenario.name]['median_ms']:>7} ms",
              file=sys.stderr, flush=True)
    return results


def measure_import(built, *, rows: int, seed: int) -> dict:
    """Throughput of a LinkedIn Connections.csv import (with dedupe against everyone
    already in the workspace) and how much the process grew doing it."""
    from backstory.transfer import benchmark

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Connections.csv"
        benchmark.linkedin_csv(path, rows, 0, random.Random(seed))
        before = _rss_mb()
        report = benchmark.measure_import(built.workspace, by=built.owner, path=path)
    report["peak_rss_growth_mb"] = _rss_mb() - before
    report.pop("counts", None)
    return report


def database_info() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            import sqlite3

            return {"vendor": "sqlite", "version": sqlite3.sqlite_version}
        cursor.execute("SHOW server_version")
        return {"vendor": connection.vendor, "version": cursor.fetchone()[0]}


def run(size: int, *, requests: int, seed: int, import_rows: int, members: int = 1,
        only: str = "") -> dict:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from .scenarios import TEAM_SCENARIOS
    from .synthetic import build_workspace

    team = f" in a team of {members}" if members > 1 else ""
    print(f"Building {size:,} people{team}…", file=sys.stderr, flush=True)
    started = time.perf_counter()
    built = build_workspace(people=size, seed=seed, members=members)
    build_seconds = round(time.perf_counter() - started, 1)
    print(f"  built {built.interactions:,} interactions in {build_seconds} s",
          file=sys.stderr, flush=True)
    # The build leaves a big heap behind; a real server process starts without it. Freeze
    # it so the garbage collector does not walk it during every timed request.
    gc.collect()
    gc.freeze()
    rss_built = _rss_mb()
    pages = measure_pages(built, requests=requests,
                          only=TEAM_SCENARIOS if members > 1 else None, match=only)
    rss_pages = _rss_mb()
    imported = measure_import(built, rows=import_rows, seed=seed) if import_rows else None
    return {
        "size": size, "members": members, "people": built.people,
        "interactions": built.interactions,
        "build_seconds": build_seconds, "pages": pages, "import": imported,
        "memory": {"after_build_mb": rss_built, "after_pages_mb": rss_pages,
                   "peak_mb": _rss_mb()},
        "database": database_info(), "username": built.owner.get_username(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Measure one size (run by `backstory bench`).")
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--import-rows", type=int, default=5000)
    parser.add_argument("--members", type=int, default=1,
                        help="Members of the workspace (more than 1: a team workspace).")
    parser.add_argument("--pages", default="", help="only the pages whose name holds this")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backstory.settings")
    report = run(args.size, requests=args.requests, seed=args.seed,
                 import_rows=args.import_rows, members=args.members, only=args.pages)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
