"""The member read on each request comes from a cache, and every change to the member, their
visa profile or their email addresses reaches the next request at once."""

import re

import pytest
from allauth.account.models import EmailAddress

from listings.taxonomy.counts import refresh_listing_counts
from tests.factories import make_alert, make_job, make_profile

LANDING = "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"
GOOD_ALERT = {"role": "machine-learning-engineer", "state": "georgia", "frequency": "daily"}


def routes(html: str) -> str:
    return " ".join(re.findall(r'<p class="routes">(.*?)</p>', html, re.S))


pytestmark = pytest.mark.django_db


def test_the_member_is_read_once_then_from_the_cache(seeker_client, django_assert_num_queries):
    seeker_client.get("/alerts/")

    # Not the member, not the email, and no alerts query: the member row says there are none.
    with django_assert_num_queries(0):
        response = seeker_client.get("/alerts/")

    assert response.status_code == 200
    assert "You have no alerts yet." in response.content.decode()


def test_a_new_or_deleted_alert_shows_on_the_next_page(seeker_client, django_assert_num_queries):
    assert "You have no alerts yet." in seeker_client.get("/alerts/").content.decode()

    response = seeker_client.post("/alerts/new/", {**GOOD_ALERT, "frequency": "weekly"})
    assert response.status_code == 302

    seeker_client.get("/alerts/")
    with django_assert_num_queries(1):  # the member has alerts now: the list is read
        html = seeker_client.get("/alerts/").content.decode()
    assert "Machine Learning Engineer" in html and "You have no alerts yet." not in html

    (pk,) = re.findall(r'action="/alerts/(\d+)/delete/"', html)
    assert seeker_client.post(f"/alerts/{pk}/delete/").status_code == 302

    assert "You have no alerts yet." in seeker_client.get("/alerts/").content.decode()


def test_an_alert_made_elsewhere_shows_on_the_next_page(seeker, seeker_client):
    seeker_client.get("/alerts/")  # the member, with no alerts, in the cache

    make_alert(seeker, "role=machine-learning-engineer&state=georgia")

    assert "Machine Learning Engineer" in seeker_client.get("/alerts/").content.decode()


def test_a_changed_password_signs_out_other_sessions_at_once(seeker, seeker_client):
    assert seeker_client.get("/alerts/").status_code == 200

    seeker.set_password("a new and long passphrase")
    seeker.save()

    assert seeker_client.get("/alerts/").status_code == 302  # to the login page


def test_a_deleted_member_is_signed_out_at_once(seeker, seeker_client):
    assert seeker_client.get("/alerts/").status_code == 200

    seeker.delete()

    assert seeker_client.get("/alerts/").status_code == 302


def test_an_edited_profile_shows_on_the_next_page(seeker, seeker_client):
    make_job(title="Machine Learning Engineer")
    refresh_listing_counts()
    profile = make_profile(seeker, citizenships=("CA",))
    assert "TN" in routes(seeker_client.get(LANDING).content.decode())

    profile.citizenships = ["AU"]
    profile.save()

    now = routes(seeker_client.get(LANDING).content.decode())
    assert "E-3" in now and "TN" not in now


def test_an_unverified_address_shows_on_the_alerts_page_at_once(seeker, seeker_client):
    waiting = "Your alerts wait until you confirm your email address."
    assert waiting not in seeker_client.get("/alerts/").content.decode()

    EmailAddress.objects.filter(user=seeker).update(verified=False)  # no signal: queryset
    EmailAddress.objects.get(user=seeker).save()  # a save, as allauth makes

    assert waiting in seeker_client.get("/alerts/").content.decode()
