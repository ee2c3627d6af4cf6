"""Requests that gateways make to us: the SMS gateway posts each text message it receives."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseNotAllowed, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from writeathon.abuse.guard import sms_sender_check
from writeathon.core.sms_words import STOP_WORDS
from writeathon.delivery.inbound import (
    BODY_MAX_BYTES,
    InboundInvalid,
    InboundOutcome,
    sms_inbound_parse,
    sms_inbound_seen,
    sms_keyword_of,
    sms_signature_check,
)
from writeathon.usecases.intake import sms_inbound_handle

TIMESTAMP_HEADER = "X-Writeathon-Timestamp"
SIGNATURE_HEADER = "X-Writeathon-Signature"


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@csrf_exempt  # the gateway signs its requests with a shared secret instead
def sms_inbound(request: HttpRequest) -> HttpResponseNotAllowed | JsonResponse:
    """A text message from a supporter, posted by the SMS gateway (docs/delivery.md).

    200 when the message was handled (or was handled before: the gateway retries until it
    gets a 2xx); 4xx with ``{"error": ...}`` when it is refused, and then nothing is stored.
    """
    if not settings.SMS_WEBHOOK_SECRET:
        raise Http404("The SMS webhook is not enabled.")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if _content_length(request) > BODY_MAX_BYTES:
        # Refused before reading it: nothing that large is a text message.
        return JsonResponse(
            {"error": _("The request is too large for a text message.")}, status=413
        )
    body = request.body
    signed = sms_signature_check(
        body=body,
        timestamp=request.headers.get(TIMESTAMP_HEADER, ""),
        signature=request.headers.get(SIGNATURE_HEADER, ""),
    )
    if not signed:
        return JsonResponse(
            {"error": _("The request's signature is missing or wrong, or it is too old.")},
            status=403,
        )
    try:
        message = sms_inbound_parse(body=body)
    except InboundInvalid as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    # Limited per sender (RATE_LIMIT_SMS_PER_NUMBER); STOP always goes through, and so does
    # the gateway's retry of a message already handled (it is answered as a duplicate).
    if sms_keyword_of(message.text) not in STOP_WORDS and not sms_inbound_seen(
        message_id=message.message_id
    ):
        wait = sms_sender_check(number=message.sender.e164)
        if wait is not None:
            refused = JsonResponse(
                {"error": _("Too many text messages from this number. Try again later.")},
                status=429,
            )
            refused["Retry-After"] = str(wait)
            return refused
    result = sms_inbound_handle(
        message_id=message.message_id, sender=message.sender.e164, text=message.text
    )
    if result.outcome in (InboundOutcome.UNKNOWN_KEYWORD, InboundOutcome.CAMPAIGN_NOT_OPEN):
        return JsonResponse({"error": result.error}, status=422)
    return JsonResponse({"status": str(result.outcome)})
