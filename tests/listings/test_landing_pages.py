import pytest
from django.urls import reverse

from listings.models import Job
from listings.taxonomy.counts import refresh_listing_counts
from tests.factories import make_employer, make_job

LANDING = "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def georgia_jobs():
    peach = make_employer("Peachtree Analytics")
    piedmont = make_employer("Piedmont Robotics")
    jobs = [make_job(employer=peach, city="Atlanta", days_ago=i + 1) for i in range(4)]
    jobs += [make_job(employer=piedmont, city="Savannah", days_ago=i + 5) for i in range(2)]
    jobs += [make_job(employer=piedmont, city="Alpharetta", days_ago=10)]
    make_job(role="data-scientist", state="georgia", city="Atlanta")
    make_job(state="texas", city="Austin")
    refresh_listing_counts()
    return jobs


def test_landing_page_title_count_and_jobs(seeker_client, georgia_jobs):
    response = seeker_client.get(LANDING)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Machine Learning Engineer Visa Sponsorship Jobs in Georgia" in html
    assert "<h1>Machine Learning Engineer Visa Sponsorship Jobs in Georgia</h1>" in html
    assert "Showing 7 of 7 jobs" in html
    for job in georgia_jobs:
        assert job.get_absolute_url() in html


def test_landing_intro_ranks_cities_and_employers_from_the_data(client, georgia_jobs):
    html = client.get(LANDING).content.decode()

    assert "Most are in Atlanta (4), Savannah (2) and Alpharetta (1)." in html
    assert "Peachtree Analytics (4) and Piedmont Robotics (3)" in html


def test_landing_links_to_cities_other_roles_and_other_states(client, georgia_jobs):
    html = client.get(LANDING).content.decode()

    assert f'href="{LANDING}atlanta/"' in html
    assert 'href="/visa-sponsorship-jobs/data-scientist/georgia/"' in html
    assert 'href="/visa-sponsorship-jobs/machine-learning-engineer/texas/"' in html


def test_refused_and_expired_jobs_are_not_listed(seeker_client, georgia_jobs):
    refused = make_job(
        title="Refusing MLE",
        sponsorship=Job.Sponsorship.REFUSED,
        sponsorship_evidence="We cannot sponsor visas.",
    )
    silent_unverified = make_job(title="Quiet MLE", sponsorship="silent", sponsorship_evidence="")
    silent_verified = make_job(
        title="Verified MLE", sponsorship="silent", sponsorship_evidence="", verified_sponsor=True
    )
    expired = make_job(title="Old MLE", valid_through="2020-01-01")

    html = seeker_client.get(LANDING).content.decode()

    assert silent_verified.get_absolute_url() in html
    for job in (refused, silent_unverified, expired):
        assert job.get_absolute_url() not in html


def test_city_page_lists_only_that_city(client, georgia_jobs):
    response = client.get(LANDING + "savannah/")

    assert response.status_code == 200
    assert (
        "Machine Learning Engineer Visa Sponsorship Jobs in Savannah, GA"
        in response.content.decode()
    )
    assert "Showing 2 of 2 jobs" in response.content.decode()
    assert f'href="{LANDING}atlanta/"' in response.content.decode()


def test_role_page_lists_states_with_jobs(client, georgia_jobs):
    response = client.get("/visa-sponsorship-jobs/machine-learning-engineer/")

    html = response.content.decode()
    assert "Showing 5 of 8 jobs" in html
    assert f'href="{LANDING}"' in html


def test_empty_landing_page_says_so_and_still_links(client, georgia_jobs):
    response = client.get("/visa-sponsorship-jobs/machine-learning-engineer/alaska/")

    assert response.status_code == 200
    assert "no open machine learning engineer roles" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/visa-sponsorship-jobs/astronaut/",
        "/visa-sponsorship-jobs/astronaut/georgia/",
        "/visa-sponsorship-jobs/machine-learning-engineer/atlantis/",
        "/visa-sponsorship-jobs/machine-learning-engineer/georgia/gotham/",
        "/visa-sponsorship-jobs/machine-learning-engineer/texas/atlanta/",
        "/jobs/999999/nothing/",
        "/jobs/99999999999999999999999999/too-big/",
        "/no-such-page/",
    ],
)
def test_unknown_slugs_give_our_404_page(client, georgia_jobs, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "We couldn't find that page" in response.content.decode()


def test_home_links_popular_landing_pages_with_counts(client, georgia_jobs):
    response = client.get(reverse("listings:home"))

    assert response.status_code == 200
    assert f'href="{LANDING}"' in response.content.decode()


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/visa-sponsorship-jobs/",
        "/visa-sponsorship-jobs/?q=python+engineer&role=machine-learning-engineer&state=georgia"
        "&city=atlanta&visa=h-1b&visa=tn&remote=onsite&posted=30&sort=salary",
        "/visa-sponsorship-jobs/machine-learning-engineer/",
        LANDING,
        LANDING + "?visa=h-1b&posted=7&sort=salary&remote=hybrid&q=models",
        LANDING + "atlanta/",
    ],
)
def test_listing_pages_stay_within_the_query_budget(
    client, seeker, django_assert_max_num_queries, georgia_jobs, url, signed_in
):
    if signed_in:
        client.force_login(seeker)

    with django_assert_max_num_queries(8):
        response = client.get(url)

    assert response.status_code == 200
