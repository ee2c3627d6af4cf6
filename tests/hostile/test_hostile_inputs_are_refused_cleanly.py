"""Every form and endpoint answers the hostile corpus (tests/hostile/corpus/) without a server
error, with a clear error when it refuses, and changing nothing it should not.

One test per target (targets.py: each public form and endpoint, and the staff ones, with a
valid request) replays the corpus (corpus.py): each value entry replaces one field of the
valid request, each request entry changes the whole request. What is judged, and how, is in
replay.py.

The default run takes about 45 s on SQLite: each value entry goes into one field of a target
(a different one for each entry, in turn), and targets that share their code share the corpus
out between them (targets.FAMILIES). With HOSTILE_EVERY_FIELD=1 every entry goes into every
field of every target it is meant for (about 5 minutes).
"""

from __future__ import annotations

import os
import time

import pytest

from tests.hostile.corpus import corpus
from tests.hostile.replay import (
    Draft,
    Replay,
    quiet_request_logs,
    request_applies,
    send,
    value_fields,
)
from tests.hostile.targets import TARGETS, World, build_target, share

EVERY_FIELD = os.environ.get("HOSTILE_EVERY_FIELD") == "1"
SHOWN_FAILURES = 40


@pytest.mark.parametrize("label", list(TARGETS))
def test_hostile_inputs_are_refused_cleanly(world: World, label: str) -> None:
    target = build_target(label, world)
    place, family_size = (0, 1) if EVERY_FIELD else share(label)
    offset = list(TARGETS).index(label)
    started = time.perf_counter()
    with quiet_request_logs():
        baseline = send(target, Draft.of(target).wire())
        assert baseline.status < 400 and not baseline.error, (
            f"The valid request to {label} fails ({baseline.status} {baseline.error}): "
            "the replay would prove nothing."
        )
        replay = Replay(target, baseline)
        for index, entry in enumerate(corpus()):
            if index % family_size != place:
                continue  # another target of the family takes this one
            if entry.is_request:
                if request_applies(target, entry):
                    replay.request(entry)
                continue
            fields = value_fields(target, entry)
            if not fields:
                continue
            turn = index // family_size + offset
            for field in fields if EVERY_FIELD else [fields[turn % len(fields)]]:
                replay.value(entry, field)
    elapsed = time.perf_counter() - started
    print(
        f"{label}: {replay.requests} requests in {elapsed:.1f} s; {replay.stored_checks} "
        f"values read back as stored, {replay.shown_checks} seen escaped on a staff page"
    )
    failures = replay.failures
    assert not failures, (
        f"{len(failures)} of {replay.requests} hostile requests to {label}:\n"
        + "\n".join(failures[:SHOWN_FAILURES])
    )
