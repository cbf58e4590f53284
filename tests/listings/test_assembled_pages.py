"""Member listing pages from cached parts: one member's marks and CSRF token never reach
another, what is cached expires with the jobs and government data, and a cached page costs
two queries (the member, their marks)."""

import re

import pytest
from django.conf import settings
from django.test import Client

from listings.caching import bump_govdata_version
from listings.models import AppliedMark, SavedJob
from listings.sponsors.verified import current_fiscal_year, refresh_verified_sponsors
from listings.taxonomy.counts import refresh_listing_counts
from tests.factories import make_applied, make_hub_row, make_job, make_profile

LANDING = "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"
SEARCH = "/visa-sponsorship-jobs/?state=georgia"
pytestmark = pytest.mark.django_db
ROUTES = re.compile(r'<p class="routes">(.*?)</p>', re.S)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def pressed(html: str, job) -> list[str]:
    """The answers shown pressed in `job`'s applied control."""
    form = html.split(f'action="/applied/{job.pk}/"', 1)[1].split("</form>", 1)[0]
    return re.findall(r'value="(yes|no)" class="choice choice--on"', form)


@pytest.fixture
def jobs():
    made = [make_job(title=f"Engineer {n}") for n in range(3)]
    refresh_listing_counts()
    return made


def test_one_members_marks_never_show_to_another(seeker_client, other_client, seeker, jobs):
    make_applied(seeker, jobs[0], applied=True)
    make_applied(seeker, jobs[1], applied=False)

    for url in (LANDING, SEARCH):
        mine = seeker_client.get(url).content.decode()
        theirs = other_client.get(url).content.decode()  # the same cached parts

        assert pressed(mine, jobs[0]) == ["yes"] and pressed(mine, jobs[1]) == ["no"]
        assert pressed(theirs, jobs[0]) == [] and pressed(theirs, jobs[1]) == []
        assert "\x00" not in mine and "\x00" not in theirs
        assert "ago" in theirs  # the posting ages are filled in


def saved(html: str, job) -> bool:
    """Whether `job`'s save control shows it saved."""
    form = html.split(f'action="/saved/{job.pk}/"', 1)[1].split("</form>", 1)[0]
    return 'value="no" class="choice choice--on"' in form


def test_one_members_saved_jobs_never_show_to_another(seeker_client, other_client, seeker, jobs):
    SavedJob.objects.create(user=seeker, job=jobs[0])

    for url in (LANDING, SEARCH):
        mine = seeker_client.get(url).content.decode()
        theirs = other_client.get(url).content.decode()  # the same cached parts
        again = seeker_client.get(url).content.decode()

        assert saved(mine, jobs[0]) and saved(again, jobs[0])
        assert not saved(mine, jobs[1])
        assert not saved(theirs, jobs[0]) and not saved(theirs, jobs[1])


def test_a_mark_changed_shows_on_the_next_page_at_once(seeker_client, seeker, jobs):
    seeker_client.get(LANDING)
    make_applied(seeker, jobs[2])

    assert pressed(seeker_client.get(LANDING).content.decode(), jobs[2]) == ["yes"]
    AppliedMark.objects.filter(user=seeker).update(applied=False)
    assert pressed(seeker_client.get(LANDING).content.decode(), jobs[2]) == ["no"]


def test_each_member_gets_their_own_csrf_token_that_works(seeker, other_seeker, jobs):
    pages = {}
    for user in (seeker, other_seeker):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = client.get(LANDING).content.decode()
        token = CSRF.search(html).group(1)
        response = client.post(
            f"/applied/{jobs[0].pk}/", {"applied": "yes", "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302
        pages[user.pk] = (client, token)

    (first, first_token), (second, _) = pages.values()
    refused = second.post(
        f"/applied/{jobs[0].pk}/", {"applied": "no", "csrfmiddlewaretoken": first_token}
    )
    assert refused.status_code == 403
    assert AppliedMark.objects.filter(applied=True).count() == 2


def test_a_cached_page_costs_the_member_and_their_marks(
    seeker_client, jobs, django_assert_max_num_queries
):
    first = seeker_client.get(SEARCH).content.decode()

    with django_assert_max_num_queries(2):
        second = seeker_client.get(SEARCH).content.decode()

    assert CSRF.sub("", first) == CSRF.sub("", second)


def test_changed_jobs_and_government_data_expire_the_cached_page(seeker_client, jobs):
    assert "Engineer 0" in seeker_client.get(LANDING).content.decode()

    jobs[0].title = "Principal Engineer"
    jobs[0].save()  # one job at a time, as the admin saves it
    assert "Principal Engineer" in seeker_client.get(LANDING).content.decode()

    make_job(title="Arrived in an import")
    refresh_listing_counts()  # what every bulk change of jobs runs
    assert "Arrived in an import" in seeker_client.get(LANDING).content.decode()

    # The test client records a response's template context only when templates rendered.
    assert seeker_client.get(LANDING).context is None  # read from the cache
    bump_govdata_version()  # what every government-data import ends with
    assert seeker_client.get(LANDING).context is not None  # rendered again


def test_a_new_count_in_the_employers_record_reaches_the_cached_page(
    seeker_client, django_capture_on_commit_callbacks
):
    make_job(title="Engineer at Peachtree", employer="Peachtree Analytics")
    make_hub_row("PEACHTREE ANALYTICS INC")
    with django_capture_on_commit_callbacks(execute=True):
        refresh_verified_sponsors()
    year = current_fiscal_year() - 1
    assert f"(25 approvals in FY{year})" in seeker_client.get(LANDING).content.decode()

    # Another state's approvals: the record's count changes, no job row does, and the badge
    # is part of the cached card and page, which the government-data version expires.
    make_hub_row(
        "PEACHTREE ANALYTICS INC", state="CA", initial_approvals=10, continuing_approvals=0
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert refresh_verified_sponsors() == 0
    html = seeker_client.get(LANDING).content.decode()
    assert f"(35 approvals in FY{year})" in html and "(25 approvals" not in html


def test_members_with_different_profiles_get_their_own_routes(seeker, other_seeker, jobs):
    make_profile(seeker, citizenships=("CA",))
    make_profile(other_seeker, citizenships=("AU",))
    pages = []
    for user in (seeker, other_seeker):
        client = Client()
        client.force_login(user)
        pages.append(client.get(LANDING).content.decode())

    canadian, australian = (" ".join(ROUTES.findall(page)) for page in pages)
    assert "TN" in canadian and "E-3" not in canadian
    assert "E-3" in australian and "TN" not in australian


def test_a_flash_message_is_shown_to_its_member_only(seeker_client, other_client, jobs):
    seeker_client.get(LANDING)  # the parts are cached
    response = seeker_client.post("/alerts/new/", {"state": "georgia", "frequency": "instant"})
    assert response.status_code == 302

    assert "Alert saved" in seeker_client.get(LANDING).content.decode()
    assert "Alert saved" not in other_client.get(LANDING).content.decode()
    assert "Alert saved" not in seeker_client.get(LANDING).content.decode()


def test_anonymous_pages_are_not_assembled(client, jobs):
    html = client.get(LANDING).content.decode()
    assert "\x00" not in html and settings.ANONYMOUS_JOB_LIMIT >= 1
    assert "Sign up to keep track" in html
