import getpass
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from backstory.core.errors import DomainError
from backstory.workspaces import services


class Command(BaseCommand):
    help = (
        "Create a user with a personal workspace. The password comes from the "
        "BACKSTORY_PASSWORD environment variable or a prompt."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--no-password", action="store_true",
            help="Create the user without a password; sign in with `backstory signin-link`.",
        )

    def handle(self, *args, username: str, email: str, no_password: bool, **options):
        password = None
        if not no_password:
            password = os.environ.get("BACKSTORY_PASSWORD")
            if not password:
                if not self.stdin_is_tty():
                    raise CommandError(
                        "Set BACKSTORY_PASSWORD or run in a terminal to be asked for a password."
                    )
                password = getpass.getpass("Password: ")
                if password != getpass.getpass("Password (again): "):
                    raise CommandError("The two passwords are not the same.")
        try:
            user = services.user_create(username=username, password=password, email=email)
        except DomainError as error:
            raise CommandError(error.message) from None
        workspace = user.memberships.get().workspace
        self.stdout.write(self.style.SUCCESS(
            f"Created {user.get_username()} with the workspace '{workspace.slug}'."
        ))

    @staticmethod
    def stdin_is_tty() -> bool:
        return sys.stdin.isatty()
