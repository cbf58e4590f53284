"""On a 390 x 844 phone screen the first job card is in view without scrolling: the filters
fold into a "Filters" disclosure. On a wide screen they are shown beside the results."""

import pytest
from django.conf import settings
from django.test import Client

from listings.taxonomy.counts import refresh_listing_counts
from tests.factories import make_job, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
PAGES = [
    "/visa-sponsorship-jobs/machine-learning-engineer/georgia/",
    "/visa-sponsorship-jobs/",
    "/visa-sponsorship-jobs/?q=engineer&state=georgia",
]


@pytest.fixture
def board():
    for n in range(12):
        make_job(title=f"Senior Machine Learning Engineer, Ranking {n:02}", days_ago=n + 1,
                 salary_min=150_000, salary_max=190_000, salary_unit="year")  # fmt: skip
    refresh_listing_counts()


def signed_in(browser, live_server, viewport):
    client = Client()
    client.force_login(make_user("phone@example.com"))
    context = browser.new_context(viewport=viewport)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return context


@pytest.mark.parametrize("member", [False, True], ids=["visitor", "member"])
def test_first_job_card_is_in_view_on_a_phone(browser, live_server, board, member):
    context = (
        signed_in(browser, live_server, PHONE) if member else browser.new_context(viewport=PHONE)
    )
    page = context.new_page()
    try:
        for path in PAGES:
            page.goto(live_server.url + path)
            assert page.get_by_role("button", name="Log out").is_visible() == member

            card = page.locator("article.job-card").first.bounding_box()
            assert card["y"] >= 0 and card["y"] + 60 <= PHONE["height"], (path, card)
            assert page.locator("summary", has_text="Filters").is_visible()
            assert not page.locator("form.filters button", has_text="Show jobs").is_visible()

            page.locator("summary", has_text="Filters").click()
            assert page.locator("form.filters button", has_text="Show jobs").is_visible()
    finally:
        context.close()


def test_filters_are_shown_beside_the_results_on_a_wide_screen(browser, live_server, board):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(live_server.url + PAGES[0])

        assert page.locator("form.filters button", has_text="Show jobs").is_visible()
        assert not page.locator("summary", has_text="Filters").is_visible()
        form = page.locator("form.filters").bounding_box()
        card = page.locator("article.job-card").first.bounding_box()
        assert form["x"] + form["width"] <= card["x"]  # side by side
    finally:
        context.close()
