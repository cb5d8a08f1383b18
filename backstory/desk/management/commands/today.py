"""`backstory today`: the Today agenda in the terminal."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from backstory.desk.agenda import today_agenda
from backstory.workspaces.clock import workspace_today
from backstory.workspaces.management.base import (
    add_actor_argument,
    add_workspace_argument,
    resolve_actor,
    resolve_workspace,
)

STATE_STYLE = {"overdue": "bold red", "due": "yellow"}


class Command(BaseCommand):
    help = "Print today's agenda: whom to contact and why, action items, suggestions."

    def add_arguments(self, parser):
        add_workspace_argument(parser)
        add_actor_argument(parser, help="Whose goal and streak (default: the first owner).")
        parser.add_argument("--width", type=int, default=None, help="Columns (default: "
                            "the terminal's).")

    def handle(self, *args, workspace, as_user, width, **options):
        ws = resolve_workspace(workspace)
        member = resolve_actor(ws, as_user)
        now = timezone.now()
        today = workspace_today(ws, now)
        agenda = today_agenda(ws, user=member, today=today, now=now)
        console = Console(file=self.stdout, width=width, highlight=False)
        console.print(f"[bold]Today[/bold] · {today:%A %-d %B %Y} · {ws.name}")

        reach = Table(title=f"Reach out ({agenda.reach_out_total} due)", title_justify="left",
                      expand=True)
        reach.add_column("Person", no_wrap=True)
        reach.add_column("State", no_wrap=True)
        reach.add_column("Why")
        for r in agenda.reach_out:
            reach.add_row(r.person.name, f"[{STATE_STYLE.get(r.state, '')}]{r.icon} {r.label}"
                          f"[/]", r.reason)
        if not agenda.reach_out:
            reach.add_row("—", "", "Everyone is within their window.")
        console.print(reach)

        items = Table(title="Action items due", title_justify="left", expand=True)
        items.add_column("Due", no_wrap=True)
        items.add_column("What")
        items.add_column("For", no_wrap=True)
        for item in agenda.action_items:
            late = item.due_on < today
            items.add_row(f"[{'bold red' if late else 'yellow'}]{item.due_on:%a %-d %b}[/]",
                          item.text, item.person.name if item.person else "")
        if not agenda.action_items:
            items.add_row("—", "Nothing due.", "")
        console.print(items)

        if agenda.moves:
            moves = Table(title="Stories and introductions", title_justify="left",
                          expand=True)
            moves.add_column("What")
            moves.add_column("Why")
            for m in agenda.moves:
                moves.add_row(m.title, m.reason)
            console.print(moves)

        if agenda.first_meetings:
            first = Table(title="Follow up the next day", title_justify="left", expand=True)
            first.add_column("Person", no_wrap=True)
            first.add_column("Suggested action items")
            for m in agenda.first_meetings:
                first.add_row(m.person.name, "\n".join(m.texts))
            console.print(first)
        for s in agenda.widen:
            console.print(f"• [bold]{s.title}[/bold] — {s.reason}")
        h = agenda.habit
        console.print(f"Habit: {h.streak} day{'s' if h.streak != 1 else ''} in a row · "
                      f"{h.week_count} of {h.weekly_goal} touches this week")
