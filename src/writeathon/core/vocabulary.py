"""The campaign's shared words: the ways to act (channels) and where an action came from
(sources). Every app speaks them, so they live at the bottom layer."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    LETTER = "letter", _("Postal letter")
    EMAIL = "email", _("Email")
    FAX = "fax", _("Fax")
    SMS = "sms", _("Text message")
    TWEET = "tweet", _("Post on social media")
    SOLIDARITY = "solidarity", _("Message of solidarity")
    SIGNATURE = "signature", _("Signature")


class Source(models.TextChoices):
    ONLINE = "online", _("Online")
    EVENT = "event", _("Event")
    SMS = "sms", _("SMS")
    IMPORT = "import", _("Import")
    API = "api", _("API")
