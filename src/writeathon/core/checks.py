"""Checks of a production configuration, shown by `writeathon manage check --deploy`
and at the start of `writeathon serve` and `writeathon worker`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.compatibility, deploy=True)
def production_services(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.MODE != "production":
        return []
    found: list[CheckMessage] = []
    if settings.EMAIL_BACKEND.endswith("EmlFileBackend"):
        found.append(
            Warning(
                f"EMAIL_URL is not set: emails are written to files in {settings.MAIL_DIR} "
                "instead of being sent, so no supporter receives a confirmation link. The "
                "files hold personal data: supporters' addresses and their confirmation and "
                "data links, which open, download and erase their data. They are not served "
                "on the web; anyone who can read the folder can act as those supporters.",
                hint="Set EMAIL_URL, for example smtp+tls://user:password@smtp.example.org:587, "
                "and delete the files in that folder.",
                id="writeathon.W001",
            )
        )
    if not settings.REDIS_URL:
        found.append(
            Warning(
                "REDIS_URL is not set: each web process keeps its own cache, so staff edits "
                "reach some processes up to a minute late and the resend limit is per process.",
                hint="Set REDIS_URL when more than one web process runs.",
                id="writeathon.W002",
            )
        )
    if not settings.SITE_URL:
        found.append(
            Warning(
                "WRITEATHON_SITE_URL is not set: emails the worker sends on its own (delivery "
                "notices) carry no link back to the site and no unsubscribe link.",
                hint="Set WRITEATHON_SITE_URL, for example https://write.example.org.",
                id="writeathon.W003",
            )
        )
    return found
