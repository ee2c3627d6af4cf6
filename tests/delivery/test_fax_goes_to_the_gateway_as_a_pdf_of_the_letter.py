"""A fax is the supporter's letter as a PDF, posted to the fax gateway with its key."""

from __future__ import annotations

from tests.delivery.faxing import OFFICE_FAX_E164, fax_letter, pdf_text, squeezed
from tests.delivery.gateways import FAX_TOKEN, FakeGateway
from tests.delivery.outbox import outbox_pass
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery, DeliveryAttempt


def test_the_gateway_receives_the_letter_as_a_pdf(case: Case, fax_gateway: FakeGateway) -> None:
    fax = fax_letter(case)

    result = outbox_pass()

    assert result.delivered == [fax.pk]
    [request] = fax_gateway.requests
    assert request.path == "/v1/faxes"
    assert request.headers["authorization"] == f"Bearer {FAX_TOKEN}"
    assert request.headers["idempotency-key"] == fax.idempotency_key
    assert request.headers["content-type"].startswith("multipart/form-data")
    form = request.form()
    assert form["to"][2].decode() == OFFICE_FAX_E164
    filename, content_type, document = form["document"]
    assert content_type == "application/pdf"
    assert filename.endswith(".pdf")
    assert document.startswith(b"%PDF-")
    text = pdf_text(document)
    assert squeezed("Please release Shawkan now: journalism is not a crime.") in text
    assert squeezed("Amal Writer") in text
    fax.refresh_from_db()
    assert fax.status == Delivery.Status.DELIVERED
    assert fax.provider_id == "gw-1"
    assert fax.delivered_at is not None
    attempt = DeliveryAttempt.objects.get(delivery=fax)
    assert attempt.outcome == DeliveryAttempt.Outcome.DELIVERED


def test_a_number_written_without_its_country_code_is_read_as_the_cases_country(
    case: Case, fax_gateway: FakeGateway
) -> None:
    # Shawkan's case is in Egypt: a national number there, as staff might type it.
    fax = fax_letter(case, fax="02 2345 6789")

    outbox_pass()

    fax.refresh_from_db()
    assert fax.status == Delivery.Status.DELIVERED
    assert fax_gateway.requests[0].form()["to"][2].decode() == "+20223456789"
