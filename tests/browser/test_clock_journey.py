"""Two members in a real browser: an Indian graduate outside the US sees the $100,000 payment
on the H-1B route; an F-1 OPT graduate sees their days left and the cap-gap on the profile and
the routes panel, and their next alert digest opens with the same clock."""

from datetime import date

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import User
from alerts import emails
from alerts.matching import match_jobs, prepare_digests
from listings.models import Job
from listings.taxonomy.counts import refresh_listing_counts
from listings.visas.clock import season
from tests.factories import confirm_in_browser, make_alert, make_job, sign_up_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def member_with_profile(live_server, page, email, status, **fields):
    page.goto(f"{live_server.url}/accounts/signup/?next=/accounts/profile/")
    sign_up_in_browser(page, email)
    confirm_in_browser(page, mail.outbox[-1].body)
    page.wait_for_url(live_server.url + "/accounts/profile/")
    page.get_by_label("Citizenship").select_option("IN")
    page.get_by_label("Current US status").select_option(status)
    page.get_by_label("Highest degree").select_option("master")
    if fields.get("stem"):
        page.get_by_label("My degree is in a STEM field").check()
    if fields.get("opt_end"):
        page.get_by_label("OPT end date").fill(fields["opt_end"].isoformat())
    page.get_by_role("button", name="Save my profile").click()
    page.wait_for_url(live_server.url + "/accounts/profile/")
    assert page.get_by_text("Your visa profile is saved").is_visible()


def test_a_member_abroad_sees_the_payment_on_the_h1b_route(live_server, page):
    job = make_job("Backend Engineer", role="software-engineer", employer="Kestrel Pay")
    refresh_listing_counts()
    member_with_profile(live_server, page, "abroad.dev@example.com", "none")

    page.goto(live_server.url + job.get_absolute_url())
    route = page.locator("section.routes-panel li", has_text="Cap-subject H-1B")
    text = route.inner_text()
    assert "(check)" in text and "$100,000" in text and "December 4, 2026" in text
    assert route.get_by_role("link", name="USCIS H-1B page").is_visible()
    page.get_by_role("link", name="visa facts").click()
    assert page.get_by_role("heading", name="Visa facts").is_visible()


def test_an_opt_graduate_sees_the_clock_everywhere(live_server, page):
    today = timezone.localdate()
    ends = date(season(today), 6, 30)  # between the filing date and the start: cap-gap matters
    left = (ends - today).days
    job = make_job("Data Platform Engineer", role="data-engineer", employer="Kestrel Pay")
    refresh_listing_counts()
    member_with_profile(live_server, page, "opt.grad@example.com", "opt", stem=True, opt_end=ends)

    clock = page.locator("ul.clock")
    assert f"{left} days of OPT left" in clock.inner_text()
    assert "Cap-gap: if a cap-subject employer files your H-1B petition" in clock.inner_text()

    page.goto(live_server.url + job.get_absolute_url())
    panel = page.locator("section.routes-panel")
    assert f"{left} days of OPT left" in panel.locator("ul.clock").inner_text()
    assert "Cap-gap" in panel.locator("ul.clock").inner_text()

    make_alert(User.objects.get(email="opt.grad@example.com"), "state=georgia")
    make_job("Research Engineer", role="machine-learning-engineer", employer="Kestrel Pay")
    match_jobs(Job.objects.all())
    prepare_digests()
    assert emails.send_due_digests() == 1
    digest = mail.outbox[-1]
    assert digest.to == ["opt.grad@example.com"]
    assert digest.body.startswith(f"{left} days of OPT left (it ends on ")
    assert digest.body.splitlines()[0].endswith("; 0 of these jobs need no lottery.")
