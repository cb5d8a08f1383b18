from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Lift a sign-in lockout at once: forget the failed sign-ins of a user name "
        "(and of an address with --ip)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="*", help="The user name(s) to unlock.")
        parser.add_argument("--ip", action="append", default=[], metavar="ADDRESS",
                            help="Also unlock this address (may be repeated).")

    def handle(self, *args, username: list[str], ip: list[str], **options):
        from axes.utils import reset

        from backstory.workspaces.signin import attempted_username

        if not username and not ip:
            raise CommandError("Name the user to unlock: backstory unlock NAME (or --ip ADDRESS).")
        for name in username:
            # Failures are counted under the name as axes saw it (lower case, trimmed).
            forgotten = reset(username=attempted_username(None, {"username": name}))
            self._report(name, forgotten)
        for address in ip:
            self._report(address, reset(ip=address))

    def _report(self, who: str, forgotten: int) -> None:
        if forgotten:
            self.stdout.write(self.style.SUCCESS(
                f"Unlocked {who}: {forgotten} record{'s' if forgotten != 1 else ''} of failed "
                "sign-ins forgotten."))
        else:
            self.stdout.write(f"{who} had no failed sign-ins on record.")
