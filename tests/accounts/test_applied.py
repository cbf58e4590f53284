import re

import pytest

from listings.models import AppliedMark
from tests.factories import make_job

pytestmark = pytest.mark.django_db


def mark(client, job, answer, next_url=None):
    data = {"applied": answer}
    if next_url is not None:
        data["next"] = next_url
    return client.post(f"/applied/{job.pk}/", data)


def test_seeker_marks_a_job_applied_and_finds_it_with_its_date(seeker_client, seeker):
    job = make_job(title="Vision Engineer")

    response = mark(seeker_client, job, "yes", next_url=job.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    page = seeker_client.get("/accounts/applied/").content.decode()
    assert "Vision Engineer" in page
    mark_row = AppliedMark.objects.get(user=seeker, job=job)
    assert mark_row.updated_at.strftime("%b %-d, %Y") in page


def test_seeker_changes_their_answer_and_only_one_mark_is_kept(seeker_client, seeker):
    job = make_job()

    mark(seeker_client, job, "yes")
    mark(seeker_client, job, "no")

    assert AppliedMark.objects.filter(user=seeker, job=job).count() == 1
    assert AppliedMark.objects.get(user=seeker, job=job).applied is False
    assert job.title not in seeker_client.get("/accounts/applied/").content.decode()


def test_the_card_shows_the_seekers_answer(seeker_client):
    job = make_job()
    mark(seeker_client, job, "yes")

    html = seeker_client.get("/visa-sponsorship-jobs/").content.decode()

    assert re.search(r'value="yes" class="choice choice--on" aria-pressed="true"', html)
    assert "Have you applied for this role?" in html


def test_anonymous_click_goes_to_signup_and_comes_back(client):
    job = make_job()
    landing = "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"

    html = client.get(landing).content.decode()
    response = mark(client, job, "yes", next_url=landing)

    assert f'href="/accounts/signup/?next={landing}">Sign up to keep track' in html
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/signup/?next={landing.replace('/', '%2F')}"
    assert not AppliedMark.objects.exists()


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/path", "/\\evil.example", "javascript:alert(1)"],
)
def test_offsite_next_is_refused_after_marking(seeker_client, next_url):
    job = make_job()

    response = mark(seeker_client, job, "yes", next_url=next_url)

    assert response["Location"] == job.get_absolute_url()


@pytest.mark.parametrize("answer", ["", "maybe", "x" * 10_000, "yes\x00"])
def test_bad_answers_are_a_400_and_change_nothing(seeker_client, answer):
    job = make_job()

    response = mark(seeker_client, job, answer)

    assert response.status_code == 400
    assert not AppliedMark.objects.exists()


def test_marking_needs_post_and_a_real_job(seeker_client):
    job = make_job()

    assert seeker_client.get(f"/applied/{job.pk}/").status_code == 405
    assert seeker_client.post("/applied/99999999/", {"applied": "yes"}).status_code == 404


def test_marks_are_private_to_their_owner(seeker_client, other_client, seeker, other_seeker):
    mine = make_job(title="Sam's application")
    theirs = make_job(title="Olu's application")
    mark(seeker_client, mine, "yes")
    mark(other_client, theirs, "yes")

    # Olu answering on Sam's job makes Olu's own mark; Sam's stays as it was.
    mark(other_client, mine, "no")

    sam_page = seeker_client.get("/accounts/applied/").content.decode()
    olu_page = other_client.get("/accounts/applied/").content.decode()
    assert "Sam&#x27;s application" in sam_page and "Olu&#x27;s application" not in sam_page
    assert "Olu&#x27;s application" in olu_page and "Sam&#x27;s application" not in olu_page
    assert AppliedMark.objects.get(user=seeker, job=mine).applied is True
    assert "Have you applied" in other_client.get(mine.get_absolute_url()).content.decode()


def test_applied_page_needs_login(client):
    response = client.get("/accounts/applied/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/accounts/applied/")


def test_applied_page_query_count(seeker_client, seeker, django_assert_max_num_queries):
    for _ in range(5):
        mark(seeker_client, make_job(), "yes")

    with django_assert_max_num_queries(5):
        assert seeker_client.get("/accounts/applied/").status_code == 200
