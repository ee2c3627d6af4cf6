"""Replaying the hostile corpus against one target: building the requests, sending them through
Django's test client, and judging each answer.

A target is a form or endpoint with a valid request (its fields, each of a `Kind`). Each
value entry of the corpus replaces one field at a time; each request entry changes the whole
request. Every request runs inside a savepoint that is rolled back afterwards, so each one
starts from the same rows and the valid request's own effect (its "baseline") is what an
accepted request must match.

What the replay asserts for every request: no 5xx; a 4xx is a page or JSON with a
human-readable error (never a traceback); a redirect stays on this site; hostile markup sent
in is never echoed unescaped. And, by entry and field:

* refused: a clear error (a 4xx page or JSON, or a redirect with an error message or to the
  sign-in page), no row inserted, deleted or updated in any table (`django.apps` models), no
  email and no task queued;
* baseline: the same status and the same rows changed as the valid request;
* stored (free text that is acceptable as text): as baseline, and the value is stored
  exactly as sent (after the field's documented folding of whitespace) and shown escaped;
* absent (checkboxes, lists of the page's own rows): the same as without the field.
"""

from __future__ import annotations

import copy
import enum
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import quote_from_bytes

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core import mail
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import close_old_connections, connection, transaction
from django.http import HttpResponse
from django.test import Client, TestCase
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme

from tests.hostile.corpus import SAME, Entry, JsonValue, Same, Value, resolve_text, to_bytes
from writeathon.supporters.services import BROWSER_COOKIE

BOUNDARY = "HostileReplayBoundary7MA4YWxkTrZu0gW"
FORM = "application/x-www-form-urlencoded"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


class Kind(enum.StrEnum):
    """What a field holds, which decides what may become of a hostile value in it."""

    LINE = "line"  # one line of free text (a name, a subject): stored with whitespace folded
    TEXT = "text"  # free text (a letter, a message): stored with outer whitespace stripped
    NOTE = "note"  # staff free text: anything Django can decode may be kept
    EMAIL = "email"  # an email address: stored stripped and lower-cased
    STRICT = "strict"  # a choice, a code, a signed token: nothing hostile is valid
    ID = "id"  # a row's id: digits may name another row
    FLAG = "flag"  # a checkbox or a list of the page's own rows: unknown values untick it
    CHECKED = "checked"  # checked and then used as is (message ids, rule values, language)
    REDIRECT = "redirect"  # where to go next: used only when it stays on this site


# An accepted letter or message that screening holds for review has one more row than the
# valid one: the same outcome otherwise.
HELD = {
    "moderation_screeningresult": "why screening held an accepted message for review",
}
# Tables that count requests rather than hold what a request asks for: written for refused
# requests too, by design. (A target can name more: Target.bookkeeping.)
BOOKKEEPING = {
    "abuse_traffichour": "the hourly count of public POSTs per address and domain for staff",
    "abuse_ratecounter": "rate-limit windows (a refused request counts against its limit)",
    "core_personaldataaccess": "each time staff look at personal data is logged",
}

# What a page says when it refuses something (English: the replay runs in the default language).
ERROR_MARKERS = (
    'class="error-summary"',  # a form's summary of its errors
    'class="errorlist"',  # a field's errors
    "We could not understand this request",  # 400.html
    "Page not found",  # 404.html
    "Not allowed",  # 403.html
    "This link does not work",  # confirmation and data links
    "Please send the form again",  # CSRF failure
    "Too many requests",
    "We cannot accept this form",
    "This campaign has ended",
)

_UPDATE = re.compile(r'^\s*UPDATE\s+"?(\w+)"?', re.IGNORECASE)


@dataclass(frozen=True)
class Field:
    name: str  # as posted (with the form's prefix) or as named in the URL pattern
    valid: str | JsonValue
    kind: Kind
    where: str = "body"  # "body", "query" or "path"


