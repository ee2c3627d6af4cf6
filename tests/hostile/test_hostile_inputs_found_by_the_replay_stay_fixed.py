"""What the hostile replay found, pinned down one by one: each of these once gave a server
error, or was accepted when it should have been refused. (The replay spreads the corpus over
fields and targets; these always hit the field that broke.)"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import SUPPORTER_KEYS
from tests.hostile.replay import Draft, Result, send
from tests.hostile.targets import World, build_target


def _answer(world: World, label: str, **fields: str | bytes) -> Result:
    """The target's valid request with `fields` replaced (names as posted, `_` for `-`; the
    one form's fields about the supporter have no prefix: `email_name` is `name`)."""
    target = build_target(label, world)
    draft = Draft.of(target)
    for name, value in fields.items():
        if label.startswith("act-"):
            channel, _sep, field = name.partition("_")
            name = field if field in SUPPORTER_KEYS else f"{channel}-{field}"
        draft.replace(name, value)
    return send(target, draft.wire())


def test_json_nested_ten_thousand_levels_deep_is_not_json_to_the_sms_webhook(
    world: World,
) -> None:
    target = build_target("sms-webhook", world)
    draft = Draft.of(target)
    draft.body = b"[" * 10_000 + b"]" * 10_000  # signed like any other body

    result = send(target, draft.wire())

    assert result.status == 400, result.error
    assert result.response.json() == {"error": "The request body is not valid JSON."}
    assert result.effect.none


def test_an_id_of_ten_thousand_digits_is_refused_by_the_outbox(world: World) -> None:
    result = _answer(world, "outbox-retry", one="9" * 10_000)

    assert result.status == 400, result.error
    assert "We could not understand this request" in result.html
    assert result.effect.none


@pytest.mark.parametrize(
    "after", ["Amira Haddad", "outbox", "javascript:alert(1)", "//evil.example/"]
)
def test_after_a_right_code_a_next_that_is_no_path_here_opens_the_admin(
    world: World, after: str
) -> None:
    result = _answer(world, "two-factor", next=after)

    assert result.status == 302, result.error
    assert result.response["Location"] == reverse("admin:index")


def test_a_media_name_too_long_for_the_file_system_is_not_found(world: World) -> None:
    result = _answer(world, "media", path="A" * 100_000)

    assert result.status == 404, result.error


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email_name", b"Jos\xe9 Mart\xednez"),  # Latin-1
        ("email_subject", b"Release Shawkan \xed\xa0\x80"),  # a lone surrogate
        ("email_body", b"Dear Prosecutor, please release Shawkan \xff now."),
    ],
)
def test_text_that_is_not_utf8_is_refused_with_a_clear_message(
    world: World, field: str, value: bytes
) -> None:
    result = _answer(world, "act-email", **{field: value})

    assert result.status == 400, result.error
    assert "Part of this text could not be read. Please type it again." in result.html
    assert result.effect.none


@pytest.mark.parametrize(
    ("address", "accepted"),
    [
        ("amira@exam\u200bple.com", False),  # mail goes to example.com, limits count another
        ("amira@exa\ufffdmple.com", False),  # no mail can be sent to it
        ("\u212aarim@example.com", False),  # a Kelvin sign, taken by Django for a K
        ("AM\u0130RA@example.com", False),  # a dotted capital I, taken by Django for an I
        ("amira@ex\u0430mple.com", True),  # a Cyrillic a: another domain, but a real one
        ("amira@b\u00fccher.example", True),  # an internationalised domain
    ],
)
def test_addresses_that_mail_would_not_reach_as_written_are_refused(
    world: World, address: str, accepted: bool
) -> None:
    result = _answer(world, "act-signature", signature_email=address)

    if accepted:
        assert result.status == 302, result.error
    else:
        assert result.status == 400, result.error
        assert "Enter a valid email address." in result.html
        assert result.effect.none
