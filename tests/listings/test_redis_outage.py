"""Redis is a cache: a stalled or killed Redis never answers a page with a 500, members stay
signed in and can sign in, /readyz says Redis is down, enqueueing gives up at once, and the
site uses Redis again within seconds of it returning, with nothing restarted."""

import time

import pytest
from django.core.cache import cache

from listings.failover import enqueue
from listings.tasks import refresh_feed
from tests.factories import PASSWORD, make_job, make_user

LANDING = "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"
MEMBER_SEARCH = "/visa-sponsorship-jobs/?state=georgia&visa=h-1b&q=engineer"


@pytest.fixture
def site_on_own_redis(settings, redis_server):
    """The cache and the broker point at a Redis this test may stop and kill."""
    settings.CACHES = {
        alias: {**config, "LOCATION": redis_server.url} for alias, config in settings.CACHES.items()
    }
    settings.CELERY_BROKER_URL = settings.REDIS_URL = redis_server.url
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    make_job(title="Machine Learning Engineer")
    return redis_server


def wait_until(condition, seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def pages_answer(client, member_client) -> None:
    for response in (
        client.get(LANDING),
        client.get("/"),
        member_client.get(MEMBER_SEARCH),
        member_client.get(LANDING),
    ):
        assert response.status_code == 200
    assert "Machine Learning Engineer" in member_client.get(MEMBER_SEARCH).content.decode()


def cache_reaches_redis(server) -> bool:
    cache.set("probe", "here", 30)
    return server.client().exists(cache.make_key("probe")) == 1


@pytest.mark.django_db
def test_stalled_redis_costs_pages_nothing_but_a_timeout(site_on_own_redis, client, seeker_client):
    server = site_on_own_redis
    pages_answer(client, seeker_client)

    server.pause()
    try:
        pages_answer(client, seeker_client)
        assert client.get("/readyz").json()["redis"] == "down"
        assert client.get("/readyz").status_code == 503
    finally:
        server.resume()

    assert wait_until(lambda: cache_reaches_redis(server))
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_killed_redis_then_a_new_one_on_the_same_port(site_on_own_redis, client, seeker_client):
    server = site_on_own_redis
    server.kill()

    pages_answer(client, seeker_client)
    assert client.get("/readyz").status_code == 503

    server.start()
    assert wait_until(lambda: cache_reaches_redis(server))
    client.get(LANDING)
    assert wait_until(lambda: server.client().dbsize() > 1)  # the page cache is back too


@pytest.mark.django_db
def test_members_sign_in_while_redis_is_stalled(site_on_own_redis, client):
    make_user("mei@example.com")
    site_on_own_redis.pause()
    try:
        response = client.post(
            "/accounts/login/", {"login": "mei@example.com", "password": PASSWORD}
        )
        assert response.status_code == 302
        page = client.get(MEMBER_SEARCH)
    finally:
        site_on_own_redis.resume()

    assert page.status_code == 200
    assert page.wsgi_request.user.email == "mei@example.com"


@pytest.mark.django_db
def test_enqueue_gives_up_on_a_stalled_broker_and_sends_once_it_is_back(site_on_own_redis):
    server = site_on_own_redis
    server.pause()
    try:
        assert enqueue(refresh_feed, 1) is False
        assert enqueue(refresh_feed, 1) is False  # the breaker is open: not even tried
    finally:
        server.resume()

    assert wait_until(lambda: enqueue(refresh_feed, 1))
    assert server.client().llen("celery") == 1  # the message the worker would take
