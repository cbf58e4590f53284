"""A sweep of every route with hostile values: each answers with a page, a redirect or a 4xx,
never a 5xx, for visitors and members alike."""

import pytest

from listings.taxonomy.counts import refresh_listing_counts
from tests.factories import make_job

pytestmark = pytest.mark.django_db
JUNK = ["", "x" * 5000, "%00", "%ff%fe", "../../etc/passwd", "<script>", "9" * 40, "-1", "'--"]
ROUTES = [
    "/employers/{}/",
    "/jobs/{}/",
    "/jobs/{}/x/",
    "/jobs/1/{}/",
    "/applied/{}/",
    "/alerts/{}/edit/",
    "/alerts/{}/pause/",
    "/alerts/unsubscribe/{}/",
    "/visa-sponsorship-jobs/{}/",
    "/visa-sponsorship-jobs/machine-learning-engineer/{}/",
    "/visa-sponsorship-jobs/machine-learning-engineer/georgia/{}/",
    "/sitemap-{}.xml",
    "/faq/?q={}",
    "/alerts/new/?q={}&state={}&visa={}",
    "/accounts/applied/?page={}",
    "/visa-sponsorship-jobs/?after={}&sort=salary",
    "/visa-sponsorship-jobs/?verified={}&cap_exempt={}&remote={}&posted={}",
    "/employers/x/?after={}",
    "/alerts/new/?verified={}&cap_exempt={}",
    "/visa-sponsorship-jobs/?sponsored={}&verified={}",
    "/visa-sponsorship-jobs/machine-learning-engineer/georgia/?sponsored={}",
    "/alerts/new/?sponsored={}&verified={}",
    "/visa-sponsorship-jobs/?routes={}",
    "/accounts/applied/{}/outcome/",
    "/accounts/profile/?next={}",
    "/accounts/profile/delete/?next={}",
    "/accounts/data/?format={}",
    "/accounts/delete/?next={}",
]


@pytest.mark.parametrize("signed_in", [False, True])
def test_no_route_answers_hostile_values_with_a_server_error(client, seeker, signed_in):
    make_job()
    refresh_listing_counts()
    if signed_in:
        client.force_login(seeker)

    failures = []
    for route in ROUTES:
        for value in JUNK:
            url = route.replace("{}", value)
            for method in (client.get, client.post):
                status = method(url).status_code
                if status >= 500:
                    failures.append((method.__name__, url[:80], status))

    assert failures == []
