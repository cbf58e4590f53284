"""Members own their data: /accounts/data/ hands it all over as JSON, /accounts/delete/ deletes
it all after the password is given again."""

import json

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User, VisaProfile
from alerts.models import Alert
from listings.models import AppliedMark, Outcome
from tests.factories import PASSWORD, make_applied, make_job, make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(seeker, seeker_client):
    make_profile(seeker, ["AU"], status="opt", stem=True)
    job = make_job("Grid Analyst", employer="Down Under Power")
    make_applied(seeker, job, days_ago=30)
    seeker_client.post(f"/accounts/applied/{job.pk}/outcome/", {"result": "interviewed"})
    seeker_client.post("/alerts/new/", {"role": "data-scientist", "frequency": "weekly"})
    return job


def test_the_download_holds_everything_we_keep(
    seeker_client, history, other_seeker, django_assert_max_num_queries
):
    make_applied(other_seeker, make_job("Not Sam's"), days_ago=1)
    with django_assert_max_num_queries(10):
        response = seeker_client.get("/accounts/data/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "sam@example.com"
    assert data["visa_profile"]["citizenships"] == ["AU"]
    assert data["visa_profile"]["stem_degree"] is True
    assert data["visa_profile"]["counted_against_cap"] is None  # not asked of non-H-1B members
    assert "experience_years" in data["visa_profile"]
    assert [m["job"] for m in data["applied_marks"]] == ["Grid Analyst at Down Under Power"]
    assert [o["result"] for o in data["outcomes"]] == ["interviewed"]
    assert [a["query"] for a in data["alerts"]] == ["role=data-scientist"]
    assert "Not Sam" not in response.content.decode()


def test_deleting_needs_the_password_and_then_takes_everything(seeker, seeker_client, history):
    assert seeker_client.get("/accounts/delete/").status_code == 200
    wrong = seeker_client.post("/accounts/delete/", {"password": "not-it"})
    assert wrong.status_code == 400 and User.objects.filter(pk=seeker.pk).exists()

    response = seeker_client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not User.objects.filter(pk=seeker.pk).exists()
    for model in (VisaProfile, AppliedMark, Outcome, Alert, EmailAddress):
        assert not model.objects.exists(), model
    assert seeker_client.get("/accounts/data/").status_code == 302  # signed out


@pytest.mark.parametrize("password", ["", "x" * 5000, "\x00", PASSWORD + " "])
def test_wrong_or_hostile_passwords_delete_nothing(seeker, seeker_client, password):
    assert seeker_client.post("/accounts/delete/", {"password": password}).status_code == 400
    assert User.objects.filter(pk=seeker.pk).exists()


def test_password_guesses_are_rate_limited(seeker, seeker_client):
    statuses = [
        seeker_client.post("/accounts/delete/", {"password": f"guess-{n}"}).status_code
        for n in range(11)
    ]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429
    assert User.objects.filter(pk=seeker.pk).exists()
