"""Property: whatever text arrives in the name field, the site answers without a server error,
and either stores exactly one action (with the name folded to one clean line) or nothing."""

from __future__ import annotations

import itertools
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.factories import act_url, action_form_data, stored_rows
from writeathon.campaigns.models import Case
from writeathon.campaigns.services import sample_campaign_load

_addresses = itertools.count()

# Text a browser can send (valid UTF-8: no lone surrogates), text salted with the characters
# that cause trouble, and long text.
names = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8"),
            st.sampled_from("\x00\x07\x1b\x7f\x85\x9b\u200f\u202e\u2028\r\n\t <>&\"'"),
        ),
        max_size=80,
    ),
    st.text(alphabet="aé ش\t", min_size=150, max_size=260),
)


def _acceptable(name: str) -> bool:
    """The rule the form enforces, stated independently."""
    stripped = name.strip()
    return (
        0 < len(stripped) <= 200
        and "\x00" not in stripped
        and "\ufffd" not in stripped  # what bytes that are not UTF-8 are decoded as
        and not any(unicodedata.category(c) == "Cc" and c not in "\r\n\t" for c in stripped)
    )


class AnyNameTests(TestCase):
    case: Case

    @classmethod
    def setUpTestData(cls) -> None:
        campaign = sample_campaign_load()
        cls.case = Case.objects.get(campaign=campaign, slug="shawkan")

    def _post(self, channel: str, name: str) -> None:
        email = f"writer{next(_addresses)}@example.com"
        before = stored_rows()

        # The test client raises any server error, so a 5xx fails the example.
        response = self.client.post(
            act_url(self.case, channel), action_form_data(channel, name=name, email=email)
        )

        after = stored_rows()
        if response.status_code == 302:
            assert _acceptable(name), repr(name)
            assert after["actions"] == before["actions"] + 1
            assert after["supporters"] == before["supporters"] + 1
            stored = self.case.actions.get(supporter__email=email).signer_name
            assert stored == " ".join(name.split())
            assert not any(unicodedata.category(c) == "Cc" for c in stored)
        else:
            assert response.status_code == 400, response.status_code
            assert not _acceptable(name), repr(name)
            assert after == before
            assert response.context["act_form"].errors["name"]

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(name=names)
    def test_signature_name(self, name: str) -> None:
        self._post("signature", name)

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(name=names)
    def test_email_name(self, name: str) -> None:
        self._post("email", name)
