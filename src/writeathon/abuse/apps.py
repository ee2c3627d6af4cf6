from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AbuseConfig(AppConfig):
    name = "writeathon.abuse"
    verbose_name = _("Abuse resistance")
