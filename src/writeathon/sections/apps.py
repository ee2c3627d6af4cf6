from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SectionsConfig(AppConfig):
    name = "writeathon.sections"
    verbose_name = _("Sections and staff")
