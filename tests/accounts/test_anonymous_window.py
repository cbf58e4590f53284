"""Anonymous visitors see the first five jobs of any listing, and nothing in a request can show
them a sixth of the same query."""

import itertools
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from listings.taxonomy.counts import refresh_listing_counts
from tests.factories import make_employer, make_job

LANDING = "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"
SEARCH = "/visa-sponsorship-jobs/"
JOB_LINK = re.compile(r'href="(/jobs/\d+/[^"/]+/)"')
# What a query is: the path and the filters that change which jobs match. Everything else
# (pagination, order, format) must not widen what an anonymous visitor sees of it.
QUERY_PARAMS = {"q", "role", "state", "city", "remote", "posted"}
WINDOW_PARAMS = {
    "page": ["2", "3", "100", "-1", "0"],
    "cursor": ["abc", "0", "9999999999"],
    "after": ["1.1", "99999999999999999.99999", "none.1", "0.0"],
    "offset": ["5", "10", "1000"],
    "limit": ["6", "50", "1000000"],
    "per_page": ["50", "1000"],
    "page_size": ["100"],
    "sort": ["salary", "newest", "-posted_at", "oldest"],
    "ordering": ["posted_at", "-salary_max", "id"],
    "format": ["json", "csv", "xml", "rss"],
    "partial": ["results", "1"],
    "fragment": ["job-card", "results"],
    "visa": ["h-1b", "tn"],
}
HEADERS = [
    {},
    {"HTTP_ACCEPT": "application/json"},
    {"HTTP_ACCEPT": "text/csv"},
    {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"},
    {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"},
    {"HTTP_RANGE": "items=0-100"},
]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and href.startswith("/"):
            self.hrefs.append(href)


def links_on(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


def query_key(url: str) -> tuple:
    parts = urlsplit(url)
    filters = sorted((k, v) for k, v in parse_qsl(parts.query) if k in QUERY_PARAMS and v)
    return parts.path, tuple(filters)


@pytest.fixture
def many_georgia_jobs(db):
    employers = [make_employer(f"Georgia Employer {i}") for i in range(4)]
    jobs = []
    for i in range(30):
        jobs.append(
            make_job(
                employer=employers[i % 4],
                city=["Atlanta", "Savannah", "Alpharetta"][i % 3],
                days_ago=i + 1,
                salary_min=100_000 + i * 1000,
                salary_max=150_000 + i * 1000,
                salary_unit="year",
                visas=("h-1b",) if i % 2 else ("tn",),
            )
        )
    make_job(state="texas", city="Austin")
    refresh_listing_counts()
    return jobs


def crawl(client, start: str, budget: int = 400) -> dict[tuple, set[str]]:
    """Requests the start page with every window parameter, alone and in pairs, under every
    header; then follows each link found that stays on a listing. Returns the jobs shown per
    query."""
    seen: dict[tuple, set[str]] = {}
    urls = [start]
    for name, values in WINDOW_PARAMS.items():
        urls += [f"{start}?{urlencode({name: value})}" for value in values]
    for (a, va), (b, vb) in itertools.combinations(
        [(k, v[0]) for k, v in WINDOW_PARAMS.items()], 2
    ):
        urls.append(f"{start}?{urlencode({a: va, b: vb})}")
    urls.append(f"{start}?" + urlencode([(k, v) for k, vs in WINDOW_PARAMS.items() for v in vs]))
    visited = set()
    while urls and len(visited) < budget:
        url = urls.pop(0)
        if url in visited:
            continue
        visited.add(url)
        for headers in HEADERS if url == start or "?" not in url else HEADERS[:2]:
            response = client.get(url, **headers)
            assert response.status_code in (200, 301, 302, 404), url
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            html = response.content.decode()
            seen.setdefault(query_key(url), set()).update(JOB_LINK.findall(html))
            for href in links_on(html):
                if href.startswith(("/visa-sponsorship-jobs/", "/?")) and href not in visited:
                    urls.append(href)
    return seen


@pytest.mark.parametrize("start", [LANDING, SEARCH])
def test_anonymous_crawler_never_sees_a_sixth_job_of_one_query(client, many_georgia_jobs, start):
    seen = crawl(client, start)

    assert len(seen[query_key(start)]) == 5
    assert all(len(jobs) <= 5 for jobs in seen.values()), {
        key: len(jobs) for key, jobs in seen.items() if len(jobs) > 5
    }


def test_anonymous_sees_five_of_many_and_the_signup_promise(client, many_georgia_jobs):
    html = client.get(LANDING).content.decode()

    assert len(set(JOB_LINK.findall(html))) == 5
    assert "Showing 5 of 30" in html
    assert (
        "Sign up for free to unlock all listings, filter by visa type, and get alerts for new "
        "Machine Learning Engineer jobs in Georgia." in html
    )
    assert f'href="/accounts/signup/?next={LANDING}"' in html


def test_shown_count_is_capped_for_display(client, many_georgia_jobs, settings):
    settings.COUNT_CAP = 20

    # A filtered view counts to the cap; the page itself says the summary's exact figure,
    # the one the home page and its neighbours show.
    assert "Showing 5 of 20+" in client.get(LANDING, {"remote": "onsite"}).content.decode()
    assert "Showing 5 of 30" in client.get(LANDING).content.decode()


def test_visa_filter_is_locked_and_not_applied_for_anonymous(client, many_georgia_jobs):
    response = client.get(LANDING, {"visa": "tn"})

    html = response.content.decode()
    assert "Showing 5 of 30" in html
    assert "visa type filter is for members and was not applied" in html.lower()
    assert "Sign up free to filter by visa type" in html
    assert 'type="checkbox" name="visa"' not in html


def test_signed_in_seeker_filters_by_visa(seeker_client, many_georgia_jobs):
    html = seeker_client.get(LANDING, {"visa": "tn"}).content.decode()

    assert "Showing 15 of 15" in html
    assert 'type="checkbox" name="visa"' in html
    assert re.search(r'value="tn"[^>]* checked>', html)
    assert not re.search(r'value="h-1b"[^>]* checked>', html)


def test_signed_in_seeker_pages_through_every_job_with_filters_kept(
    seeker_client, many_georgia_jobs, settings
):
    settings.PAGE_SIZE = 7
    shown, url, pages = [], LANDING + "?remote=onsite&sort=salary", 0
    while url:
        html = seeker_client.get(url).content.decode()
        shown += JOB_LINK.findall(html)
        pages += 1
        match = re.search(r'<a href="([^"]*after=[^"]*)">Next', html)
        url = LANDING + match.group(1).replace("&amp;", "&") if match else None
        if url:
            assert "remote=onsite" in url and "sort=salary" in url

    assert pages == 5
    assert len(shown) == len(set(shown)) == 30
    salaries = [job.salary_max for job in sorted(many_georgia_jobs, key=lambda j: -j.salary_max)]
    assert shown[0] == sorted(many_georgia_jobs, key=lambda j: -j.salary_max)[0].get_absolute_url()
    assert salaries == sorted(salaries, reverse=True)


def test_keyset_pages_stay_stable_while_new_jobs_arrive(seeker_client, many_georgia_jobs, settings):
    settings.PAGE_SIZE = 10
    first = seeker_client.get(LANDING).content.decode()
    next_url = re.search(r'<a href="([^"]*after=[^"]*)">Next', first).group(1)

    for _ in range(3):
        make_job(days_ago=0)  # three new jobs land on top of page one
    second = seeker_client.get(LANDING + next_url.replace("&amp;", "&")).content.decode()

    newest_first = sorted(many_georgia_jobs, key=lambda j: j.posted_at, reverse=True)
    assert JOB_LINK.findall(second) == [job.get_absolute_url() for job in newest_first[10:20]]


@pytest.mark.parametrize("after", ["junk", "1.", ".5", "1e9.5", "9" * 40 + ".1", "none.x"])
def test_malformed_cursor_starts_from_the_first_page(seeker_client, many_georgia_jobs, after):
    response = seeker_client.get(LANDING, {"after": after})

    assert response.status_code == 200
    assert "Showing 25 of 30" in response.content.decode()
