from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "writeathon.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from writeathon.core import checks  # noqa: F401 - registers the checks
