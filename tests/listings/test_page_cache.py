import pytest
from django.test import Client

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
