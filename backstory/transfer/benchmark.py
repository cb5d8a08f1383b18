"""Import figures: `python -m backstory.transfer.benchmark [--rows 30000] [--existing 50000]`.

Builds a workspace of ``--existing`` people (with LinkedIn profiles, e-mails and
organisations), writes a LinkedIn Connections.csv of ``--rows`` rows that overlaps it
(some rows are people already there, some are duplicates within the file, most are new),
then imports it with dedupe in a fresh process and reports rows/s and the peak memory
(RSS) of that process. Does the same for a vCard file of ``--cards`` cards. Uses a
throw-away SQLite database unless DATABASE_URL is set. The benchmark harness
(backstory/bench) can call ``measure_import`` directly.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing it needs Django set up, which main() does later
    from backstory.workspaces.actors import Actor

FIRST = ["Dana", "Sam", "Lois", "Priya", "Jürgen", "Amara", "Chen", "Zoë", "Mateo", "Aisha",
         "Olivia", "Noah", "Emma", "Liam", "Sofia", "Lucas", "Mia", "Ethan", "Hana", "Omar",
         "Grace", "Alan", "Ada", "Yusuf", "Ines", "Kofi", "Maya", "Ravi", "Elena", "Tomás"]
LAST = ["Reyes", "Ortiz", "Lane", "Raman", "Weiß", "Okafor", "Wang", "Müller", "García",
        "Khan", "Smith", "Johnson", "Brown", "Taylor", "Martin", "Dubois", "Rossi", "Kim",
        "Nguyen", "Patel", "Hopper", "Turing", "Lovelace", "Yilmaz", "Silva", "Mensah",
        "Cohen", "Sharma", "Petrova", "Fernández"]
COMPANIES = [f"Company {i}" for i in range(4000)] + ["Acme", "Globex, Inc.", "Initech"]
TITLES = ["Head of Communications", "Editor", "VP Sales", "Recruiter", "Engineer",
          "Product Marketing Lead", "Reporter", "Founder & CEO", "Analyst", "Designer"]


def person(i: int, rng: random.Random | None = None) -> dict:
    """The same person for the same number, every time."""
    rng = random.Random(i)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return {"first": first, "last": f"{last}{'' if i % 3 else ' ' + str(i % 97)}",
            "url": f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{i:07d}",
            "email": f"p{i}@example.com" if i % 40 == 0 else "",
            "company": rng.choice(COMPANIES), "title": rng.choice(TITLES)}


def seed(workspace, count: int, rng: random.Random) -> None:
    """`count` people with LinkedIn profiles (some with e-mails) — bulk, not timed."""
    from backstory.people import normalize
    from backstory.people.models import ContactPoint, Organization, Person

    orgs = {name: Organization(workspace=workspace, name=name) for name in COMPANIES}
    Organization.objects.bulk_create(orgs.values(), batch_size=1000)
    batch = 5000
    for start in range(0, count, batch):
        rows = [person(i, rng) for i in range(start, min(start + batch, count))]
        people = [Person(workspace=workspace, name=f"{r['first']} {r['last']}",
                         title=r["title"], organization=orgs[r["company"]]) for r in rows]
        Person.objects.bulk_create(people, batch_size=1000)
        points = []
        for r, p in zip(rows, people, strict=True):
            points.append(ContactPoint(workspace=workspace, person=p, kind="linkedin",
                                       value=r["url"], is_primary=True,
                                       normalized=normalize.normalize_linkedin(r["url"])))
            if r["email"]:
                points.append(ContactPoint(workspace=workspace, person=p, kind="email",
                                           value=r["email"], is_primary=True,
                                           normalized=r["email"]))
        ContactPoint.objects.bulk_create(points, batch_size=2000)
    # A writer like any other: the seeded people get their derived values (name keys, the
    # person-word index, …) as real ones have, so the import does not pay for them.
    from backstory.core.derived import derived_rebuild

    derived_rebuild(workspace)


def linkedin_csv(path: Path, rows: int, existing: int, rng: random.Random) -> None:
    """A Connections.csv: 20 % people already in the workspace (some with a new title),
    2 % repeated rows, 1 % deleted members, the rest new."""
    lines = ['Notes:\n"When exporting your connection data, you may notice that some of the '
             'email addresses are missing."\n\n',
             "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"]
    new_index = existing + 1_000_000
    for n in range(rows):
        roll = rng.random()
        if roll < 0.20 and existing:
            r = person(rng.randrange(existing), rng)
        elif roll < 0.22 and n:
            r = person(new_index - rng.randint(1, min(n, 500)), rng)
        elif roll < 0.23:
            lines.append(",,,,,,02 Jun 2022\n")
            continue
        else:
            r = person(new_index, rng)
            new_index += 1
        company = f'"{r["company"]}"' if "," in r["company"] else r["company"]
        lines.append(f"{r['first']},{r['last']},{r['url']},{r['email']},{company},"
                     f"{r['title']},{rng.randint(1, 28):02d} Mar 2024\n")
    path.write_text("".join(lines), encoding="utf-8")


def vcard_file(path: Path, cards: int, rng: random.Random) -> None:
    out = []
    for i in range(cards):
        r = person(2_000_000 + i, rng)
        out.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"N:{r['last']};{r['first']};;;\r\nFN:{r['first']} {r['last']}\r\n"
            f"ORG:{r['company'].replace(',', chr(92) + ',')};Communications\r\n"
            f"TITLE:{r['title']}\r\nEMAIL;TYPE=INTERNET,WORK:card{i}@example.org\r\n"
            f"TEL;TYPE=CELL:+1 415 555 {i % 10000:04d}\r\n"
            f"item1.URL:{r['url']}\r\nitem1.X-ABLabel:LinkedIn\r\n"
            "BDAY:--0415\r\nNOTE:Met at the summit\\, liked the keynote\r\nEND:VCARD\r\n")
    path.write_text("".join(out), encoding="utf-8")


def measure_import(workspace, *, by: Actor, path: str | Path) -> dict:
    """Import one file and report rows per second (the harness's entry point)."""
    from backstory.transfer.services import import_file

    started, cpu = time.perf_counter(), time.process_time()
    result = import_file(workspace, by=by, path=path)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    # CPU time too: on a shared machine the wall clock also counts other people's work.
    return {"rows": result.total, "seconds": round(seconds, 2),
            "rows_per_second": round(result.total / seconds), "cpu_seconds": round(cpu, 2),
            "rows_per_cpu_second": round(result.total / cpu), "counts": result.summary()}


def _setup_django(home: str) -> None:
    os.environ.setdefault("BACKSTORY_HOME", home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backstory.settings")
    import django

    django.setup()


def _child(args) -> None:
    """Run in a fresh process so that its peak memory is the import's alone."""
    _setup_django(args.home)
    from backstory.workspaces.models import Workspace

    workspace = Workspace.objects.get(slug=args.workspace)
    owner = workspace.memberships.first().user
    report = measure_import(workspace, by=owner, path=args.file)
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(report))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--existing", type=int, default=50_000)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--home", help=argparse.SUPPRESS)
    parser.add_argument("--workspace", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args)
        return
    home = tempfile.mkdtemp(prefix="backstory-bench-")
    _setup_django(home)
    from django.core.management import call_command

    from backstory.workspaces.services import user_create

    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(2024)
    reports = {}
    for label, existing, make in (
        ("linkedin", args.existing, lambda p: linkedin_csv(p, args.rows, args.existing, rng)),
        ("vcard", 0, lambda p: vcard_file(p, args.cards, rng)),
    ):
        owner = user_create(username=f"bench-{label}", password=None)
        workspace = owner.memberships.get().workspace
        started = time.perf_counter()
        seed(workspace, existing, rng)
        seeded = time.perf_counter() - started
        path = Path(home) / f"{label}.{'csv' if label == 'linkedin' else 'vcf'}"
        make(path)
        done = subprocess.run(
            [sys.executable, "-m", "backstory.transfer.benchmark", "--child", "--home", home,
             "--workspace", workspace.slug, "--file", str(path)],
            capture_output=True, text=True, env={**os.environ, "BACKSTORY_HOME": home},
            check=True)
        report = json.loads(done.stdout.strip().splitlines()[-1])
        report.update(existing_people=existing, seed_seconds=round(seeded, 1),
                      file_mb=round(path.stat().st_size / 1e6, 1))
        reports[label] = report
    from django.db import connection

    print(json.dumps({
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
                   f"Python {platform.python_version()}",
        "database": connection.vendor, **reports}, indent=2))


if __name__ == "__main__":
    main()
