"""Listing and search pages on a million jobs (SPEC section 11): query counts, capped counts,
keyset depth, timed in-process (server time). The keyword corpus and the new filters, each a
member's first page, are test_search_plans_bench; throughput under load is test_load_bench."""

import re
import statistics
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from listings.models import Job
from listings.pages.page_data import capped_count
from tests.bench.conftest import report, server_ms

LANDING = "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"
SEARCH = "/visa-sponsorship-jobs/"
FILTERED = SEARCH + "?state=california&visa=h-1b&remote=hybrid&posted=30"
# The filters candidates asked for, each alone and then together with a city as typed.
NEW_FILTERS = [
    SEARCH + "?experience=entry",
    SEARCH + "?min_salary=150000&sort=salary",
    SEARCH + "?wage_level=3",
    SEARCH + "?e_verify=on",
    SEARCH + "?city=Atlanta%2C+GA&experience=mid&min_salary=100000&wage_level=2&e_verify=on",
    "/visa-sponsorship-jobs/georgia/",
    # "Employer has sponsored", each kind of evidence.
    SEARCH + "?sponsored=here",
    SEARCH + "?sponsored=h1b&state=texas",
    SEARCH + "?sponsored=green-card",
    LANDING + "?sponsored=green-card&sort=salary",
]
# Zero-match, rare, very common, multi-word, misspelt and stop-word terms, and employer names.
KEYWORDS = [
    "engineer",
    "data",
    "python",
    "machine learning",
    "senior software engineer",
    "kubernetes",
    "sql",
    "distributed systems",
    "visa",
    "h-1b",
    "sponsorship",
    "remote",
    "analytics",
    "pipelines",
    "react",
    "security",
    "cloud",
    "mentoring",
    "statistics",
    "forecasting",
    "xylophonist",
    "qwertyuiopasdf",
    "the",
    "underwater basket weaving",
    "astronaut",
    "enginer",
    "pyhton",
    "Peachtree Analytics",
    "mashine lerning",
    "lanternfish",
    "Harborlight Systems software",
    "blue ridge robotics",
    '"product roadmap"',
    "ranking -ads",
    "computer vision",
    "llm",
    "spark",
    "terraform",
    "hospital",
    "nurse",
    "chip design",
    "fpga",
    "green card",
    "opt",
    "stem",
    "tn",
    "e-3",
    "compliance",
    "payments",
    "robotics",
]
assert len(KEYWORDS) == 50
# Common words on a million rows: each matches tens of thousands of jobs.
COMMON_WORDS = ["director", "manager", "lead", "intern"]


@pytest.fixture
def no_page_cache(settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0  # measure the work, not the cache


@pytest.mark.django_db
def test_capped_count_stays_cheap(million_jobs, django_db_blocker):
    with django_db_blocker.unblock():
        listed = Job.objects.listed().order_by()
        timings = []
        for _ in range(20):
            started = time.perf_counter()
            count = capped_count(listed)
            timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    report("capped count over all listed jobs", [("count", count), ("median ms", f"{median:.2f}")])
    assert count == settings.COUNT_CAP + 1
    assert median < 5


@pytest.mark.django_db
def test_pages_run_few_queries_and_deep_pages_cost_like_page_one(
    million_jobs, member, django_db_blocker, no_page_cache
):
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(member)
    rows = []
    with django_db_blocker.unblock():
        for who, client in (("anonymous", anonymous), ("member", signed_in)):
            for url in ("/", LANDING, LANDING + "atlanta/", SEARCH, FILTERED, *NEW_FILTERS):
                with CaptureQueriesContext(connection) as queries:
                    client.get(url)
                rows.append(
                    (who, url, f"{len(queries)} queries", f"{server_ms(client, url):.1f} ms")
                )
                assert len(queries) <= 8, (who, url)

        url, deep_url = SEARCH, None
        for _ in range(40):  # 40 pages of 25 = 1,000 jobs deep
            html = signed_in.get(url).content.decode()
            next_link = re.search(r'<a href="([^"]*after=[^"]*)">Next', html).group(1)
            url = deep_url = SEARCH + next_link.replace("&amp;", "&")
        first, deep = server_ms(signed_in, SEARCH), server_ms(signed_in, deep_url)
    rows.append(("member", "page 1 vs page 41", f"{first:.1f} ms", f"{deep:.1f} ms"))
    report("queries and server time per page (1M jobs)", rows)
    assert deep <= 2 * first + 2  # + 2 ms: sub-millisecond jitter is not a regression
