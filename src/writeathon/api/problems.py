"""Errors as application/problem+json (RFC 9457): a title a person reads, the status, a
detail, and for invalid input the fields at fault."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Schema

PROBLEM_TYPE = "application/problem+json"


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: list[dict[str, Any]] = []


class ApiProblem(Exception):
    """Raise from an endpoint to answer with a problem."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str = "",
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(title)
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors or []
        self.headers = headers or {}


def problem_response(
    request: HttpRequest | None,
    *,
    status: int,
    title: str,
    detail: str = "",
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    body = Problem(title=title, status=status, detail=detail, errors=errors or []).dict()
    response = JsonResponse(body, status=status, content_type=PROBLEM_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response
