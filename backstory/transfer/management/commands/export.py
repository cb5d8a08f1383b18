"""`backstory export {xlsx,csv,vcard,ics} -o PATH`: the same exporters as the web."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backstory.transfer.exporters import get_exporter
from backstory.workspaces.management.base import (
    add_actor_argument,
    add_workspace_argument,
    resolve_actor,
    resolve_workspace,
)


class Command(BaseCommand):
    help = "Export a workspace as an Excel workbook, CSV files, vCards or a calendar."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["xlsx", "csv", "vcard", "ics"])
        parser.add_argument("-o", "--output", required=True,
                            help="Where to write (for csv: a .zip file or a folder).")
        parser.add_argument("--vcard-version", choices=["3.0", "4.0"], default="3.0",
                            help="vCard 3.0 (default, what phones read) or 4.0.")
        add_workspace_argument(parser)
        add_actor_argument(parser, help="Export as this member: their own private notes are "
                           "in it (without --as, no private notes are).")

    def handle(self, *args, kind, output, vcard_version, workspace, as_user=None, **options):
        ws = resolve_workspace(workspace)
        viewer = resolve_actor(ws, as_user) if as_user else None
        exporter = get_exporter(kind)
        path = Path(output)
        try:
            if kind == "csv" and path.suffix.lower() != ".zip":
                written = exporter.write_folder(ws, path, viewer)
                self.stdout.write(f"Wrote {len(written)} CSV files to {path}/")
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(path.name + ".partial")
            with open(partial, "wb") as handle:
                exporter.write(ws, handle, version=vcard_version, viewer=viewer)
            partial.replace(path)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror or error}.") from None
        self.stdout.write(f"Wrote {exporter.label} to {path}")
