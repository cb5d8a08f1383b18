"""`backstory bench`: build synthetic workspaces and measure every page (see README)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backstory.bench import harness


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    except ValueError:
        raise CommandError(f"--sizes takes numbers separated by commas, not '{text}'.") from None
    if not sizes or sizes[0] < 50:
        raise CommandError("--sizes needs at least one size of 50 people or more.")
    return sizes


class Command(BaseCommand):
    help = ("Build synthetic workspaces (in throw-away databases) and measure every page, "
            "an import, load under gunicorn and concurrent writes.")

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="1000,10000,50000",
                            help="People per workspace, comma-separated (default %(default)s).")
        parser.add_argument("--requests", type=int, default=20,
                            help="Timed requests per page after warm-up (default %(default)s).")
        parser.add_argument("--import-rows", type=int, default=5000,
                            help="Rows of the LinkedIn import measured at each size.")
        parser.add_argument("--load-seconds", type=float, default=20,
                            help="Load run at the largest size; 0 skips it.")
        parser.add_argument("--write-seconds", type=float, default=60,
                            help="Concurrent-writes run at the largest size; 0 skips it.")
        parser.add_argument("--write-clients", type=int, default=50)
        parser.add_argument("--team-members", type=int, default=10,
                            help="Also time a team workspace of this many members at the "
                            "largest size (0 skips it; default %(default)s).")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--pages", default="",
                            help="Time only the pages whose name holds this (e.g. API).")
        parser.add_argument("--json", dest="json_path", default="bench-results.json",
                            help="Where to write the results (default %(default)s).")
        parser.add_argument("--markdown", dest="markdown_path",
                            help="Also write the table as Markdown (for BENCHMARKS.md).")

    def handle(self, *args, sizes, requests, import_rows, load_seconds, write_seconds,
               write_clients, seed, json_path, markdown_path, team_members, pages="",
               **options):
        report = harness.run(
            sizes=_sizes(sizes), requests=max(requests, 5), import_rows=import_rows,
            load_seconds=load_seconds, write_seconds=write_seconds,
            write_clients=write_clients, seed=seed, say=self.stderr.write,
            team_members=team_members, pages=pages,
        )
        Path(json_path).write_text(json.dumps(report, indent=2))
        if markdown_path:
            Path(markdown_path).write_text(harness.markdown(report))
        self._print(report)
        self.stdout.write(f"Results written to {json_path}.")
        missed = [name for name, v in report["verdicts"].items() if not v["ok"]]
        if missed:
            self.stdout.write(f"{len(missed)} of {len(report['verdicts'])} pages miss a "
                              "target (see the last column).")

    def _print(self, report: dict) -> None:
        from rich.console import Console
        from rich.table import Table

        sizes = [str(s) for s in report["sizes"]]
        table = Table(title=f"Backstory on {report.get('database', {}).get('vendor', '?')}, "
                            f"{report['machine']['cores']} cores")
        table.add_column("Page")
        for s in sizes:
            table.add_column(f"{int(s):,}\nmedian/p95 ms (q)", justify="right")
        table.add_column("ok")
        for name, verdict in report["verdicts"].items():
            cells = []
            for s in sizes:
                page = report["runs"][s]["pages"].get(name, {})
                cells.append(f"{page['median_ms']}/{page['p95_ms']} ({page['queries']})"
                             if "median_ms" in page else str(page.get("status", "—")))
            table.add_row(name, *cells, "✓" if verdict["ok"] else "✗ " + "; ".join(
                verdict["why"]))
        console = Console(file=self.stdout._out, width=160)
        console.print(table)
        for s in sizes:
            run = report["runs"][s]
            imp = run.get("import") or {}
            console.print(f"{int(s):,} people, {run['interactions']:,} interactions: built in "
                          f"{run['build_seconds']} s; LinkedIn import "
                          f"{imp.get('rows_per_second', '—')} rows/s; peak "
                          f"{run['memory']['peak_mb']} MB")
        for line in harness.load_lines(report):
            console.print(line)
