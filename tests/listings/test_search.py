import pytest

from listings.models import Job
from tests.factories import make_job

SEARCH = "/visa-sponsorship-jobs/"
pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [job.title for job in response.context["jobs"]]


def test_keyword_search_uses_full_text(seeker_client):
    make_job(title="Computer Vision Engineer", description_html="<p>Cameras and robots.</p>")
    make_job(title="Recommendation Engineer", description_html="<p>Ranking systems.</p>")

    assert titles(seeker_client.get(SEARCH, {"q": "robots"})) == ["Computer Vision Engineer"]
    assert titles(seeker_client.get(SEARCH, {"q": "ranking -cameras"})) == [
        "Recommendation Engineer"
    ]


def test_filters_by_role_state_city_visa_and_workplace(seeker_client):
    make_job(title="Atlanta H-1B", visas=("h-1b",))
    make_job(title="Savannah TN", city="Savannah", visas=("tn",), workplace="remote")
    make_job(
        title="Austin Data", role="data-scientist", state="texas", city="Austin", visas=("e-3",)
    )

    assert titles(seeker_client.get(SEARCH, {"state": "texas"})) == ["Austin Data"]
    assert titles(seeker_client.get(SEARCH, {"role": "data-scientist"})) == ["Austin Data"]
    assert titles(seeker_client.get(SEARCH, {"city": "savannah"})) == ["Savannah TN"]
    assert titles(seeker_client.get(SEARCH, {"visa": "tn"})) == ["Savannah TN"]
    assert sorted(titles(seeker_client.get(SEARCH, {"visa": ["tn", "h-1b"]}))) == [
        "Atlanta H-1B",
        "Savannah TN",
    ]
    assert titles(seeker_client.get(SEARCH, {"remote": "remote"})) == ["Savannah TN"]


def test_posted_filter_and_sort_orders(seeker_client):
    make_job(title="Fresh", days_ago=0.5, salary_min=90_000, salary_max=100_000, salary_unit="year")
    make_job(title="Hourly", days_ago=5, salary_min=80, salary_max=95, salary_unit="hour")
    make_job(title="Old", days_ago=20, salary_min=150_000, salary_max=180_000, salary_unit="year")

    assert titles(seeker_client.get(SEARCH)) == ["Fresh", "Hourly", "Old"]
    assert titles(seeker_client.get(SEARCH, {"posted": "1"})) == ["Fresh"]
    assert titles(seeker_client.get(SEARCH, {"posted": "7"})) == ["Fresh", "Hourly"]
    # $95/hour is $197,600 a year: it outranks $180,000 once salaries are annualised.
    assert titles(seeker_client.get(SEARCH, {"sort": "salary"})) == ["Hourly", "Old", "Fresh"]


def test_counts_are_capped_for_display(seeker_client, settings):
    settings.COUNT_CAP = 3
    for _ in range(5):
        make_job()

    response = seeker_client.get(SEARCH)

    assert "Showing 5 of 3+ jobs" in response.content.decode()


JUNK = [
    {"posted": "abc"},
    {"posted": "-1"},
    {"posted": "99999999999999999999"},
    {"sort": "'; DROP TABLE listings_job; --"},
    {"state": "narnia"},
    {"role": "astronaut"},
    {"visa": "h-9z"},
    {"remote": "sometimes"},
    {"city": "../../etc/passwd"},
    {"q": "x" * 10_000},
    {"city": "a" * 10_000},
    {"q": "nul\x00byte"},
    {"city": "at\x00lanta"},
    {"q": "\"unbalanced 'quotes & | ! ( :*"},
    {"q": "<script>alert(1)</script>"},
    {"q": ["one", "two", "three"], "state": ["georgia", "texas"], "sort": ["salary", "newest"]},
]


@pytest.mark.parametrize("params", JUNK)
@pytest.mark.parametrize("path", [SEARCH, SEARCH + "machine-learning-engineer/georgia/"])
def test_junk_query_parameters_never_cause_a_500(seeker_client, params, path):
    make_job()

    response = seeker_client.get(path, params)

    assert response.status_code in (200, 400)
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["q=%ff%fe%fd", "state=%c3%28", "city=%e2%82", "q=%00", "visa=%ZZ", "q=%", "%ff=1"],
)
def test_invalid_percent_escapes_never_cause_a_500(seeker_client, query):
    make_job()

    response = seeker_client.get(f"{SEARCH}?{query}")

    assert response.status_code in (200, 400)


def test_invalid_filter_is_reported_and_ignored(seeker_client):
    make_job(title="Still here")

    response = seeker_client.get(SEARCH, {"posted": "abc", "state": "georgia"})

    assert response.status_code == 200
    assert "Some filters were not valid and were ignored" in response.content.decode()
    assert titles(response) == ["Still here"]


def test_refused_jobs_never_appear_in_search(seeker_client):
    make_job(title="No sponsor", sponsorship=Job.Sponsorship.REFUSED, sponsorship_evidence="No.")

    assert titles(seeker_client.get(SEARCH)) == []


def test_keyword_results_keep_the_chosen_order(seeker_client):
    for title, days, salary in (("Old", 9, 190_000), ("New", 1, 120_000), ("Mid", 5, 150_000)):
        make_job(
            title=f"{title} robotics engineer",
            days_ago=days,
            salary_min=salary,
            salary_max=salary,
            salary_unit="year",
        )

    newest = titles(seeker_client.get(SEARCH, {"q": "robotics"}))
    richest = titles(seeker_client.get(SEARCH, {"q": "robotics", "sort": "salary"}))

    assert newest == ["New robotics engineer", "Mid robotics engineer", "Old robotics engineer"]
    assert richest == ["Old robotics engineer", "Mid robotics engineer", "New robotics engineer"]
