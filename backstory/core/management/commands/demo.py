"""`backstory demo`: fill a workspace with the fictional demo network."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from backstory.core.errors import DomainError
from backstory.demo.firststart import first_user_create, signin_instructions
from backstory.people.models import Organization, Person
from backstory.workspaces.management.base import add_workspace_argument, resolve_workspace
from backstory.workspaces.models import Membership, Role, Workspace


class Command(BaseCommand):
    help = (
        "Fill a workspace with the demo: a fictional company with its teams, about 150 "
        "people in every circle and 18 months of interactions and action items."
    )

    def add_arguments(self, parser):
        add_workspace_argument(parser)
        parser.add_argument(
            "--replace", action="store_true",
            help="First delete the workspace's people, organisations, interactions, action "
                 "items and tags (members and the audit trail stay).",
        )
        parser.add_argument("--seed", type=int, default=7,
                            help="Another number tells another story (default: 7).")

    def handle(self, *args, workspace: str | None, replace: bool, seed: int, **options):
        from backstory.demo import seed_demo
        from backstory.demo.services import workspace_network_delete

        if not workspace and not Workspace.objects.exists():
            self.stdout.write("There is no workspace yet; creating your user and the demo "
                              "workspace (one moment)…")
            try:
                user = first_user_create(demo=True, stdout=self.stdout, seed=seed)
            except DomainError as error:
                raise CommandError(error.message) from None
            self.stdout.write(self.style.SUCCESS(
                f"Created {user.get_username()} with the workspace "
                f"'{user.memberships.get().workspace.slug}'."))
            self.stdout.write(signin_instructions(user, settings.SITE_URL))
            return

        target = resolve_workspace(workspace)
        people = Person.objects.filter(workspace=target).count()
        organizations = Organization.objects.filter(workspace=target).count()
        if (people or organizations) and not replace:
            raise CommandError(
                f"The workspace '{target.slug}' already has {people} people and "
                f"{organizations} organisations; the demo would mix with them. Run "
                f"`backstory demo --workspace {target.slug} --replace` to delete its people, "
                "organisations, interactions, action items and tags first, or choose an "
                "empty workspace with --workspace SLUG."
            )
        owner = (Membership.objects.filter(workspace=target, role=Role.OWNER)
                 .select_related("user").order_by("id").first())
        by = owner.user if owner else None
        try:
            with transaction.atomic():
                if replace and (people or organizations):
                    counts = workspace_network_delete(target, by=by)
                    self.stdout.write(
                        f"Deleted {counts['people']} people, {counts['organizations']} "
                        f"organisations, {counts['interactions']} interactions and "
                        f"{counts['action_items']} action items from '{target.slug}'.")
                self.stdout.write(f"Seeding the demo into '{target.slug}'…")
                seed_demo(target, by=by, stdout=self.stdout, seed=seed)
        except DomainError as error:
            raise CommandError(f"The demo was not written: {error.message}") from None
        self.stdout.write(self.style.SUCCESS(f"Open {settings.SITE_URL}/ to explore it."))
