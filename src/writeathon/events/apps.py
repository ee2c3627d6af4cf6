from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "writeathon.events"
    verbose_name = _("Write-a-thons")

    def ready(self) -> None:
        # The outbox worker writes the events' emails with these when they go.
        from writeathon.events.emails import composers_register

        composers_register()

        from writeathon.events import reports

        reports.composers_register()