@dataclass
class Target:
    """A form or endpoint and a valid request to it."""

    key: str  # the URL pattern's name (or its route when unnamed)
    label: str  # for test ids and messages
    method: str
    path: str  # with {field} where a path field goes
    fields: list[Field]
    client: Client
    body: str = "form"  # "form" or "json" (POST only)
    prefix: str = ""  # a form prefix: unexpected fields are also sent with it
    # Reads back what an accepted request stored, by field name.
    stored: Callable[[HttpResponse], dict[str, str]] | None = None
    # The HTML of a staff page that shows what an accepted request stored.
    shown: Callable[[HttpResponse], str] | None = None
    # Headers for a body (the SMS gateway's signature).
    sign: Callable[[bytes], dict[str, str]] | None = None
    bookkeeping: dict[str, str] = field(default_factory=dict)

    @property
    def is_get(self) -> bool:
        return self.method in ("GET", "HEAD")


@dataclass
class Wire:
    """One request as it is sent."""

    method: str
    path: str  # quoted, with the query string
    body: bytes = b""
    content_type: str = FORM
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Effect:
    """What a request changed: rows added or removed per table, tables updated, mail sent."""

    counts: tuple[tuple[str, int], ...]
    updated: tuple[str, ...]
    mails: int
    tasks: int

    @property
    def none(self) -> bool:
        return not (self.counts or self.updated or self.mails or self.tasks)

    def __str__(self) -> str:
        parts = [f"{table} {delta:+d}" for table, delta in self.counts]
        parts += [f"{table} updated" for table in self.updated]
        if self.mails:
            parts.append(f"{self.mails} email(s)")
        if self.tasks:
            parts.append(f"{self.tasks} on-commit callback(s)")
        return ", ".join(parts) or "nothing"


@dataclass
class Result:
    status: int
    response: Any  # what the test client answered
    effect: Effect
    stored: dict[str, str] = field(default_factory=dict)
    shown: str = ""
    error: str = ""  # an exception raised by the view or by a task it queued

    @property
    def html(self) -> str:
        if self.response.streaming:
            return ""  # a file download: nothing to read an error in
        return self.response.content.decode("utf-8", "replace")


# --- Rows ----------------------------------------------------------------------------------------


