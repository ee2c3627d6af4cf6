from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportersConfig(AppConfig):
    name = "writeathon.supporters"
    verbose_name = _("Supporters")
