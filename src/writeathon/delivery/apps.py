from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "writeathon.delivery"
    verbose_name = _("Delivery")

    def ready(self) -> None:
        from writeathon.delivery import checks  # noqa: F401 - registers the checks
        from writeathon.delivery.composed import composer_register
        from writeathon.delivery.hand_ins import COMPOSER, hand_in_delivered_message

        composer_register(COMPOSER, hand_in_delivered_message)

        from writeathon.delivery.staff_links import (
            SECOND_FACTOR_ENROLMENT_COMPOSER,
            second_factor_enrolment_message,
        )

        composer_register(SECOND_FACTOR_ENROLMENT_COMPOSER, second_factor_enrolment_message)