def _tables() -> list[str]:
    tables = {
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(tables)


def table_counts() -> dict[str, int]:
    """Rows in every table of every model, in one query."""
    quote = connection.ops.quote_name
    tables = _tables()
    sql = " UNION ALL ".join(
        f"SELECT {index}, COUNT(*) FROM {quote(table)}"  # noqa: S608 - quoted names of our tables
        for index, table in enumerate(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    return {tables[index]: count for index, count in rows}


class _UpdateRecorder:
    """Notes every UPDATE that changed rows, by table (row counts show inserts and deletes)."""

    def __init__(self) -> None:
        self.updated: Counter[str] = Counter()

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        match = _UPDATE.match(sql)
        if match and getattr(context.get("cursor"), "rowcount", -1) != 0:
            self.updated[match.group(1)] += 1
        return result


# --- Building requests ---------------------------------------------------------------------------

Item = tuple[str | bytes, Value]


def _wire_value(value: Value, valid: str | JsonValue) -> bytes:
    if isinstance(value, Same):
        value = valid
    if isinstance(value, JsonValue):
        return json.dumps(value.value).encode()
    return to_bytes(value)


def _urlencoded(items: list[tuple[bytes, bytes]]) -> bytes:
    return "&".join(
        f"{quote_from_bytes(name, safe='')}={quote_from_bytes(value, safe='')}"
        for name, value in items
    ).encode("ascii")


def _multipart(items: list[tuple[bytes, bytes]], files: tuple[int, int] = (0, 0)) -> bytes:
    lines: list[bytes] = []
    for name, value in items:
        lines += [
            f"--{BOUNDARY}".encode(),
            b'Content-Disposition: form-data; name="' + name.replace(b'"', b"%22") + b'"',
            b"",
            value,
        ]
    count, size = files
    for index in range(count):
        lines += [
            f"--{BOUNDARY}".encode(),
            f'Content-Disposition: form-data; name="f{index}"; filename="x{index}.bin"'.encode(),
            b"Content-Type: application/octet-stream",
            b"",
            b"\x00" * size,
        ]
    lines += [f"--{BOUNDARY}--".encode(), b""]
    return b"\r\n".join(lines)


def _json_token(value: Value | str | bytes) -> bytes:
    if isinstance(value, bytes):
        return b'"' + value + b'"'  # raw, possibly invalid UTF-8, inside a JSON string
    if isinstance(value, JsonValue):
        return json.dumps(value.value).encode()
    if isinstance(value, Same):
        raise TypeError("resolve SAME first")
    return json.dumps(value).encode()  # lone surrogates become \ud800 escapes


def _json_object(items: list[tuple[str | bytes, Value | str | bytes]]) -> bytes:
    return (
        b"{"
        + b", ".join(_json_token(name) + b": " + _json_token(value) for name, value in items)
        + b"}"
    )


@dataclass
class Draft:
    """A request under construction: the target's fields, then what the entry changes."""

    target: Target
    items: list[tuple[str | bytes, Value, Field | None]]
    encoding: str = ""  # "form", "multipart", "json" or "" (the target's)
    extra_query: list[bytes] = field(default_factory=list)
    content_type: str | None = None
    body: bytes | None = None
    prefix: bytes = b""
    suffix: bytes = b""
    reencode: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    files: tuple[int, int] = (0, 0)

    @classmethod
    def of(cls, target: Target) -> Draft:
        return cls(target, [(f.name, f.valid, f) for f in target.fields])

    def replace(self, name: str, value: Value) -> None:
        self.items = [(n, value if n == name else v, f) for n, v, f in self.items]

    def drop(self, name: str) -> None:
        self.items = [(n, v, f) for n, v, f in self.items if n != name]

    def duplicate(self, name: str, value: Value, *, before: bool) -> None:
        items: list[tuple[str | bytes, Value, Field | None]] = []
        for n, v, f in self.items:
            if n == name and before:
                items.append((n, value, f))
            items.append((n, v, f))
            if n == name and not before:
                items.append((n, value, f))
        self.items = items

    def add(self, name: str | bytes, value: Value) -> None:
        self.items.append((name, value, None))

    def wire(self) -> Wire:
        target = self.target
        path = target.path
        body_items: list[tuple[str | bytes, Value, Field | None]] = []
        query: list[tuple[bytes, bytes]] = []
        for name, value, f in self.items:
            where = f.where if f is not None else ("query" if target.is_get else "body")
            valid = f.valid if f is not None else ""
            if where == "path":
                quoted = quote_from_bytes(_wire_value(value, valid), safe="")
                path = path.replace("{" + str(name) + "}", quoted)
            elif where == "query":
                query.append((to_bytes(name), _wire_value(value, valid)))
            else:
                body_items.append((name, SAME if isinstance(value, Same) else value, f))
        query_string = "&".join(
            [_urlencoded(query).decode(), *(q.decode() for q in self.extra_query)]
        )
        query_string = query_string.strip("&")
        if query_string:
            path += "?" + query_string
        headers = dict(self.headers)
        if target.is_get:
            return Wire(method=target.method, path=path, headers=headers, cookies=self.cookies)
        encoding = self.encoding or target.body
        if encoding == "json":
            pairs: list[tuple[str | bytes, Value | str | bytes]] = []
            for name, value, f in body_items:
                resolved: Value = (f.valid if f is not None else "") if value is SAME else value
                pairs.append((name, resolved))
            body = _json_object(pairs)
            content_type = "application/json"
        else:
            encoded = [
                (to_bytes(name), _wire_value(value, f.valid if f is not None else ""))
                for name, value, f in body_items
            ]
            if encoding == "multipart" or self.files != (0, 0):
                body, content_type = _multipart(encoded, self.files), MULTIPART
            else:
                body, content_type = _urlencoded(encoded), FORM
        if self.body is not None:
            body = self.body
        body = self.prefix + body + self.suffix
        if self.reencode:
            body = body.decode("utf-8").encode(self.reencode)
        if self.content_type is not None:
            content_type = self.content_type
        if target.sign is not None:
            headers |= target.sign(body)
        return Wire(
            method=target.method,
            path=path,
            body=body,
            content_type=content_type,
            headers=headers,
            cookies=self.cookies,
        )


# --- Applying an entry ---------------------------------------------------------------------------


def value_fields(target: Target, entry: Entry) -> list[Field]:
    """The fields of this target a value entry is meant for."""
    return [
        f
        for f in target.fields
        if entry.fits(f.kind) and not (entry.duplicate and f.where == "path")
    ]


def request_applies(target: Target, entry: Entry) -> bool:
    """Whether a request entry means something for this target."""
    request = entry.request or {}
    op = request["op"]
    if op in ("query", "header", "cookie", "extra_fields"):
        return True
    if target.is_get:
        return op == "many_fields" and request.get("in") == "query"
    if op == "many_fields":
        if request.get("in") == "query":
            return True
        return (request.get("encoding") == "json") == (target.body == "json")
    if op in ("extra_raw", "files", "encoding"):
        return target.body == "form"
    return True


def draft_for_request(target: Target, entry: Entry) -> Draft:
    """The valid request, changed as a request entry says."""
    request = entry.request or {}
    op = request["op"]
    draft = Draft.of(target)
    if op == "extra_fields":
        own = {f.name for f in target.fields}
        for name_spec, value_spec in request["fields"]:
            name, value = resolve_text(name_spec), resolve_text(value_spec)
            names = [name]
            if request.get("prefixed") and target.prefix and isinstance(name, str):
                names.append(f"{target.prefix}-{name}")
            for extra in names:
                if extra not in own:  # a second copy of a real field is a duplicate entry
                    draft.add(extra, value)
    elif op == "extra_raw":
        draft.suffix = b"&" + to_bytes(resolve_text(request["raw"]))
    elif op == "files":
        draft.files = (request["count"], request["size"])
    elif op == "many_fields":
        pairs = [(f"x{index}", "1") for index in range(request["count"])]
        if request.get("in") == "query":
            draft.extra_query.append(_urlencoded([(n.encode(), v.encode()) for n, v in pairs]))
        else:
            draft.encoding = request.get("encoding", "")
            for name, value in pairs:
                draft.add(name, value)
    elif op == "encoding":
        draft.encoding = request["encoding"]
    elif op == "content_type":
        content_type = request.get("json_target") if target.body == "json" else None
        draft.content_type = str(resolve_text(content_type or request["content_type"]))
    elif op == "body":
        draft.body = to_bytes(resolve_text(request["body"]))
        draft.content_type = request["content_type"]
    elif op == "suffix":
        # In a form, as a field of its own: the last field keeps its value.
        separator = b"&" if target.body == "form" else b""
        draft.suffix = separator + to_bytes(resolve_text(request["suffix"]))
    elif op == "prefix":
        separator = b"&" if target.body == "form" else b""
        draft.prefix = to_bytes(resolve_text(request["prefix"])) + separator
    elif op == "reencode":
        draft.reencode = request["encoding"]
    elif op == "query":
        draft.extra_query.append(to_bytes(resolve_text(request["raw"])))
    elif op == "header":
        draft.headers[request["name"]] = to_bytes(resolve_text(request["value"])).decode("latin-1")
    elif op == "cookie":
        draft.cookies[request["cookie"]] = str(resolve_text(request["value"]))
    else:  # pragma: no cover - corpus.py refuses unknown ops
        raise ValueError(op)
    return draft


def draft_for_value(target: Target, entry: Entry, f: Field) -> Draft:
    draft = Draft.of(target)
    value = entry.value()
    if entry.duplicate:
        draft.duplicate(f.name, value, before=entry.duplicate == "before")
    else:
        draft.replace(f.name, value)
    return draft


# --- Sending -------------------------------------------------------------------------------------


def _cookie_name(role: str) -> str:
    """The cookie a request entry names by its role (corpus.COOKIE_ROLES)."""
    return {
        "browser": BROWSER_COOKIE,  # "this browser confirmed an address"
        "language": settings.LANGUAGE_COOKIE_NAME,
        "session": settings.SESSION_COOKIE_NAME,
    }[role]


def _cookie_header(client: Client, extra: dict[str, str]) -> str:
    jar = {morsel.key: morsel.coded_value for morsel in client.cookies.values()}
    for role, value in extra.items():
        jar[_cookie_name(role)] = value
    return "; ".join(f"{name}={value}" for name, value in sorted(jar.items()))


@contextmanager
def quiet_request_logs() -> Iterator[None]:
    """Thousands of refused requests would each log a warning: only the failures matter."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _close(response: HttpResponse) -> None:
    """Close a response (a file download holds its file open until then) without closing the
    test's database connection, as the test client does for streaming responses."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def send(
    target: Target,
    wire: Wire,
    *,
    before: dict[str, int] | None = None,
    read_back: bool = False,
    show: bool = False,
) -> Result:
    """Send one request in a savepoint, note what it changed, then roll it back.

    `before` is the row count of every table when the savepoint is taken, if known: each
    request of a replay starts from the same rows."""
    client = target.client
    cookies: SimpleCookie = copy.deepcopy(client.cookies)
    savepoint = transaction.savepoint()
    mails = len(mail.outbox)
    recorder = _UpdateRecorder()
    error = ""
    stored: dict[str, str] = {}
    shown = ""
    # Rows roll back, the cache does not: what a request cached (a confirmation email just
    # sent to this address, the access rules) must not change how the next one is answered.
    cache.clear()
    try:
        if before is None:
            before = table_counts()
        extra: dict[str, Any] = {}
        if wire.cookies:
            extra["HTTP_COOKIE"] = _cookie_header(client, wire.cookies)
        with (
            TestCase.captureOnCommitCallbacks(execute=True) as callbacks,
            connection.execute_wrapper(recorder),
        ):
            response: Any = client.generic(
                wire.method,
                wire.path,
                data=wire.body,
                content_type=wire.content_type,
                headers=wire.headers,
                **extra,
            )
        exc_info = getattr(response, "exc_info", None)
        if exc_info:
            error = f"{exc_info[0].__name__}: {exc_info[1]}"
        after = table_counts()
        ignored = BOOKKEEPING.keys() | target.bookkeeping.keys()
        counts = tuple(
            (table, after[table] - before[table])
            for table in sorted(after)
            if after[table] != before[table] and table not in ignored
        )
        updated = tuple(sorted(t for t in recorder.updated if t not in ignored))
        effect = Effect(
            counts=counts, updated=updated, mails=len(mail.outbox) - mails, tasks=len(callbacks)
        )
        if read_back and target.stored is not None and response.status_code < 400:
            stored = target.stored(response)
        if show and target.shown is not None and response.status_code < 400:
            shown = target.shown(response)
        _close(response)
    except Exception as exc:  # what the request queued failed after its response
        return Result(
            status=0,
            response=HttpResponse(b""),
            effect=Effect((), (), 0, 0),
            error=f"after the response, {type(exc).__name__}: {exc}",
        )
    finally:
        transaction.savepoint_rollback(savepoint)
        del mail.outbox[mails:]
        client.cookies = cookies
        cache.clear()
    return Result(
        status=response.status_code,
        response=response,
        effect=effect,
        stored=stored,
        shown=shown,
        error=error,
    )


# --- Judging -------------------------------------------------------------------------------------


def _is_json(response: HttpResponse) -> bool:
    return str(response.get("Content-Type", "")).startswith("application/json")


def unclear(result: Result) -> str:
    """Why this answer is not a clear, human-readable one ("" when it is)."""
    response = result.response
    html = result.html
    if "Traceback" in html:
        return "the body holds a traceback"
    if 400 <= result.status < 500:
        if _is_json(response):
            try:
                data = json.loads(response.content)
            except ValueError:
                return "a JSON error that is not JSON"
            if not (
                isinstance(data, dict) and isinstance(data.get("error"), str) and data["error"]
            ):
                return f"a JSON error without an 'error' message: {data!r:.200}"
            return ""
        if not any(marker in html for marker in ERROR_MARKERS):
            return f"a {result.status} page without a recognisable error message: {html[:300]!r}"
    return ""


def _error_message_queued(response: HttpResponse) -> bool:
    request = getattr(response, "wsgi_request", None)
    if request is None:
        return False
    return any(message.level == messages.ERROR for message in get_messages(request))


def is_refused(result: Result) -> bool:
    if not result.effect.none:
        return False
    if 400 <= result.status < 500:
        return not unclear(result)
    if 300 <= result.status < 400:
        location = str(result.response.get("Location", ""))
        return "/login/" in location or _error_message_queued(result.response)
    return False


def unsafe_redirect(result: Result) -> str:
    location = result.response.get("Location")
    if location is None or not (300 <= result.status < 400):
        return ""
    # Its start says where it goes (Django's check refuses anything past 2,048 characters).
    if url_has_allowed_host_and_scheme(str(location)[:2000], allowed_hosts={"testserver"}):
        return ""
    return f"redirects off the site, to {str(location)[:200]!r}"


def echoed_markup(result: Result, sent: str) -> str:
    """Markup sent in must never come back unescaped in an HTML page."""
    if "<" not in sent or _is_json(result.response):
        return ""
    html = result.html
    for line in sent.splitlines():
        if "<" in line and len(line) > 3 and line.strip() in html:
            return f"echoes markup unescaped: {line.strip()[:120]!r}"
    return ""


def sent_text(value: Value, f: Field, *, lenient: bool = False) -> str | None:
    """The text a field receives from this value, or None when it is not text."""
    if isinstance(value, Same):
        value = f.valid
    if isinstance(value, JsonValue):
        return json.dumps(value.value)
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.decode("utf-8", "replace") if lenient else None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: sent as invalid bytes
        return to_bytes(value).decode("utf-8", "replace") if lenient else None
    return value


def expected_stored(kind: Kind, text: str) -> str:
    if kind == Kind.LINE:
        return " ".join(text.split())
    if kind == Kind.EMAIL:
        return text.strip().lower()
    return text.strip()


def _is_integer(text: str | None) -> bool:
    """Whether int() reads `text` (as Django's Paginator and model fields do)."""
    if text is None or len(text) > 40:
        return False
    try:
        int(text)
    except ValueError:
        return False
    return True


def allowed_outcomes(f: Field, entry: Entry) -> set[str]:
    """What may become of a value entry in field `f`. Refusing is always allowed, except a
    request that is the valid one after all."""
    value = entry.value()
    # Staff notes may keep what Django makes of bytes that are not UTF-8.
    text = sent_text(value, f, lenient=f.kind == Kind.NOTE)
    if isinstance(value, Same) or (text is not None and text == sent_text(f.valid, f)):
        return {"baseline"}
    if entry.duplicate == "before":
        return {"baseline", "refused"}
    allowed = {"refused"}
    if text == "":
        allowed |= {"absent", "noop"}  # an empty field is a missing one
    kind = f.kind
    acceptable = {
        Kind.LINE: entry.text_ok,
        Kind.TEXT: entry.text_ok,
        Kind.EMAIL: entry.email_ok,
        Kind.NOTE: True,  # staff's own notes: whatever Django can decode
    }
    if kind == Kind.ID and _is_integer(text):
        allowed |= {"baseline", "noop"}  # another row's id
    elif acceptable.get(kind) and text is not None:
        allowed.add("stored")
    elif kind == Kind.FLAG:
        allowed |= {"baseline", "absent"}
    elif kind in (Kind.CHECKED, Kind.REDIRECT):
        allowed.add("baseline")
    return allowed


def same_as(result: Result, other: Result) -> bool:
    """The same status and the same rows changed (a message held for review aside)."""

    def core(effect: Effect) -> tuple[object, ...]:
        counts = tuple((table, delta) for table, delta in effect.counts if table not in HELD)
        return counts, effect.updated, effect.mails, effect.tasks

    return result.status == other.status and core(result.effect) == core(other.effect)


@dataclass
class Replay:
    """The replay of the corpus against one target: failures are collected, not raised."""

    target: Target
    baseline: Result
    failures: list[str] = field(default_factory=list)
    requests: int = 0
    stored_checks: int = 0
    shown_checks: int = 0
    _absent: dict[str, Result] = field(default_factory=dict)
    shown_entries: set[str] = field(default_factory=set)
    before: dict[str, int] = field(default_factory=table_counts)

    def absent(self, f: Field) -> Result:
        if f.name not in self._absent:
            draft = Draft.of(self.target)
            draft.drop(f.name)
            self._absent[f.name] = send(self.target, draft.wire(), before=self.before)
        return self._absent[f.name]

    def fail(self, entry: Entry, where: str, message: str) -> None:
        self.failures.append(f"{entry.id} [{entry.kind}] in {where}: {message}")

    def _always(self, entry: Entry, where: str, result: Result, sent: str | None) -> bool:
        if result.error and result.status in (0, 500):
            self.fail(entry, where, f"server error: {result.error}")
            return False
        if result.status >= 500 or result.status == 0:
            self.fail(entry, where, f"status {result.status}")
            return False
        problem = unclear(result) or unsafe_redirect(result)
        if not problem and sent is not None:
            problem = echoed_markup(result, sent)
        if problem:
            self.fail(entry, where, f"status {result.status}: {problem}")
            return False
        return True

    def value(self, entry: Entry, f: Field) -> None:
        """Send the valid request with `entry` in field `f`, and judge the answer."""
        allowed = allowed_outcomes(f, entry)
        text = sent_text(entry.value(), f, lenient=f.kind == Kind.NOTE)
        wants_text = "stored" in allowed and text is not None
        markup = text is not None and any(c in text for c in "<>&\"'")
        show = wants_text and markup and entry.id not in self.shown_entries
        result = send(
            self.target,
            draft_for_value(self.target, entry, f).wire(),
            before=self.before,
            read_back=wants_text,
            show=show,
        )
        self.requests += 1
        where = f"{self.target.label}.{f.name}"
        if not self._always(entry, where, result, text):
            return
        outcomes = []
        if is_refused(result):
            outcomes.append("refused")
        if same_as(result, self.baseline):
            outcomes.append("baseline")
            if wants_text:
                outcomes.append("stored")
        if result.effect.none and result.status < 400:
            outcomes.append("noop")
        if "absent" in allowed and same_as(result, self.absent(f)):
            outcomes.append("absent")
        if not set(outcomes) & allowed:
            self.fail(
                entry,
                where,
                f"status {result.status}, changed {result.effect}; allowed: "
                f"{', '.join(sorted(allowed))} (the valid request: status "
                f"{self.baseline.status}, changed {self.baseline.effect})",
            )
            return
        if "stored" in outcomes and "refused" not in outcomes and text is not None:
            self._check_stored(entry, f, result, text, where)

    def _check_stored(self, entry: Entry, f: Field, result: Result, text: str, where: str) -> None:
        if self.target.stored is None:
            return
        expected = expected_stored(f.kind, text)
        got = result.stored.get(f.name)
        if got is None:
            return
        self.stored_checks += 1
        if got != expected:
            self.fail(entry, where, f"stored {got[:120]!r}, not {expected[:120]!r} as sent")
            return
        if result.shown and got:
            self.shown_entries.add(entry.id)
            self.shown_checks += 1
            if "<" in got and got in result.shown:
                self.fail(entry, where, "shown unescaped on the staff page")
            elif "\n" not in got and escape(got) not in result.shown:
                self.fail(entry, where, "not shown (escaped) on the staff page")

    def request(self, entry: Entry) -> None:
        wire = draft_for_request(self.target, entry).wire()
        result = send(self.target, wire, before=self.before)
        self.requests += 1
        where = self.target.label
        if not self._always(entry, where, result, None):
            return
        outcomes = set()
        if is_refused(result):
            outcomes.add("refused")
        if same_as(result, self.baseline):
            outcomes.add("baseline")
        if not outcomes & set(entry.expect):
            self.fail(
                entry,
                where,
                f"status {result.status}, changed {result.effect}; allowed: "
                f"{', '.join(entry.expect)} (the valid request: status {self.baseline.status}, "
                f"changed {self.baseline.effect})",
            )
