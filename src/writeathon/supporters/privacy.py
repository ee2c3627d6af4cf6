"""The link to a supporter's data page. Stopping email, erasure and the purges span apps:
they are in writeathon.usecases.privacy."""

from __future__ import annotations

from writeathon.core.cache import cache_add
from writeathon.core.tasks import enqueue_with_transaction
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import email_canonical, email_normalize
from writeathon.supporters.tasks import send_data_link_email

# One data link per address at most this often, so the form cannot flood a mailbox.
DATA_LINK_INTERVAL_SECONDS = 300


# --- The link to a supporter's data ------------------------------------------------------------


def data_link_request(*, email: str, base_url: str, language: str) -> None:
    """Email the link to their data page to the owner of `email`, if it is a supporter's.

    Returns nothing, whatever happened: the page that calls this gives the same answer
    for every address, so that it cannot tell strangers who is a supporter.
    """
    # The same mailbox typed otherwise ("J.Doe@gmail.com") finds it too; the link goes to
    # the address as stored.
    known = Supporter.objects.filter(erased_at__isnull=True).only("pk")
    supporter = (
        known.filter(email=email_normalize(email)).first()
        or known.filter(email_canonical=email_canonical(email)).order_by("pk").first()
    )
    if supporter is None:
        return
    if not cache_add(f"data-link-sent:{supporter.pk}", 1, DATA_LINK_INTERVAL_SECONDS):
        return
    enqueue_with_transaction(
        send_data_link_email, supporter_id=supporter.pk, base_url=base_url, language=language
    )
