import time

import pytest
from django.core.cache import cache
from django.test import Client

from listings import admission
from listings.caching import anonymous_page_key, renewal_key
from listings.taxonomy.counts import refresh_listing_counts
from tests.factories import make_job

LANDING = "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def job():
    job = make_job(title="Cached MLE")
    refresh_listing_counts()
    return job


def test_anonymous_landing_page_is_served_from_cache(client, job, django_assert_num_queries):
    first = client.get(LANDING)

    with django_assert_num_queries(0):
        second = client.get(LANDING)

    assert second.status_code == 200
    assert second.content == first.content
    assert "Content-Security-Policy" in second


def test_each_query_string_is_its_own_page(client, job):
    client.get(LANDING)

    other = client.get(LANDING, {"remote": "remote"})

    assert "No jobs match yet" in other.content.decode()


def test_signed_in_pages_are_never_served_from_the_anonymous_cache(client, seeker, job):
    anonymous = client.get(LANDING).content.decode()
    client.force_login(seeker)

    member = client.get(LANDING).content.decode()

    assert "Sign up to keep track" in anonymous
    assert "Sign up to keep track" not in member
    assert "Log out" in member


def test_a_page_with_a_flash_message_is_not_shared(client, seeker, job):
    client.force_login(seeker)

    mine = client.post("/accounts/logout/", follow=True).content.decode()
    theirs = Client().get("/").content.decode()

    assert "You have signed out." in mine
    assert "You have signed out." not in theirs


def due_for_renewal(path: str) -> None:
    """The cached page as it would be in the last part of its time in the cache."""
    key = anonymous_page_key(path)
    kept = cache.get(key)
    cache.set(key, kept._replace(renew_at=time.time() - 1), 60)


def test_while_one_request_renews_a_page_visitors_get_it_as_it_was(
    client, job, django_assert_num_queries
):
    before = client.get(LANDING).content.decode()
    make_job(title="Newer MLE")
    refresh_listing_counts()
    due_for_renewal(LANDING)
    renewal = renewal_key(anonymous_page_key(LANDING))
    cache.add(renewal, 1, 60)  # another request is rendering it

    with django_assert_num_queries(0):
        meanwhile = client.get(LANDING).content.decode()
    cache.delete(renewal)  # that request is done
    renewed = client.get(LANDING).content.decode()

    assert meanwhile == before and "Newer MLE" not in meanwhile
    assert "Newer MLE" in renewed
    assert cache.get(anonymous_page_key(LANDING)).renew_at > time.time()  # good for a while
    assert cache.get(renewal) is None  # and given back


def test_a_page_due_for_renewal_is_rendered_again_by_one_request(client, job):
    client.get(LANDING)
    make_job(title="Newer MLE")
    refresh_listing_counts()
    due_for_renewal(LANDING)

    renewed = client.get(LANDING).content.decode()
    after = client.get(LANDING).content.decode()

    assert "Newer MLE" in renewed and after == renewed


def test_a_renewal_turned_away_serves_the_page_as_it_was(client, job, monkeypatch):
    before = client.get(LANDING).content.decode()
    due_for_renewal(LANDING)
    monkeypatch.setattr(admission, "render", lambda work: admission.busy())  # every slot taken

    response = client.get(LANDING)

    assert response.status_code == 200 and response.content.decode() == before
