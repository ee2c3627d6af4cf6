"""The corpus of hostile inputs: JSON files in corpus/, one per kind, read with the stdlib.

Each file is ``{"kind", "description", "fields", "entries": [...]}``, where ``fields`` names
the kinds of field its values are meant for (tests/hostile/replay.py `Kind`: "line", "text",
"note", "email", "strict", "id", "flag", "checked", "redirect") or is "any". An entry is one
of:

* a **value** (``"value"``): replaces one field of a valid request at a time. Optional
  ``"text_ok": true`` says the value is acceptable as free text (a name, a subject, a letter):
  it may then be stored, exactly as sent, and must be shown escaped; ``"email_ok": true``
  says it is a valid email address and may be accepted as one. Without them it must be
  refused wherever it lands. ``"duplicate": "before" | "after"`` sends the value as a second
  copy of the field instead (before the valid value, or after it), the field's own value kept.
* a **request** (``"request"``): changes the whole valid request (content type, body, extra
  fields, headers, cookies); ``"expect"`` lists the outcomes allowed, among ``"baseline"``
  (the same as the valid request) and ``"refused"`` (a clear error, nothing changed).

Values are written as JSON strings, or as a spec for what JSON cannot hold or should not
spell out: ``{"percent": "Amira%FF"}`` for raw bytes (percent-encoded here, sent raw),
``{"repeat": "A", "times": 1000000, "prefix": "", "suffix": ""}`` for large values,
``{"concat": [spec, ...]}``, ``{"json": <any JSON>}`` for a value that is a JSON number,
list, object, boolean or null in a JSON body (its JSON text in a form), and
``{"same": true}`` for the field's own valid value. A lone surrogate written as ``\\ud800``
is sent as its raw bytes (ED A0 80) in forms and URLs, and as that escape in JSON.

To add a case: add a line to the file of its kind (or a new file); ids are unique.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

CORPUS_DIR = Path(__file__).parent / "corpus"

ALLOWED_EXPECTATIONS = frozenset({"baseline", "refused"})
COOKIE_ROLES = frozenset({"browser", "language", "session"})
REQUEST_OPS = frozenset(
    {
        "extra_fields",
        "extra_raw",
        "files",
        "many_fields",
        "encoding",
        "content_type",
        "body",
        "suffix",
        "prefix",
        "reencode",
        "query",
        "header",
        "cookie",
    }
)


@dataclass(frozen=True)
class JsonValue:
    """A value that is not a string in a JSON body (and its JSON text in a form)."""

    value: Any


class Same:
    """The field's own valid value (for duplicates)."""


SAME = Same()

Value = str | bytes | JsonValue | Same


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str
    description: str
    spec: Any = None
    text_ok: bool = False
    email_ok: bool = False
    duplicate: str = ""
    request: dict[str, Any] | None = None
    expect: tuple[str, ...] = ()
    fields: frozenset[str] | None = None  # the kinds of field it is meant for; None: any

    def fits(self, kind: str) -> bool:
        return self.fields is None or kind in self.fields

    @property
    def is_request(self) -> bool:
        return self.request is not None

    def value(self) -> Value:
        return resolve(self.spec)


def to_bytes(value: str | bytes) -> bytes:
    """What goes on the wire: text as UTF-8, lone surrogates as their raw (invalid) bytes."""
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


def resolve(spec: Any) -> Value:
    """The value a spec stands for."""
    if isinstance(spec, str):
        return spec
    if not isinstance(spec, dict):
        raise ValueError(f"Not a value spec: {spec!r}")
    if "percent" in spec:
        return unquote_to_bytes(spec["percent"])
    if "repeat" in spec:
        return spec.get("prefix", "") + spec["repeat"] * spec["times"] + spec.get("suffix", "")
    if "concat" in spec:
        parts = [resolve(part) for part in spec["concat"]]
        if all(isinstance(part, str) for part in parts):
            return "".join(str(part) for part in parts)
        return b"".join(to_bytes(part) for part in parts if isinstance(part, str | bytes))
    if "json" in spec:
        return JsonValue(spec["json"])
    if spec.get("same"):
        return SAME
    raise ValueError(f"Unknown value spec: {spec!r}")


def resolve_text(spec: Any) -> str | bytes:
    """A spec that must be text or bytes (names, headers, bodies)."""
    value = resolve(spec)
    if isinstance(value, JsonValue | Same):
        raise ValueError(f"Expected text or bytes: {spec!r}")
    return value


FIELD_KINDS = frozenset(
    {"line", "text", "note", "email", "strict", "id", "flag", "checked", "redirect"}
)


def _entry(kind: str, raw: dict[str, Any], fields: frozenset[str] | None) -> Entry:
    known = {"id", "description", "value", "text_ok", "email_ok", "duplicate", "request", "expect"}
    unknown = set(raw) - known
    if unknown:
        raise ValueError(f"{raw.get('id')}: unknown keys {sorted(unknown)}")
    if ("value" in raw) == ("request" in raw):
        raise ValueError(f"{raw.get('id')}: give either a value or a request")
    if "request" in raw:
        expect = tuple(raw.get("expect", ()))
        if not expect or not set(expect) <= ALLOWED_EXPECTATIONS:
            raise ValueError(f"{raw['id']}: expect must list outcomes of {ALLOWED_EXPECTATIONS}")
        if raw["request"].get("op") not in REQUEST_OPS:
            raise ValueError(f"{raw['id']}: unknown request op {raw['request'].get('op')!r}")
        if raw["request"]["op"] == "cookie" and raw["request"].get("cookie") not in COOKIE_ROLES:
            raise ValueError(f"{raw['id']}: a cookie is one of {sorted(COOKIE_ROLES)}")
    if raw.get("duplicate", "") not in ("", "before", "after"):
        raise ValueError(f"{raw['id']}: duplicate is before or after")
    entry = Entry(
        id=raw["id"],
        kind=kind,
        description=raw["description"],
        spec=raw.get("value"),
        text_ok=bool(raw.get("text_ok", False)),
        email_ok=bool(raw.get("email_ok", False)),
        duplicate=raw.get("duplicate", ""),
        request=raw.get("request"),
        expect=tuple(raw.get("expect", ())),
        fields=fields,
    )
    if not entry.is_request:
        entry.value()  # fails here, naming the file, rather than in the replay
    return entry


@cache
def corpus() -> tuple[Entry, ...]:
    """Every entry of every file, in file then line order."""
    entries: list[Entry] = []
    for path in sorted(CORPUS_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("kind") != path.stem:
            raise ValueError(f"{path.name}: kind must be {path.stem!r}")
        listed = data.get("fields", "any")
        fields = None if listed == "any" else frozenset(listed)
        if fields is not None and not fields <= FIELD_KINDS:
            raise ValueError(f"{path.name}: unknown field kinds {sorted(fields - FIELD_KINDS)}")
        entries += [_entry(path.stem, raw, fields) for raw in data["entries"]]
    ids = [entry.id for entry in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"Corpus ids used twice: {duplicates}")
    return tuple(entries)
