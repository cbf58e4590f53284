"""Reported outcomes: written on /accounts/applied/ two weeks after applying, counted on the
employer's page only once five members reported, and never anyone else's to read or change."""

import pytest
from django.test import Client

from accounts.models import User
from listings.models import Outcome
from tests.factories import PASSWORD, make_applied, make_employer, make_job, make_user

pytestmark = pytest.mark.django_db
APPLIED = "/accounts/applied/"


def report(client, job, result="interviewed"):
    return client.post(f"/accounts/applied/{job.pk}/outcome/", {"result": result})


def reporters(employer, count, result="rejected", days_ago=20):
    """`count` members who applied to a job at `employer` and reported `result`."""
    for n in range(count):
        user = make_user(f"reporter{n}@example.com")
        job = make_job(f"Engineer {n}", employer=employer)
        make_applied(user, job, days_ago=days_ago)
        client = Client()
        client.force_login(user)
        assert report(client, job, result).status_code == 302


def test_a_report_waits_fourteen_days_then_saves_and_changes(seeker, seeker_client):
    job = make_job("Radar Engineer")
    mark = make_applied(seeker, job, days_ago=13)
    assert "You can tell us in" in seeker_client.get(APPLIED).content.decode()
    assert report(seeker_client, job).status_code == 400
    assert not Outcome.objects.exists()

    mark.updated_at = mark.updated_at.replace(year=mark.updated_at.year - 1)
    type(mark).objects.filter(pk=mark.pk).update(updated_at=mark.updated_at)
    assert report(seeker_client, job, "interviewed").status_code == 302
    assert report(seeker_client, job, "offer-sponsored").status_code == 302
    assert Outcome.objects.get(user=seeker, job=job).result == "offer-sponsored"
    assert 'value="offer-sponsored" selected' in seeker_client.get(APPLIED).content.decode()


def test_four_reporters_show_nothing_and_five_show_the_counts(client):
    employer = make_employer("Quiet Turbines Inc")
    reporters(employer, 4)
    page = client.get(employer.get_absolute_url()).content.decode()
    assert "Fewer than 5 members" in page and "Rejected</th>" not in page

    reporters_five = make_user("fifth@example.com")
    job = make_job("Engineer 5", employer=employer)
    make_applied(reporters_five, job, days_ago=30)
    fifth = Client()
    fifth.force_login(reporters_five)
    report(fifth, job, "interviewed")
    page = client.get(employer.get_absolute_url()).content.decode()
    assert "5 members reported" in page
    assert '<th scope="row">Rejected</th><td>4</td>' in page
    assert '<th scope="row">Interviewed</th><td>1</td>' in page
    section = page.split('id="outcomes-heading"')[1].split("</section>")[0]
    assert "reporter0@example.com" not in page
    assert "Engineer" not in section  # counts for the employer, never naming a job


def test_one_member_reporting_five_jobs_is_still_one_reporter(seeker, seeker_client, client):
    employer = make_employer("Many Jobs Corp")
    for n in range(5):
        job = make_job(f"Role {n}", employer=employer)
        make_applied(seeker, job, days_ago=20)
        report(seeker_client, job, "rejected")
    assert Outcome.objects.count() == 5
    assert "Fewer than 5 members" in client.get(employer.get_absolute_url()).content.decode()


def test_a_majority_told_no_sponsorship_warns_beside_the_records(client):
    employer = make_employer("Says Yes Does Not LLC")
    reporters(employer, 5, result="no-sponsor")
    page = client.get(employer.get_absolute_url()).content.decode()
    assert "Most members who reported back were told" in page


def test_staff_hide_a_report_and_it_leaves_the_counts(client, staff):
    employer = make_employer("Moderated Motors")
    reporters(employer, 5)
    admin = Client()
    admin.force_login(staff)
    hidden = Outcome.objects.first()
    response = admin.post(
        "/admin/listings/outcome/",
        {"action": "hide", "_selected_action": [hidden.pk]},
    )
    assert response.status_code == 302
    assert Outcome.objects.get(pk=hidden.pk).hidden
    assert "Fewer than 5 members" in client.get(employer.get_absolute_url()).content.decode()


def test_another_members_report_is_never_readable_or_changeable(
    seeker, seeker_client, other_seeker, other_client
):
    job = make_job("Antenna Engineer")
    make_applied(seeker, job, days_ago=20)
    report(seeker_client, job, "offer-sponsored")
    mine = Outcome.objects.get(user=seeker)

    assert report(other_client, job, "rejected").status_code == 404  # Olu never applied
    for url in (f"/accounts/applied/{mine.pk}/outcome/", f"/accounts/applied/{job.pk}/outcome/"):
        assert other_client.post(url, {"result": "no-sponsor"}).status_code == 404
    assert other_client.get(f"/admin/listings/outcome/{mine.pk}/change/").status_code == 302
    assert "Antenna Engineer" not in other_client.get(APPLIED).content.decode()
    assert Outcome.objects.get(pk=mine.pk).result == "offer-sponsored"
    assert Outcome.objects.filter(user=other_seeker).count() == 0


def test_unverified_members_cannot_report(client):
    user = make_user("new@example.com", verified=False)
    job = make_job()
    make_applied(user, job, days_ago=20)
    client.force_login(user)
    assert "Confirm your email address" in client.get(APPLIED).content.decode()
    assert report(client, job).status_code == 403
    assert not Outcome.objects.exists()


def test_reports_are_rate_limited_with_retry_after(seeker, seeker_client):
    job = make_job()
    make_applied(seeker, job, days_ago=20)
    statuses = [report(seeker_client, job).status_code for _ in range(21)]
    assert statuses[:20] == [302] * 20
    limited = report(seeker_client, job)
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 3600


@pytest.mark.parametrize("result", ["", "maybe", "x" * 10000, "<b>", "\x00", "offer"])
def test_bad_results_are_refused_and_nothing_is_written(seeker, seeker_client, result):
    job = make_job()
    make_applied(seeker, job, days_ago=20)
    assert report(seeker_client, job, result).status_code == 400
    assert not Outcome.objects.exists()


def test_get_and_anonymous_are_turned_away(client, seeker_client):
    job = make_job()
    assert seeker_client.get(f"/accounts/applied/{job.pk}/outcome/").status_code == 405
    assert report(client, job).status_code == 302  # to the login page
    assert not Outcome.objects.exists()


def test_the_applied_page_and_employer_page_stay_in_budget(
    seeker, seeker_client, client, django_assert_max_num_queries
):
    employer = make_employer("Budget Bearings")
    for n in range(30):
        job = make_job(f"Bearing Engineer {n}", employer=employer)
        make_applied(seeker, job, days_ago=20)
    with django_assert_max_num_queries(8):
        assert seeker_client.get(APPLIED).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(employer.get_absolute_url()).status_code == 200


def test_a_reporter_who_deletes_their_account_takes_their_report_out_of_the_counts(client):
    employer = make_employer("Counted Coils")
    reporters(employer, 5)
    assert "5 members reported" in client.get(employer.get_absolute_url()).content.decode()
    leaving = Client()
    leaving.force_login(User.objects.get(email="reporter0@example.com"))
    assert leaving.post("/accounts/delete/", {"password": PASSWORD}).status_code == 302
    assert "Fewer than 5 members" in client.get(employer.get_absolute_url()).content.decode()
