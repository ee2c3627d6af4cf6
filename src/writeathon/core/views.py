from __future__ import annotations

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from writeathon.core.cache import cache_is_up
from writeathon.core.mail import mail_files_served, stored_mail_get, stored_mail_list
from writeathon.core.personal_data import personal_data_access_log


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not.

    The cache is reported too, but does not fail the check: without it the site is slower,
    not broken.
    """
    cache = "up" if cache_is_up() else "down"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse(
            {"status": "unavailable", "database": "down", "cache": cache}, status=503
        )
    return JsonResponse({"status": "ok", "database": "up", "cache": cache})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)


def _mail_reader_check(request: HttpRequest) -> None:
    """Mail files hold every supporter's confirmation and data links, whatever their
    section: only the demo serves them, and only to a superuser."""
    if not mail_files_served():
        raise Http404("No mail is kept for reading here.")
    if not request.user.is_superuser:
        raise PermissionDenied


@staff_member_required
def mail_list(request: HttpRequest) -> HttpResponse:
    _mail_reader_check(request)
    personal_data_access_log(request=request, what="mail list")
    return render(request, "core/mail_list.html", {"messages_": stored_mail_list()})


@staff_member_required
def mail_detail(request: HttpRequest, name: str) -> HttpResponse:
    _mail_reader_check(request)
    stored = stored_mail_get(name)
    if stored is None:
        raise Http404("No such message.")
    personal_data_access_log(request=request, what="mail", object_id=name)
    return render(request, "core/mail_detail.html", {"mail": stored})


@require_safe
def media(request: HttpRequest, path: str) -> FileResponse | HttpResponse:
    """Uploaded photos outside production (there the web server serves MEDIA_ROOT)."""
    try:
        response: FileResponse | HttpResponse = serve(
            request, path, document_root=str(settings.MEDIA_ROOT)
        )
    except (OSError, ValueError) as exc:
        # A name the file system refuses (too long, a NUL byte): no such file.
        raise Http404("No such file.") from exc
    return response
