from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "writeathon.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from writeathon.core import checks  # noqa: F401 - registers the checks
        from writeathon.core.staff_session import staff_session_on_login

        user_logged_in.connect(staff_session_on_login, dispatch_uid="writeathon-staff-session")
