"""Anonymous pages cached whole are kept in each web process's memory as well as in Redis,
for no longer than they live in Redis: a hot landing page costs no round trip, and no copy
is ever staler than ANONYMOUS_PAGE_CACHE_SECONDS."""

import time

import pytest
from django.conf import settings
from redis import Redis

from listings.caching import RecentPages
from listings.taxonomy.counts import refresh_listing_counts
from tests.database import shared_database_url
from tests.factories import make_job
from tests.webserver import fetch, serve

LANDING = "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"


def test_a_page_is_kept_until_it_expires_and_the_oldest_makes_room():
    pages = RecentPages(size=2)
    pages.put("a", expires_at=100.0, content=b"A")
    pages.put("b", expires_at=100.0, content=b"B")

    assert pages.get("a", now=99.0) == b"A"  # now the newest used
    pages.put("c", expires_at=100.0, content=b"C")

    assert pages.get("b", now=99.0) is None  # the least recently used made room
    assert pages.get("a", now=99.0) == b"A" and pages.get("c", now=99.0) == b"C"
    assert pages.get("a", now=100.0) is None  # expired with its copy in Redis
    assert RecentPages(size=0).get("a", now=0.0) is None


@pytest.mark.django_db(transaction=True)
def test_a_web_process_serves_a_hot_page_from_memory_until_it_expires(tmp_path):
    make_job(title="Machine Learning Engineer", employer="Peachtree Analytics")
    refresh_listing_counts()
    redis = Redis.from_url(settings.REDIS_URL)
    gunicorn, base = serve(
        shared_database_url(),
        tmp_path / "gunicorn.log",
        WEB_CONCURRENCY=1,  # one process, so one memory
        ANONYMOUS_PAGE_CACHE_SECONDS=3,
    )
    try:
        first = fetch(base, LANDING)
        assert first.status == 200 and redis.keys("*anon-page*")
        redis.delete(*redis.keys("*anon-page*"))
        make_job(title="Machine Learning Engineer", employer="Blue Ridge Robotics")
        refresh_listing_counts()

        again = fetch(base, LANDING)  # from the process's memory: not rendered again
        assert again.status == 200 and again.body == first.body
        assert not redis.keys("*anon-page*")

        time.sleep(3.5)  # past the page's lifetime, in Redis and in memory alike
        fresh = fetch(base, LANDING)
    finally:
        gunicorn.terminate()
        gunicorn.wait(20)

    assert "Blue Ridge Robotics" in fresh.body and "Blue Ridge Robotics" not in first.body
