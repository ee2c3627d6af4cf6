"""The gate in front of every public POST: block and allow lists, rate limits, hourly counts.

A public view that takes POSTs is decorated with ``public_post_guard``; once it knows the
email address a POST names, it calls ``public_post_email_check``; a form refused as a bot's
(honeypot, timing) is marked with ``public_post_refused``. A refusal changes nothing but
the counters: 403 (blocked, a neutral page) or 429 (over a limit, with Retry-After).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from writeathon.abuse.ratelimit import ratelimit_check, rates_of
from writeathon.abuse.selectors import AccessRules, Verdict, access_rules_current
from writeathon.abuse.services import traffic_record
from writeathon.core.client_ip import address_key, client_ip
from writeathon.core.email_address import email_canonical

View = Callable[..., HttpResponseBase]

_ATTRIBUTE = "_writeathon_public_post"
IP_SCOPE = "post-ip"


@dataclass
class PublicPost:
    """What the gate knows about one public POST while the view runs."""

    ip: str
    rules: AccessRules
    domain: str = ""
    refused: bool = False


def public_post_guard(view: View) -> View:
    """Check a POST's client address (blocked? over the per-address limit?) before the view
    runs, and count the POST for the hourly view once it has answered. Other methods pass.

    An allow-listed address or network is exempt from the per-address limit only.
    """

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        post = PublicPost(ip=client_ip(request), rules=access_rules_current())
        setattr(request, _ATTRIBUTE, post)
        refusal = _address_refusal(request, post)
        response = refusal if refusal is not None else view(request, *args, **kwargs)
        traffic_record(ip=post.ip, domain=post.domain, refused=post.refused)
        return response

    return guarded


def _public_post(request: HttpRequest) -> PublicPost:
    post = getattr(request, _ATTRIBUTE, None)
    if not isinstance(post, PublicPost):
        # A view without the decorator still gets its checks, only not the hourly count.
        post = PublicPost(ip=client_ip(request), rules=access_rules_current())
        setattr(request, _ATTRIBUTE, post)
    return post


def _address_refusal(request: HttpRequest, post: PublicPost) -> HttpResponse | None:
    verdict = post.rules.for_ip(post.ip)
    if verdict == Verdict.BLOCK:
        post.refused = True
        return blocked_response(request)
    if verdict == Verdict.ALLOW:
        return None
    # An IPv6 client by its /64: rotating inside it gives no new tries.
    wait = ratelimit_check(
        scope=IP_SCOPE,
        key=address_key(post.ip),
        rates=rates_of(settings.RATE_LIMIT_FORM_PER_IP),
    )
    if wait is not None:
        post.refused = True
        return too_many_response(request, retry_after=wait)
    return None


def public_post_email_check(request: HttpRequest, *, email: str, form: str) -> HttpResponse | None:
    """Check the email address a public POST names, before anything is stored.

    A refusal response (403 when the address or its domain is blocked, 429 over the limit
    for this address on this `form`), or None to go on. The limit counts the address in
    canonical form: "J.Doe+1@gmail.com" and "jdoe@gmail.com" share it.
    """
    post = _public_post(request)
    canonical = email_canonical(email)
    post.domain = canonical.rpartition("@")[2]
    verdict = post.rules.for_email(canonical)
    if verdict == Verdict.BLOCK:
        post.refused = True
        return blocked_response(request)
    if verdict == Verdict.ALLOW:
        return None
    wait = ratelimit_check(
        scope=f"post-email-{form}",
        key=canonical,
        rates=rates_of(settings.RATE_LIMIT_FORM_PER_EMAIL),
    )
    if wait is not None:
        post.refused = True
        return too_many_response(request, retry_after=wait)
    return None


def public_post_refused(request: HttpRequest) -> None:
    """Count this POST as refused in the hourly view (e.g. a honeypot was filled)."""
    _public_post(request).refused = True


def sms_sender_check(*, number: str) -> int | None:
    """Count a text message from `number`; seconds to wait when it is over the limit."""
    return ratelimit_check(
        scope="sms-number", key=number, rates=rates_of(settings.RATE_LIMIT_SMS_PER_NUMBER)
    )


def too_many_response(request: HttpRequest, *, retry_after: int) -> HttpResponse:
    response = render(
        request,
        "abuse/too_many.html",
        {"minutes": max(1, math.ceil(retry_after / 60))},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "private, no-store"
    return response


def blocked_response(request: HttpRequest) -> HttpResponse:
    response = render(request, "abuse/blocked.html", status=403)
    response["Cache-Control"] = "private, no-store"
    return response
