"""Freshness shown to candidates: when a successful refresh last listed a job, on its card
and page and in its JSON-LD; "not seen since" after its feed failed for days; and when a job
a member applied to closed."""

import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from listings.models import Feed, Job
from tests.factories import greenhouse_job, import_jobs, make_applied, write_board
from tests.listings.test_feeds import body, feeds

pytestmark = pytest.mark.django_db

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html: str) -> dict:
    return next(d for d in map(json.loads, LD.findall(html)) if d.get("@type") == "JobPosting")


@pytest.fixture
def listed(boards):
    """One sponsoring job listed by a registered feed, refreshed three hours ago."""
    page = boards.board("/acme")
    page.publish(body([greenhouse_job(id=1)]))
    feed = Feed.objects.create(name="Acme", format="greenhouse", location=boards.url("/acme"))
    feeds("refresh", "Acme")
    three_hours_ago = timezone.now() - timedelta(hours=3)
    Feed.objects.filter(pk=feed.pk).update(last_success_at=three_hours_ago)
    return Job.objects.get(), feed, page


def test_cards_and_the_job_page_say_when_the_job_was_checked_open(
    listed, client, django_assert_max_num_queries
):
    job, _, _ = listed
    with django_assert_max_num_queries(8):
        search = client.get(reverse("listings:search")).content.decode()
    assert "Checked open 3\xa0hours ago" in search
    with django_assert_max_num_queries(8):
        page = client.get(job.get_absolute_url()).content.decode()
    assert "Checked open 3\xa0hours ago" in page
    vouched = timezone.localdate(timezone.now() - timedelta(hours=3)) + timedelta(days=3)
    assert json_ld(page)["validThrough"] == vouched.isoformat()


def test_a_304_moves_the_check_without_touching_the_job(listed, client):
    job, feed, page = listed
    assert "HTTP 304" in feeds("refresh", "Acme")
    assert Job.objects.get(pk=job.pk).updated_at == job.updated_at
    assert "Checked open 0\xa0minutes ago" in client.get(job.get_absolute_url()).content.decode()


def test_a_feed_failing_for_days_says_not_seen_since_and_keeps_the_job(listed, client):
    job, feed, page = listed
    seen = timezone.now() - timedelta(days=4)
    Feed.objects.filter(pk=feed.pk).update(last_success_at=seen)
    page.fail, page.status = 100, 503
    with pytest.raises(Exception, match="HTTP 503"):
        feeds("refresh", "Acme")
    assert Job.objects.listed().filter(pk=job.pk).exists()
    html = unescape(client.get(job.get_absolute_url()).content.decode())
    assert f"Not seen on the employer's board since {seen:%b} {seen.day}, {seen.year}" in html
    assert json_ld(html)["validThrough"] < timezone.localdate().isoformat()
    assert "jobs not seen since" in feeds("list")


def test_one_off_imports_say_they_are_not_rechecked(tmp_path, client):
    import_jobs(write_board(tmp_path, [greenhouse_job(id=1)]), "greenhouse")
    job = Job.objects.get()
    html = client.get(job.get_absolute_url()).content.decode()
    assert "Posted on the employer&#x27;s board; not rechecked" in html
    assert "validThrough" not in json_ld(html)
    assert "not rechecked" in client.get(reverse("listings:search")).content.decode()


def test_the_applied_list_shows_when_an_applied_job_closed(
    listed, seeker, seeker_client, django_assert_max_num_queries
):
    job, _, page = listed
    make_applied(seeker, job)
    page.publish(body([]))
    feeds("refresh", "Acme", "--allow-mass-expiry")
    job.refresh_from_db()
    with django_assert_max_num_queries(8):
        html = seeker_client.get(reverse("accounts:applied")).content.decode()
    closed = timezone.localdate(job.expired_at)
    assert f"Closed on {closed:%b} {closed.day}, {closed.year}" in html
    # Reposted: open again, and the list says so no more.
    page.publish(body([greenhouse_job(id=1)]))
    feeds("refresh", "Acme")
    assert "Closed on" not in seeker_client.get(reverse("accounts:applied")).content.decode()
