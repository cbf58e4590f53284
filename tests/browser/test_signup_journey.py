import pytest
from django.core import mail

from listings.taxonomy.counts import refresh_listing_counts
from tests.factories import confirm_in_browser, make_job, sign_up_in_browser

LANDING = "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signup_verify_unlock_and_track_an_application(live_server, page):
    for i in range(12):
        make_job(title=f"ML Engineer {i:02}", days_ago=i + 1)
    refresh_listing_counts()

    page.goto(live_server.url + LANDING)
    assert page.locator("article.job-card").count() == 5
    assert "Showing 5 of 12" in page.locator(".signup-cta").inner_text()

    page.locator(".signup-cta").get_by_role("link", name="Sign up for free").click()
    sign_up_in_browser(page, "new.seeker@example.com")
    confirm_in_browser(page, mail.outbox[-1].body)
    page.wait_for_url(live_server.url + LANDING)

    assert page.locator("article.job-card").count() == 12
    first = page.locator("article.job-card").first
    title = first.locator("h3").inner_text()
    card = first.get_attribute("id")
    first.get_by_role("button", name="Yes").click()
    page.wait_for_url(f"{live_server.url}{LANDING}#{card}")  # back at the same card
    assert (
        page.locator("article.job-card")
        .first.get_by_role("button", name="Yes")
        .get_attribute("aria-pressed")
        == "true"
    )

    page.get_by_role("link", name="Applied", exact=True).click()
    assert page.get_by_role("link", name=title).is_visible()
