"""Member listing pages from cached parts: one member's marks and CSRF token never reach
another, what is cached expires with the jobs and government data, and a cached page costs no query
(the member and their marks are cached too)."""

import re
import time

import pytest
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.test import Client, RequestFactory
from redis import Redis

from jobboard.postgres.base import NeedsDatabase, without_database
from listings.caching import bump_govdata_version, renewal_key
from listings.models import AppliedMark, SavedJob
from listings.pages import assembled, views
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
    seeker_client.get(LANDING)  # the page and the member's marks are now kept
    make_applied(seeker, jobs[2])

    assert pressed(seeker_client.get(LANDING).content.decode(), jobs[2]) == ["yes"]
    seeker_client.post(f"/applied/{jobs[2].pk}/", {"applied": "no"})
    assert pressed(seeker_client.get(LANDING).content.decode(), jobs[2]) == ["no"]
    seeker_client.post(f"/saved/{jobs[1].pk}/", {"save": "yes"})
    assert saved(seeker_client.get(LANDING).content.decode(), jobs[1])
    SavedJob.objects.filter(user=seeker).delete()  # as deleting the job or the account does
    assert not saved(seeker_client.get(LANDING).content.decode(), jobs[1])


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


def test_a_cached_page_costs_no_query(seeker_client, seeker, jobs, django_assert_num_queries):
    make_applied(seeker, jobs[0])
    first = seeker_client.get(SEARCH).content.decode()  # rendered, with the marks annotated
    seeker_client.get(SEARCH)  # assembled: the marks read once, for every page to come

    # The member, their marks and the page all come from caches.
    with django_assert_num_queries(0):
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


def stored_page_key() -> str:
    """The cache key of the one member page stored (without Django's key prefix)."""
    (key,) = Redis.from_url(settings.REDIS_URL).keys("*member-page2:*")
    return "member-page2:" + key.decode().split("member-page2:", 1)[1]


def test_while_one_request_renews_a_page_others_are_served_it_as_it_was(seeker_client, jobs):
    assert "Arrived in an import" not in seeker_client.get(LANDING).content.decode()
    make_job(title="Arrived in an import")
    refresh_listing_counts()  # a new jobs version: the stored page is to be renewed
    renewal = renewal_key(stored_page_key())
    assert cache.add(renewal, 1)  # as another request's, rendering the page meanwhile

    meanwhile = seeker_client.get(LANDING)
    cache.delete(renewal)  # that request has stored the new page, or given up
    after = seeker_client.get(LANDING)

    assert meanwhile.context is None and "Arrived in an import" not in meanwhile.content.decode()
    assert "Arrived in an import" in after.content.decode()
    assert "\x00" not in meanwhile.content.decode()  # the member's own parts filled in


def test_a_page_in_use_is_renewed_before_its_time_in_the_cache_ends(seeker_client, jobs):
    seeker_client.get(LANDING)
    key = stored_page_key()
    stored = cache.get(key)
    assert time.time() + assembled.RENEW_AFTER_SECONDS - stored.renew_at < 5
    # The test client records a response's template context only when templates rendered.
    assert seeker_client.get(LANDING).context is None  # read from the cache

    cache.set(key, stored._replace(renew_at=time.time() - 1), assembled.PAGE_SECONDS)
    renewed = seeker_client.get(LANDING)

    assert renewed.context is not None and "Engineer 0" in renewed.content.decode()
    assert cache.get(key).renew_at > time.time() + 60  # stored again, for its whole time
    assert not cache.get(renewal_key(key))  # and the renewal given back
    assert seeker_client.get(LANDING).context is None


def test_a_page_due_for_renewal_is_kept_to_serve_while_one_request_renders_it(
    seeker_client, other_client, jobs
):
    """A page nobody asked for since its renewal fell due is still in the cache: the members
    who come to it at once get it as it was, and only the one holding its renewal renders."""
    seeker_client.get(LANDING)
    key = stored_page_key()
    redis = Redis.from_url(settings.REDIS_URL)
    (full_key,) = redis.keys(f"*{key}")
    assert redis.ttl(full_key) > assembled.RENEW_AFTER_SECONDS + 300  # kept well past it
    cache.set(key, cache.get(key)._replace(renew_at=time.time() - 1), assembled.PAGE_SECONDS)
    assert cache.add(renewal_key(key), 1)  # as another request's, rendering it meanwhile

    meanwhile = other_client.get(LANDING)

    assert meanwhile.status_code == 200 and meanwhile.context is None  # not rendered
    assert "Engineer 0" in meanwhile.content.decode() and "\x00" not in meanwhile.content.decode()


def test_a_renewal_taken_without_the_database_is_kept_for_the_render_that_follows(
    seeker_client, seeker, jobs
):
    """A web process tries a member's page first on a thread that may not use the database
    (listings.admission.inline_first). The request that takes a page's renewal there stops
    at its first query and starts over on a render thread: it must keep the renewal, or every
    member asking meanwhile takes it in turn and waits for a render slot too."""
    seeker_client.get(LANDING)
    make_job(title="Arrived in an import")
    refresh_listing_counts()
    renewal = renewal_key(stored_page_key())
    request = RequestFactory().get(LANDING)
    request.user, request.visa_profile, request._messages = seeker, None, CookieStorage(request)
    role, state = LANDING.strip("/").split("/")[1:]

    with without_database(), pytest.raises(NeedsDatabase):
        views.landing_page(request, role_slug=role, state_slug=state)
    assert cache.get(renewal)  # still this request's
    assert "Arrived in an import" not in seeker_client.get(LANDING).content.decode()  # others

    again = views.landing_page(request, role_slug=role, state_slug=state)  # the render thread

    assert "Arrived in an import" in again.content.decode()
    assert not cache.get(renewal)  # given back once the page is stored
    assert "Arrived in an import" in seeker_client.get(LANDING).content.decode()
