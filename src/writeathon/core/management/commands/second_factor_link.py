"""Print a one-time link with which a staff account sets up its authenticator app.

For the very first superuser (nobody can send them a link from the admin yet), or when the
mail is down. Run on the server, where only operators are: the link is shown, not emailed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from writeathon.core.second_factor import (
    second_factor_enrolment_issue,
    second_factor_enrolment_url,
)


class Command(BaseCommand):
    help = (
        "Print a one-time link with which a staff account sets up its authenticator app "
        "(it replaces any link sent before)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="the staff account")

    def handle(self, *args: Any, **options: Any) -> None:
        user = (
            get_user_model()
            .objects.filter(username=options["username"], is_staff=True, is_active=True)
            .first()
        )
        if user is None:
            raise CommandError(f"No staff account named {options['username']!r}.")
        _enrolment, token = second_factor_enrolment_issue(user=user)
        base_url = settings.SITE_URL or "http://127.0.0.1:8000"
        link = second_factor_enrolment_url(token=token, base_url=base_url)
        self.stdout.write(
            f"Enrolment link for {user.get_username()} (works once, within "
            f"{settings.STAFF_ENROLMENT_LINK_HOURS} hours, signed in as that account):\n{link}"
        )
        if not settings.SITE_URL:
            self.stdout.write("WRITEATHON_SITE_URL is not set: put the site's address before /.")
