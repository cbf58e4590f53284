"""Saved jobs and the applied tracker: save from a card or a job page, find it on
/accounts/saved/, follow an application from applied to an offer; every answer returns to the
card it came from."""

import pytest

from listings.models import AppliedMark, SavedJob
from tests.factories import make_applied, make_job

pytestmark = pytest.mark.django_db
SEARCH = "/visa-sponsorship-jobs/?q=glider"


def test_a_member_saves_a_job_from_its_card_and_finds_it_on_the_saved_page(seeker, seeker_client):
    job = make_job(title="Glider pilot")
    card = seeker_client.get(SEARCH).content.decode()
    assert f'action="/saved/{job.pk}/"' in card and 'aria-pressed="false">Save job' in card

    response = seeker_client.post(
        f"/saved/{job.pk}/", {"save": "yes", "next": SEARCH + f"#job-{job.pk}"}
    )

    assert response.status_code == 302 and response["Location"] == SEARCH + f"#job-{job.pk}"
    assert 'aria-pressed="true">Save job' in seeker_client.get(SEARCH).content.decode()
    saved = seeker_client.get("/accounts/saved/").content.decode()
    assert "Glider pilot" in saved
    seeker_client.post(f"/saved/{job.pk}/", {"save": "no"})
    assert not SavedJob.objects.exists()


def test_a_job_saved_from_its_page(seeker_client):
    job = make_job(title="Glider pilot")
    page = seeker_client.get(job.get_absolute_url()).content.decode()
    assert f'action="/saved/{job.pk}/"' in page
    seeker_client.post(f"/saved/{job.pk}/", {"save": "yes"})
    assert "Glider pilot" in seeker_client.get("/accounts/saved/").content.decode()


def test_applying_moves_a_saved_job_to_the_applied_tracker(seeker, seeker_client):
    job = make_job(title="Glider pilot")
    seeker_client.post(f"/saved/{job.pk}/", {"save": "yes"})

    response = seeker_client.post(
        f"/applied/{job.pk}/", {"applied": "yes", "next": f"{SEARCH}#job-{job.pk}"}
    )

    assert response["Location"] == f"{SEARCH}#job-{job.pk}"  # back to the same card
    assert "Glider pilot" not in seeker_client.get("/accounts/saved/").content.decode()
    applied = seeker_client.get("/accounts/applied/").content.decode()
    assert "Glider pilot" in applied and '<option value="interviewing">' in applied


def test_the_card_sends_its_answers_back_to_its_own_anchor(seeker_client):
    job = make_job(title="Glider pilot")
    html = seeker_client.get(SEARCH).content.decode()
    assert f'<article class="job-card" id="job-{job.pk}">' in html
    assert f'name="next" value="{SEARCH}#job-{job.pk}"' in html


def test_an_application_moves_through_the_stages_and_keeps_its_report_clock(seeker, seeker_client):
    job = make_job(title="Glider pilot")
    mark = make_applied(seeker, job, days_ago=40)

    response = seeker_client.post(f"/accounts/applied/{job.pk}/stage/", {"stage": "offer"})

    assert response.status_code == 302 and response["Location"].endswith(f"#job-{job.pk}")
    moved = AppliedMark.objects.get(pk=mark.pk)
    assert moved.stage == "offer"
    assert moved.updated_at == mark.updated_at  # the outcome report still opens on time
    html = seeker_client.get("/accounts/applied/").content.decode()
    assert '<option value="offer" selected>Offer</option>' in html


@pytest.mark.parametrize("stage", ["", "hired", "x" * 500, "\x00"])
def test_a_bad_stage_is_refused(seeker, seeker_client, stage):
    job = make_job()
    make_applied(seeker, job)
    response = seeker_client.post(f"/accounts/applied/{job.pk}/stage/", {"stage": stage})
    assert response.status_code == 400
    assert AppliedMark.objects.get().stage == "applied"


def test_only_the_members_own_applications_move(seeker_client, other_seeker):
    job = make_job()
    make_applied(other_seeker, job)
    assert (
        seeker_client.post(f"/accounts/applied/{job.pk}/stage/", {"stage": "offer"}).status_code
        == 404
    )
    assert (
        seeker_client.post(f"/accounts/applied/{10**30}/stage/", {"stage": "offer"}).status_code
        == 404
    )
    assert AppliedMark.objects.get().stage == "applied"


@pytest.mark.parametrize("answer", ["", "maybe", "yes" * 1000])
def test_a_bad_save_answer_is_refused(seeker_client, answer):
    job = make_job()
    assert seeker_client.post(f"/saved/{job.pk}/", {"save": answer}).status_code == 400
    assert seeker_client.post("/saved/999999999/", {"save": "yes"}).status_code == 404
    assert not SavedJob.objects.exists()


def test_a_visitor_who_saves_is_asked_to_sign_up(client):
    job = make_job()
    response = client.post(f"/saved/{job.pk}/", {"save": "yes"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/signup/")


def test_the_tracker_pages_run_few_queries(seeker, seeker_client, django_assert_max_num_queries):
    for n in range(30):
        job = make_job(title=f"Glider pilot {n}")
        if n % 2:
            SavedJob.objects.create(user=seeker, job=job)
        else:
            make_applied(seeker, job)
    for url in ("/accounts/saved/", "/accounts/applied/"):
        with django_assert_max_num_queries(8):
            assert seeker_client.get(url).status_code == 200


def test_the_navigation_links_the_tracker_and_the_profile(seeker_client):
    html = seeker_client.get("/").content.decode()
    assert 'href="/accounts/saved/"' in html and 'href="/accounts/profile/">Profile' in html
