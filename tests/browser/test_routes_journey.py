import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from listings.models import AppliedMark, Outcome
from listings.taxonomy.counts import refresh_listing_counts
from tests.factories import confirm_in_browser, make_job, sign_up_in_browser

LANDING = "/visa-sponsorship-jobs/electrical-engineer/georgia/"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_canadian_engineer_sees_tn_filters_to_it_and_reports_back(live_server, page):
    # One piece: a member's journey, each step starting where the last one left off.
    make_job("Protection Engineer", role="electrical-engineer", employer="Peach Grid Co")
    make_job("Product Manager, Storage", role="product-manager", employer="Peach Grid Co")
    refresh_listing_counts()

    page.goto(f"{live_server.url}/accounts/signup/?next=/accounts/profile/")
    sign_up_in_browser(page, "maple.engineer@example.com")
    confirm_in_browser(page, mail.outbox[-1].body)
    page.wait_for_url(live_server.url + "/accounts/profile/")

    page.get_by_label("Citizenship").select_option("CA")
    page.get_by_label("Current US status").select_option("none")
    page.get_by_label("Highest degree").select_option("bachelor")
    page.get_by_label("My degree is in a STEM field").check()  # engineering
    page.get_by_role("button", name="Save my profile").click()
    page.wait_for_url(live_server.url + "/accounts/profile/")
    assert page.get_by_text("Your visa profile is saved").is_visible()

    page.goto(live_server.url + LANDING)
    card = page.locator("article.job-card", has_text="Protection Engineer")
    assert card.locator(".routes").get_by_role("link", name="TN").is_visible()
    card.get_by_role("link", name="Protection Engineer").click()
    panel = page.locator("section.routes-panel")
    assert "TN: Fits the USMCA profession Engineer" in panel.inner_text()

    page.goto(f"{live_server.url}/visa-sponsorship-jobs/")
    assert page.locator("article.job-card").count() == 2
    page.get_by_label("Open to my routes").check()
    page.get_by_role("button", name="Show jobs").click()
    page.wait_for_url(re.compile(r"routes=on"))
    assert page.locator("article.job-card").count() == 1  # the product manager needs the lottery
    card = page.locator("article.job-card").first
    assert "Protection Engineer" in card.inner_text()
    card.get_by_role("button", name="Yes").click()
    page.wait_for_url(re.compile(r"routes=on"))

    # Two weeks pass: the mark is moved back in the database, as time would have moved it.
    AppliedMark.objects.update(updated_at=timezone.now() - timedelta(days=15))
    page.get_by_role("link", name="Applied").click()
    page.locator("select[name=result]").select_option("interviewed")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(live_server.url + "/accounts/applied/")
    assert page.get_by_text("your report is saved").is_visible()
    assert Outcome.objects.get().result == "interviewed"
    assert page.locator("select[name=result]").input_value() == "interviewed"
