"""A member's search, in Chromium on a phone (390 x 844) and a laptop (1366 x 900): type a city,
take its suggestion, narrow to entry level at E-Verify employers, sort by salary, save a job,
mark it applied and land back on the same card. Then, on every listing page: the first job
card is on the first phone screen, nothing is wider than a 360 px screen, and axe-core finds
no accessibility violation on the pages this search added."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from accounts.models import User
from listings.models import AppliedMark, Employer, SavedJob
from listings.taxonomy.counts import refresh_listing_counts
from tests.factories import make_applied, make_job, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
NARROW = {"width": 360, "height": 740}
LISTINGS = [
    "/visa-sponsorship-jobs/",
    "/visa-sponsorship-jobs/?city=Atlanta&experience=entry",
    "/visa-sponsorship-jobs/machine-learning-engineer/",
    "/visa-sponsorship-jobs/georgia/",
    "/visa-sponsorship-jobs/machine-learning-engineer/georgia/",
    "/visa-sponsorship-jobs/machine-learning-engineer/georgia/atlanta/",
    "/employers/everify-robotics/",
]


@pytest.fixture
def board():
    everify = Employer.objects.create(name="Everify Robotics", slug="everify-robotics")
    everify.e_verify = True
    everify.save()
    year = {"salary_unit": "year"}
    for n, pay in enumerate([None, 95_000, None, 140_000, 120_000, None]):
        salary = {"salary_min": pay - 10_000, "salary_max": pay, **year} if pay else {}
        make_job(title=f"Junior ML Engineer {n}", employer=everify, experience="entry",
                 days_ago=n + 1, **salary)  # fmt: skip
    for n in range(8):
        make_job(title=f"Senior ML Engineer {n}", experience="senior", days_ago=n + 1,
                 salary_min=180_000, salary_max=220_000, **year)  # fmt: skip
        make_job(title=f"Savannah ML Engineer {n}", city="Savannah", days_ago=n + 2)
    refresh_listing_counts()
    cache.clear()


def member_context(browser, live_server, viewport, email):
    client = Client()
    client.force_login(make_user(email))
    context = browser.new_context(viewport=viewport)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return context


def in_view(page, locator) -> bool:
    """The element's top is on screen (once any scroll to an anchor has settled)."""
    height = page.viewport_size["height"]
    for _ in range(20):
        box = locator.bounding_box()
        if box is not None and box["y"] >= -2 and box["y"] + 40 <= height:
            return True
        page.wait_for_timeout(100)
    return False


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_a_member_searches_saves_and_tracks_a_job(browser, live_server, board, viewport):
    email = f"journey{viewport['width']}@example.com"
    context = member_context(browser, live_server, viewport, email)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/visa-sponsorship-jobs/")
        if viewport is PHONE:
            page.locator("summary", has_text="Filters").click()
        city = page.get_by_label("City")
        city.fill("Atl")
        suggestions = page.locator("datalist#city-suggestions option")
        assert "Atlanta, GA" in [
            suggestions.nth(i).get_attribute("value") for i in range(suggestions.count())
        ]
        city.fill("Atlanta, GA")  # what choosing the suggestion puts in the box
        page.get_by_label("Experience").select_option("entry")
        page.get_by_label("Employer uses E-Verify").check()
        page.get_by_label("Sort by").select_option("salary")
        page.get_by_role("button", name="Show jobs").click()

        page.wait_for_url(re.compile(r"experience=entry"))
        cards = page.locator("article.job-card")
        titles = [cards.nth(i).locator("h3").inner_text() for i in range(cards.count())]
        assert sorted(titles) == [f"Junior ML Engineer {n}" for n in range(6)]
        salaried = [cards.nth(i).inner_text().count("$") > 0 for i in range(cards.count())]
        assert salaried == sorted(salaried, reverse=True)  # no empty salary before a salary
        assert "Entry level" in cards.first.inner_text()

        third = cards.nth(2)
        job_id = third.get_attribute("id")
        third.get_by_role("button", name="Save job").click()
        page.wait_for_url(re.compile(f"#{job_id}$"))
        third = page.locator(f"article#{job_id}")
        assert third.get_by_role("button", name="Save job").get_attribute("aria-pressed") == "true"
        assert in_view(page, third), third.bounding_box()

        third.get_by_role("button", name="Yes").click()
        page.wait_for_url(re.compile(f"#{job_id}$"))
        third = page.locator(f"article#{job_id}")
        assert third.get_by_role("button", name="Yes").get_attribute("aria-pressed") == "true"
        assert in_view(page, third)  # back on the same card, not the top of the list
        assert "experience=entry" in page.url and "e_verify=on" in page.url

        pk = int(job_id.removeprefix("job-"))
        assert SavedJob.objects.filter(user__email=email, job_id=pk).exists()
        assert AppliedMark.objects.get(user__email=email, job_id=pk).applied
        page.goto(live_server.url + "/accounts/applied/")
        page.get_by_label(re.compile("Where your application for")).select_option("interviewing")
        page.get_by_role("button", name="Update").click()
        assert AppliedMark.objects.get(user__email=email, job_id=pk).stage == "interviewing"
    finally:
        context.close()


def test_every_listing_page_shows_a_job_on_the_first_phone_screen(browser, live_server, board):
    context = member_context(browser, live_server, PHONE, "phone@example.com")
    visitor = browser.new_context(viewport=PHONE)
    try:
        for who in (context, visitor):
            page = who.new_page()
            for path in LISTINGS:
                page.goto(live_server.url + path)
                if path.startswith("/employers/"):
                    continue  # the employer page leads with its record; its jobs follow
                assert in_view(page, page.locator("article.job-card").first), path
    finally:
        context.close()
        visitor.close()


def test_nothing_is_wider_than_a_360px_screen(browser, live_server, board):
    context = member_context(browser, live_server, NARROW, "narrow@example.com")
    page = context.new_page()
    try:
        member = User.objects.get(email="narrow@example.com")
        for job in Employer.objects.get(slug="everify-robotics").jobs.all()[:3]:
            make_applied(member, job)
            SavedJob.objects.create(user=member, job=make_job(title=f"Saved {job.pk}"))
        for path in [*LISTINGS, "/accounts/applied/", "/accounts/saved/", "/", "/faq/"]:
            page.goto(live_server.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= NARROW["width"], (path, width)
    finally:
        context.close()


def test_new_pages_have_no_accessibility_violations(browser, live_server, board):
    context = member_context(browser, live_server, LAPTOP, "axe@example.com")
    page = context.new_page()
    axe = Axe()
    pages = [
        "/visa-sponsorship-jobs/georgia/",
        "/visa-sponsorship-jobs/machine-learning-engineer/",
        "/visa-sponsorship-jobs/?city=Atlanta%2C+GA&experience=entry&e_verify=on&sort=salary",
        "/visa-sponsorship-jobs/?city=Portland",
        "/accounts/saved/",
        "/accounts/applied/",
        "/visa-sponsorship-jobs/?q=" + "x" * 20_000,  # our 414 page
    ]
    try:
        member = User.objects.get(email="axe@example.com")
        job = Employer.objects.get(slug="everify-robotics").jobs.first()
        make_applied(member, job)
        SavedJob.objects.create(user=member, job=make_job(title="Saved one"))
        found = {}
        for path in pages:
            page.goto(live_server.url + path)
            results = axe.run(page)
            found[path[:80]] = [v["id"] for v in results.response["violations"]]
        assert found == {path[:80]: [] for path in pages}
    finally:
        context.close()
