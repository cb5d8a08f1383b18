from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from backstory.workspaces.services import signin_link_create


class Command(BaseCommand):
    help = "Print a one-time sign-in link (valid for 24 hours) for a user."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="Default: the only user there is.")

    def handle(self, *args, username: str | None, **options):
        User = get_user_model()
        if username:
            user = User.objects.filter(username__iexact=username).first()
            if user is None:
                raise CommandError(f"There is no user '{username}'.")
        else:
            users = list(User.objects.order_by("username")[:2])
            if len(users) != 1:
                names = ", ".join(
                    User.objects.order_by("username").values_list("username", flat=True)[:50]
                )
                raise CommandError(
                    "Name the user: "
                    + (names or "there are no users; run `backstory adduser NAME`.")
                )
            user = users[0]
        token = signin_link_create(user=user)
        self.stdout.write(f"{settings.SITE_URL}/signin/link/{token}/")
