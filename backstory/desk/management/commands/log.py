"""`backstory log "coffee with Dana yesterday: …"`: the quick-log from the terminal."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from backstory.core.errors import DomainError
from backstory.desk.preview import quicklog_preview
from backstory.desk.services import quicklog_commit
from backstory.workspaces.management.base import (
    add_actor_argument,
    add_workspace_argument,
    resolve_actor,
    resolve_workspace,
)


class Command(BaseCommand):
    help = "Log a touch in one line (see docs/QUICKLOG.md for the grammar)."

    def add_arguments(self, parser):
        parser.add_argument("line", nargs="+", help='e.g. "coffee with Dana yesterday: notes"')
        parser.add_argument("--yes", "-y", action="store_true",
                            help="Save without asking; unknown names become new people.")
        parser.add_argument("--again", action="store_true",
                            help="Save even when the line repeats a touch or tip already "
                                 "saved (same people, kind, day and text).")
        add_actor_argument(parser, help="Who logs it (default: the workspace's first owner).")
        add_workspace_argument(parser)

    def handle(self, *args, line, yes, again, as_user, workspace, **options):
        ws = resolve_workspace(workspace)
        by = resolve_actor(ws, as_user)
        text = " ".join(line)
        console = Console(file=self.stdout, highlight=False, soft_wrap=True)
        now = timezone.now()
        choices: dict[int, int] = {}
        create: set[int] = set()
        preview = quicklog_preview(ws, text, now=now)
        _show(console, preview)
        if preview.parsed.errors:
            raise CommandError(preview.parsed.message())
        for index, match in enumerate(preview.matches):
            if match.status == "ambiguous":
                options = ", ".join(f"{n}) {_who(preview, pk, name)}" for n, (pk, name) in
                                    enumerate(match.choices, 1))
                if yes:
                    raise CommandError(f"'{match.text}' could be several people ({options}). "
                                       "Write the full name, or run without --yes to choose.")
                picked = _ask(f"Who is '{match.text}'? {options} (number): ")
                if not picked.isdigit() or not 1 <= int(picked) <= len(match.choices):
                    raise CommandError(f"Not saved: no choice for '{match.text}'.")
                choices[index] = match.choices[int(picked) - 1][0]
            elif match.status == "unknown":
                if yes or _ask(f"Add '{match.text}' as a new person? [Y/n] ").lower() in {
                        "", "y", "yes"}:
                    create.add(index)
                else:
                    raise CommandError(f"Not saved: nobody called '{match.text}'.")
        if choices or create:  # settled: is it a repeat of something already saved?
            preview = quicklog_preview(ws, text, now=now, choices=choices,
                                                 create=create)
        if preview.repeat is not None and not again:
            console.print(f"[yellow]⚠ {preview.repeat.message()}[/yellow]")
            if yes:
                raise CommandError("Not saved: it looks like a repeat (use --again to save it "
                                   "anyway).")
            if _ask("Save it anyway? [y/N] ").lower() not in {"y", "yes"}:
                raise CommandError("Not saved.")
            again = True
        elif not yes and _ask("Save? [Y/n] ").lower() not in {"", "y", "yes"}:
            raise CommandError("Not saved.")
        try:
            result = quicklog_commit(ws, by=by, line=text, now=now, choices=choices,
                                              create=create, allow_repeat=again)
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(self.style.SUCCESS(result.summary()))
        for item in result.action_items:
            self.stdout.write(f"Action item: {item.text}, due {item.due_on:%a %-d %b %Y}")


def _ask(prompt: str) -> str:
    try:
        return input(prompt).strip()
    except EOFError:
        raise CommandError("Not saved: no answer (use --yes to save without asking).") from None


def _show(console: Console, preview) -> None:
    p = preview.parsed
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="dim")
    table.add_column()
    table.add_row("Kind", preview.kind_label or "?")
    people = []
    for i, m in enumerate(preview.matches):
        if m.status == "matched":
            people.append(f"✓ {m.person_name}")
        elif m.status == "ambiguous":
            people.append(f"? {m.text} (" + " / ".join(
                _who(preview, pk, n) for pk, n in m.choices[:4]) + ")")
        else:
            people.append(f"+ {m.text} (new)" if i in preview.create else f"? {m.text} (unknown)")
    table.add_row("With", ", ".join(people) or "?")
    table.add_row("When", f"{p.occurred_at:%a %-d %b %Y, %H:%M}" if p.occurred_at else "?")
    if p.place:
        table.add_row("Where", p.place)
    if p.notes:
        table.add_row("Notes", p.notes)
    if p.tags:
        table.add_row("Tags", " ".join(f"#{t}" for t in p.tags))
    if p.follow_up:
        table.add_row("Follow up", f"{p.follow_up.due_on:%a %-d %b %Y}")
    console.print(table)
    for error in p.errors:
        console.print(f"[red]✗ {error.message}[/red]")
    for warning in p.warnings:
        console.print(f"ℹ {warning}")


def _who(preview, pk: int, name: str) -> str:
    """A candidate for an ambiguous name, told apart: 'Kai Lee (Head of PR, Acme)'."""
    c = preview.candidates.get(pk)
    if c is None:
        return name
    about = ", ".join(part for part in (c.title, c.organization) if part)
    return f"{name} ({about})" if about else name
