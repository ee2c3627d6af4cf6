"""Every URL pattern of the site is replayed with the hostile corpus, or listed as left out with
its reason; and the corpus holds at least 200 distinct hostile inputs, each well formed."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver

from tests.hostile.corpus import CORPUS_DIR, corpus
from tests.hostile.targets import NOT_REPLAYED, TARGETS, World, build_target

MIN_PAYLOADS = 200


def _patterns(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """(name with its namespace, or the route when unnamed; the full route) of every pattern."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from _patterns(pattern.url_patterns, route, inner)
        else:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name or route, route


def _left_out(key: str, route: str) -> bool:
    return key in NOT_REPLAYED or (route.startswith("admin/") and "admin" in NOT_REPLAYED)


def test_every_url_pattern_is_replayed_or_left_out_with_a_reason(world: World) -> None:
    replayed = {build_target(label, world).key for label in TARGETS}
    urls = dict(_patterns(get_resolver().url_patterns))

    missing = sorted(
        f"{key} ({route})"
        for key, route in urls.items()
        if key not in replayed and not _left_out(key, route)
    )
    assert not missing, (
        "URL patterns that the hostile replay does not cover: add a target to "
        f"tests/hostile/targets.py, or to NOT_REPLAYED with the reason: {missing}"
    )
    gone = sorted(replayed - set(urls))
    assert not gone, f"Targets of URL patterns that no longer exist: {gone}"
    assert all(reason.strip() for reason in NOT_REPLAYED.values())


def test_the_corpus_holds_at_least_200_distinct_hostile_inputs() -> None:
    entries = corpus()
    payloads = {
        json.dumps([entry.spec, entry.duplicate, entry.request], sort_keys=True, ensure_ascii=True)
        for entry in entries
    }
    assert len(payloads) >= MIN_PAYLOADS, f"{len(payloads)} distinct payloads"

    # Every kind the issue names has its file, and none is empty.
    kinds = Counter(entry.kind for entry in entries)
    expected = {
        "oversized",
        "nul_and_control",
        "invalid_utf8",
        "surrogates",
        "invisible_and_bidi",
        "homoglyphs_and_scripts",
        "markup_injection",
        "sql_and_command_injection",
        "template_injection",
        "header_injection",
        "emails",
        "numbers",
        "path_traversal",
        "duplicates",
        "requests",
    }
    assert expected <= set(kinds), sorted(expected - set(kinds))
    assert sorted(path.stem for path in CORPUS_DIR.glob("*.json")) == sorted(kinds)

    # Each description says what the entry is; every request entry can be judged.
    assert all(entry.description.strip() for entry in entries)
    assert all(entry.expect for entry in entries if entry.is_request)
