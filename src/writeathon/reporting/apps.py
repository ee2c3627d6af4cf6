from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "writeathon.reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from writeathon.reporting.updates import update_composer_register

        update_composer_register()
