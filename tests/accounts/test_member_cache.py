"""The member read on each request comes from a cache, and every change to the member, their
visa profile or their email addresses reaches the next request at once."""

import re

import pytest
from allauth.account.models import EmailAddress

from listings.taxonomy.counts import refresh_listing_counts
from tests.factories import make_job, make_profile

LANDING = "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"


def routes(html: str) -> str:
    return " ".join(re.findall(r'<p class="routes">(.*?)</p>', html, re.S))


pytestmark = pytest.mark.django_db


def test_the_member_is_read_once_then_from_the_cache(seeker_client, django_assert_num_queries):
    seeker_client.get("/alerts/")

    with django_assert_num_queries(1):  # the member's alerts; not the member, not the email
        response = seeker_client.get("/alerts/")

    assert response.status_code == 200


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
