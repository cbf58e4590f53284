"""Places as people type them, state pages, and counts that agree with each other and with
the rows a page shows."""

import json
import re

import pytest
from django.core.cache import cache

from listings.taxonomy.counts import refresh_listing_counts
from tests.factories import make_job

pytestmark = pytest.mark.django_db
SEARCH = "/visa-sponsorship-jobs/"


def filter_form(html: str) -> str:
    return re.search(r'<form class="filters".*?</form>', html, re.S).group(0)


def titles(response) -> list[str]:
    return [job.title for job in response.context["jobs"]]


@pytest.fixture
def places():
    make_job(title="Atlanta ML", city="Atlanta")
    make_job(title="Savannah ML", city="Savannah")
    make_job(title="New York ML", state="new-york", city="New York")
    make_job(title="Portland OR", state="oregon", city="Portland")
    make_job(title="Portland ME", state="maine", city="Portland")
    refresh_listing_counts()
    cache.clear()


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("atlanta", "Atlanta ML"),
        ("Atlanta", "Atlanta ML"),
        ("ATLANTA, ga", "Atlanta ML"),
        ("Savannah, GA", "Savannah ML"),
        ("savannah, Georgia", "Savannah ML"),
        ("new york", "New York ML"),
        ("  New   York , NY ", "New York ML"),
        ("Portland, OR", "Portland OR"),
    ],
)
def test_a_city_is_found_however_it_is_typed(seeker_client, places, typed, expected):
    response = seeker_client.get(SEARCH, {"city": typed})

    assert titles(response) == [expected]
    assert not response.context["filter"].errors


