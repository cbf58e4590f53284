"""The visa profile at /accounts/profile/: optional, editable, deletable, only its owner's."""

from datetime import date

import pytest

from accounts.models import VisaProfile
from alerts.models import Alert
from tests.factories import make_job, make_profile

pytestmark = pytest.mark.django_db
PROFILE = "/accounts/profile/"
CANADIAN = {"citizenships": ["CA"], "status": "none", "degree": "bachelor"}


def test_a_member_fills_edits_and_deletes_their_profile(seeker, seeker_client):
    assert seeker_client.get(PROFILE).status_code == 200
    response = seeker_client.post(PROFILE, {**CANADIAN, "citizenships": ["GB", "CA"]})
    assert response.status_code == 302
    saved = VisaProfile.objects.get(user=seeker)
    assert saved.citizenships == ["CA", "GB"] and saved.degree == "bachelor"

    seeker_client.post(PROFILE, {**CANADIAN, "status": "opt", "stem": "on",
                                 "opt_end": "2027-05-31"})  # fmt: skip
    saved.refresh_from_db()
    assert (saved.status, saved.stem, saved.opt_end) == ("opt", True, date(2027, 5, 31))
    assert 'value="2027-05-31"' in seeker_client.get(PROFILE).content.decode()

    assert seeker_client.post("/accounts/profile/delete/").status_code == 302
    assert not VisaProfile.objects.filter(user=seeker).exists()


def test_saving_comes_back_to_the_page_the_member_was_on(seeker_client):
    job = make_job()
    response = seeker_client.post(f"{PROFILE}?next={job.get_absolute_url()}", CANADIAN)
    assert response["Location"] == job.get_absolute_url()
    response = seeker_client.post(f"{PROFILE}?next=https://evil.example/", CANADIAN)
    assert response["Location"] == PROFILE


@pytest.mark.parametrize(
    "change",
    [
        {"citizenships": []},
        {"citizenships": ["XX"]},
        {"citizenships": ["CA", "MX", "AU", "CL", "SG", "IN"]},
        {"citizenships": ["<script>"]},
        {"status": "green-card"},
        {"status": ""},
        {"degree": "x" * 5000},
        {"opt_end": "31/31/2027"},
        {"opt_end": "99999-01-01"},
        {"opt_end": "\x00"},
    ],
)
def test_bad_profiles_are_refused_and_nothing_is_saved(seeker, seeker_client, change):
    response = seeker_client.post(PROFILE, {**CANADIAN, **change})
    assert response.status_code == 400
    assert not VisaProfile.objects.filter(user=seeker).exists()


def test_a_profile_is_never_shown_to_anyone_else(seeker, other_client, client):
    make_profile(seeker, ["NZ"], status="o-1")
    page = other_client.get(PROFILE).content.decode()
    assert "selected" not in page.split("<select", 1)[1].split("</select>", 1)[0]
    assert other_client.post("/accounts/profile/delete/").status_code == 302
    assert VisaProfile.objects.filter(user=seeker).exists()
    assert client.get(PROFILE).status_code == 302  # anonymous: to the login page
    assert "/admin/accounts/visaprofile/" not in other_client.get("/admin/").content.decode()


def test_changing_the_profile_changes_the_routes_an_alert_matches(seeker, seeker_client):
    make_profile(seeker, ["IN"])
    seeker_client.post("/alerts/new/", {"routes": "on", "frequency": "daily"})
    alert = Alert.objects.get(user=seeker)
    assert alert.routes and alert.route_terms == ["cap-exempt"]

    seeker_client.post(PROFILE, CANADIAN)
    alert.refresh_from_db()
    assert alert.route_terms == ["cap-exempt", "tn-role"]

    seeker_client.post("/accounts/profile/delete/")
    alert.refresh_from_db()
    assert alert.routes and alert.route_terms is None  # no profile: nothing to narrow by
