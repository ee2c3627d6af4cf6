"""With JavaScript off, the forms still work: plain HTML posts, errors that keep what was typed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PageFactory
from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign, Case


@pytest.mark.browser
def test_works_without_javascript(new_page: PageFactory, sample_campaign: Campaign) -> None:
    page = new_page(java_script_enabled=False)
    case = Case.objects.get(campaign=sample_campaign, slug="annie-alfred")
    page.goto(case.get_absolute_url())
    form = page.locator("form[data-act-form]")

    # Invalid: a name but a broken address and no country.
    page.check("#way-signature")
    page.fill("#id_name", "Jonas Nojs")
    page.fill("#id_email", "jonas-at-example.org")
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit]").click()
    response = navigation.value
    assert response is not None and response.status == 400
    expect(page.locator("#act-errors")).to_be_visible()
    expect(page.locator("#id_email_error")).to_be_visible()
    expect(page.locator("#id_country_error")).to_be_visible()
    expect(page.locator("#id_name")).to_have_value("Jonas Nojs")
    expect(page.locator("#id_email")).to_have_value("jonas-at-example.org")
    expect(page.locator("#way-signature")).to_be_checked()
    assert not Action.objects.exists()

    # Corrected, the same form goes through to the thank-you page.
    page.fill("#id_email", "jonas@example.org")
    page.select_option("#id_country", "MW")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/thanks/**")
    assert "#" not in page.url  # no error anchor follows to the thank-you page
    expect(page.locator("h1")).to_have_text("Thank you for taking action")
    expect(page.locator("p.lead")).to_contain_text("Check your inbox")
    action = Action.objects.get()
    assert (action.case_id, action.channel, action.signer_name) == (
        case.pk,
        "signature",
        "Jonas Nojs",
    )