def test_a_city_in_two_states_asks_which_and_the_chosen_state_decides(seeker_client, places):
    response = seeker_client.get(SEARCH, {"city": "Portland"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is more than one “Portland” (Portland, ME; Portland, OR)" in html
    assert len(response.context["jobs"]) == 5  # the city is not applied, and the page says so
    assert titles(seeker_client.get(SEARCH, {"city": "portland", "state": "maine"})) == [
        "Portland ME"
    ]


@pytest.mark.parametrize(
    "typed, message",
    [
        ("Gotham", "We have no city called “Gotham”"),
        ("Atlanta, ZZ", "We don&#x27;t know a state called “ZZ”"),
        ("Savannah, TX", "We have no city called “Savannah” in Texas"),
        ("x" * 101, "Ensure this value has at most 100 characters"),
        ("<script>alert(1)</script>", "We have no city called “&lt;script&gt;"),
        (",", "We have no city called “”"),
        ("Atlanta\x00", "Null characters are not allowed"),
    ],
)
def test_an_unknown_place_is_named_in_a_clear_message(seeker_client, places, typed, message):
    response = seeker_client.get(SEARCH, {"city": typed})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "<script>alert" not in response.content.decode()


def test_a_city_outside_the_chosen_state_is_refused(seeker_client, places):
    response = seeker_client.get(SEARCH, {"city": "Atlanta, GA", "state": "texas"})

    assert "“Atlanta, GA” is not in Texas" in response.content.decode()


def test_on_a_state_page_the_city_is_looked_for_in_that_state(seeker_client, places):
    response = seeker_client.get("/visa-sponsorship-jobs/oregon/", {"city": "Portland"})

    assert titles(response) == ["Portland OR"]


def test_the_city_box_suggests_our_cities_without_javascript(client, places):
    html = client.get(SEARCH).content.decode()

    assert 'list="city-suggestions"' in html
    datalist = re.search(r'<datalist id="city-suggestions">(.*?)</datalist>', html).group(1)
    assert '<option value="Atlanta, GA">' in datalist
    assert '<option value="Portland, ME">' in datalist


def test_role_and_state_slugs_fold_case_with_a_permanent_redirect(client, places):
    for typed in [
        "/visa-sponsorship-jobs/GEORGIA/",
        "/visa-sponsorship-jobs/Machine-Learning-Engineer/",
        "/visa-sponsorship-jobs/machine-learning-engineer/Georgia/",
        "/visa-sponsorship-jobs/machine-learning-engineer/georgia/ATLANTA/",
    ]:
        canonical = typed.lower()
        response = client.get(typed)
        assert response.status_code == 301, typed
        assert response["Location"] == canonical
    moved = client.get("/visa-sponsorship-jobs/machine-learning-engineer/Georgia/?q=ML")
    assert moved["Location"] == "/visa-sponsorship-jobs/machine-learning-engineer/georgia/?q=ML"
    assert client.get("/visa-sponsorship-jobs/NARNIA/", follow=True).status_code == 404
    assert titles(client.get(SEARCH, {"state": "GEORGIA", "role": "Machine-Learning-Engineer"}))


def test_a_state_has_its_own_landing_page(client, places, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get("/visa-sponsorship-jobs/georgia/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Visa Sponsorship Jobs in Georgia</h1>" in html
    assert "We found 2 open roles in Georgia" in html
    assert "Most are in Atlanta (1) and Savannah (1)." in html
    assert "Which roles have the most visa sponsorship jobs in Georgia?" in html
    assert 'name="state"' not in filter_form(html)  # the URL pins the state
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    blocks = [json.loads(block) for block in found]
    kinds = [block["@type"] for block in blocks]
    assert kinds == ["BreadcrumbList", "FAQPage"]
    assert [item["name"] for item in blocks[0]["itemListElement"]] == ["All jobs", "Georgia"]
    assert 'href="/visa-sponsorship-jobs/georgia/"' in client.get("/").content.decode()
    assert (
        "/visa-sponsorship-jobs/georgia/</loc>"
        in client.get("/sitemap-states.xml").content.decode()
    )


def test_a_role_page_has_the_filter_sidebar(seeker_client, places):
    html = seeker_client.get("/visa-sponsorship-jobs/machine-learning-engineer/").content.decode()

    assert 'name="state"' in filter_form(html) and 'name="role"' not in filter_form(html)


def test_search_every_state_keeps_the_other_filters_and_needs_a_state(seeker_client, places):
    params = {"q": "nothing-matches", "role": "machine-learning-engineer", "state": "georgia"}
    html = seeker_client.get(SEARCH, params).content.decode()

    link = re.search(r'<a href="([^"]*)">search every state</a>', html).group(1)
    assert "q=nothing-matches" in link and "role=machine-learning-engineer" in link
    assert "state=" not in link
    landing = "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"
    html = seeker_client.get(landing, {"q": "nothing-matches"}).content.decode()
    link = re.search(r'<a href="([^"]*)">search every state</a>', html).group(1)
    assert "role=machine-learning-engineer" in link and "georgia" not in link
    html = seeker_client.get(SEARCH, {"q": "nothing-matches"}).content.decode()
    assert "search every state" not in html


def test_salary_sort_puts_jobs_without_a_salary_last(seeker_client):
    make_job(title="No salary", days_ago=0.1)
    make_job(title="Low", salary_min=90_000, salary_max=100_000, salary_unit="year")
    make_job(title="High", salary_min=150_000, salary_max=200_000, salary_unit="year")

    assert titles(seeker_client.get(SEARCH, {"sort": "salary"})) == ["High", "Low", "No salary"]


def test_a_filtered_landing_page_does_not_describe_the_unfiltered_jobs(client, places):
    landing = "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"
    assert "Most are in Atlanta" in client.get(landing).content.decode()

    html = client.get(landing, {"q": "savannah"}).content.decode()
    assert "Most are in" not in html and "We found" not in html
    assert "Showing 1 of 1 job" in html


def test_a_members_search_shows_a_job_imported_a_second_ago_and_counts_it(seeker_client):
    make_job(title="Glider pilot one")
    first = seeker_client.get(SEARCH, {"q": "glider"}).content.decode()
    assert "Showing 1 of 1 job" in first  # the count is now shared for a minute

    make_job(title="Glider pilot two")
    html = seeker_client.get(SEARCH, {"q": "glider"}).content.decode()
    assert "Glider pilot two" in html
    assert "Showing 2 of 2 jobs" in html


def test_a_shared_count_is_never_below_the_rows_of_a_long_list(seeker_client, settings):
    settings.PAGE_SIZE = 2
    make_job(title="Glider pilot one")
    seeker_client.get(SEARCH, {"q": "glider"})
    for n in range(3):
        make_job(title=f"Glider pilot {n}")

    response = seeker_client.get(SEARCH, {"q": "glider"})
    assert response.context["total"] >= 3  # two shown, and a next page
    assert "Showing 2 of 3 jobs" in response.content.decode()


def test_an_unfiltered_page_counts_what_the_home_page_counts_remote_jobs_included(client):
    make_job(title="Atlanta ML")
    make_job(title="Remote ML", state=None, city=None, workplace="remote")
    refresh_listing_counts()

    home = client.get("/").context
    role = client.get("/visa-sponsorship-jobs/machine-learning-engineer/").context
    assert [p.jobs for p in home["roles"] if p.slug == "machine-learning-engineer"] == [2]
    assert role["total"] == 2 and role["total_display"] == "2"
    assert [p.jobs for p in home["states"] if p.slug == "georgia"] == [1]
