"""Background jobs for actions. Each takes ids, reloads what it needs and calls a service."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from writeathon.actions.models import Action
from writeathon.campaigns.selectors import case_appeal
from writeathon.supporters.services import confirmation_token_make


@task()
def send_confirmation_email(*, action_id: int, base_url: str) -> None:
    """Email the link that confirms a supporter's address and counts their action."""
    action = (
        Action.objects.select_related("supporter", "case", "case__campaign")
        .filter(pk=action_id)
        .first()
    )
    if action is None or action.supporter is None or action.supporter.is_confirmed:
        return
    supporter = action.supporter
    token = confirmation_token_make(supporter=supporter)
    link = base_url.rstrip("/") + reverse("actions:confirm", kwargs={"token": token})
    with translation.override(action.language or supporter.language):
        appeal = case_appeal(case=action.case, language=action.language)
        context = {
            "supporter": supporter,
            "action": action,
            "case": action.case,
            "appeal": appeal,
            "link": link,
            "valid_days": max(1, settings.CONFIRMATION_MAX_AGE_SECONDS // 86400),
        }
        # One line whatever the template or case name holds: no header injection.
        subject = " ".join(render_to_string("emails/confirm_subject.txt", context).split())
        text = render_to_string("emails/confirm.txt", context)
        html = render_to_string("emails/confirm.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[supporter.email])
    message.attach_alternative(html, "text/html")
    message.send()
