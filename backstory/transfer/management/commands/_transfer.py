"""Shared parts of the transfer commands: rich output, the summary table."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from backstory.core.words import plural_noun

ACTION_LABELS = [("create", "new"), ("update", "updated"), ("merge", "merged"),
                 ("duplicate", "dupe?"), ("unchanged", "same"), ("skip", "skipped")]
TYPE_LABELS = {"person": "People", "interaction": "Interactions", "action": "Actions",
               "organization": "Orgs", "team": "Teams", "other": "Unusable"}


def console_for(command) -> Console:
    return Console(file=command.stdout, highlight=False, soft_wrap=True,
                   force_terminal=getattr(command.stdout, "isatty", lambda: False)())


def summary_table(counts: dict[str, dict[str, int]], title: str) -> Table:
    table = Table(title=title, title_justify="left",
                  caption="merged: same person as an earlier row · dupe?: possible duplicate, "
                          "added as new · same: already up to date", caption_justify="left")
    table.add_column("Records")
    for _action, label in ACTION_LABELS:
        table.add_column(label, justify="right")
    for kind, counter in counts.items():
        table.add_row(TYPE_LABELS.get(kind) or plural_noun(kind),
                      *[str(counter.get(action, 0) or "") for action, _ in ACTION_LABELS])
    return table
