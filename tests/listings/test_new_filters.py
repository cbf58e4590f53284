"""The filters candidates ask for: experience level, minimum salary, minimum prevailing-wage
level and an employer that uses E-Verify; read at import where they come from the posting."""

import pytest
from django.core.cache import cache

from listings.ingest.experience import experience_level, years_required
from listings.models import AcwiaWage, Job, PrevailingWage, WageArea, WageCounty
from listings.sponsors.flag import refresh_city_areas
from listings.sponsors.wages import job_wages
from tests.factories import (
    greenhouse_job,
    import_jobs,
    make_employer,
    make_job,
    make_wages,
    write_board,
)

pytestmark = pytest.mark.django_db
SEARCH = "/visa-sponsorship-jobs/"


def titles(response) -> list[str]:
    return sorted(job.title for job in response.context["jobs"])


@pytest.mark.parametrize(
    "title, text, level",
    [
        ("Senior Data Scientist", "", "senior"),
        ("Staff Machine Learning Engineer", "1+ years of experience", "senior"),
        ("New Grad Software Engineer", "5 years of experience preferred", "entry"),
        ("Software Engineer I", "", "entry"),
        ("Data Analyst", "Two years of relevant experience.", "entry"),
        ("Data Analyst", "0-2 years of experience", "entry"),
        ("Machine Learning Engineer", "You have 3+ years of experience with Python.", "mid"),
        ("Software Engineer", "Requires 5-7 years' professional experience", "mid"),
        ("Software Engineer", "10+ years of industry experience", "senior"),
        ("Software Engineer II", "", "mid"),
        ("Software Engineer", "401(k) matching; founded 12 years ago", ""),
    ],
)
def test_experience_level_comes_from_the_title_then_the_years_asked(title, text, level):
    assert experience_level(title, text) == level


def test_years_required_takes_the_fewest_years_named():
    assert years_required("3+ years of experience in Python, 5 years of work in SQL") == 3
    assert years_required("no number here") is None


def test_an_import_records_the_experience_level(tmp_path):
    board = [
        greenhouse_job(id=1, title="Senior Machine Learning Engineer"),
        greenhouse_job(id=2, title="Machine Learning Engineer",
                       content="<p>We sponsor H-1B visas. 2 years of experience with PyTorch.</p>"),
    ]  # fmt: skip
    import_jobs(write_board(tmp_path, board), "greenhouse")

    levels = dict(Job.objects.values_list("title", "experience"))
    assert levels == {
        "Senior Machine Learning Engineer": "senior",
        "Machine Learning Engineer": "entry",
    }


@pytest.fixture
def board():
    make_wages()  # Atlanta: Level I $83,200, II $104,000, III $124,800, IV $145,600 a year
    year = {"salary_unit": "year"}
    make_job(title="Entry", experience="entry", salary_min=85_000, salary_max=95_000, **year)
    make_job(title="Mid", experience="mid", salary_min=110_000, salary_max=130_000, **year)
    make_job(title="Senior", experience="senior", salary_min=150_000, salary_max=190_000, **year)
    make_job(title="Unsalaried", experience="entry")
    make_job(title="Savannah", city="Savannah", salary_min=150_000, salary_max=160_000, **year)
    everify = make_employer("Verified Everify Co")
    everify.e_verify = True
    everify.save()
    make_job(title="Employer uses E-Verify", employer=everify)
    make_job(title="Posting says E-Verify", e_verify=True)
    cache.clear()


def test_experience_filter(seeker_client, board):
    response = seeker_client.get(SEARCH, {"experience": "entry"})
    assert titles(response) == ["Entry", "Unsalaried"]
    assert "Entry level" in response.content.decode()  # the card says it


def test_minimum_salary_filter_leaves_out_jobs_without_a_salary(seeker_client, board):
    response = seeker_client.get(SEARCH, {"min_salary": "120000"})
    assert titles(response) == ["Mid", "Savannah", "Senior"]


def test_minimum_wage_level_filter_reads_the_wage_block(seeker_client, board):
    assert titles(seeker_client.get(SEARCH, {"wage_level": "2"})) == ["Mid", "Senior"]
    assert titles(seeker_client.get(SEARCH, {"wage_level": "4"})) == ["Senior"]
    assert titles(seeker_client.get(SEARCH, {"wage_level": "1"})) == ["Entry", "Mid", "Senior"]


def test_wage_level_in_sql_is_the_level_the_job_page_shows(board):
    for job in Job.objects.select_related("role", "employer"):
        block = job_wages(job)
        shown = block.level if block and block.salary is not None else None
        assert job.wage_level == shown, job.title


def test_a_jobs_wage_level_follows_its_salary_its_employer_and_the_wage_tables():
    job = make_job(salary_min=100_000, salary_max=110_000, salary_unit="year")
    assert Job.objects.get(pk=job.pk).wage_level is None  # no wages for Atlanta yet

    area = WageArea.objects.create(code="A12060", name="Atlanta area")
    WageCounty.objects.create(state="GA", county="Atlanta", county_key="ATLANTA", area=area)
    PrevailingWage.objects.create(area=area, soc_code="15-2051", level1=40, level2=50,
                                  level3=60, level4=70)  # fmt: skip
    refresh_city_areas()  # what every wage import runs after loading its rows
    assert Job.objects.get(pk=job.pk).wage_level == 1  # $100,000 reaches Level I ($83,200)

    job.salary_min, job.salary_max = 150_000, 160_000
    job.save()
    assert Job.objects.get(pk=job.pk).wage_level == 4

    AcwiaWage.objects.create(area=area, soc_code="15-2051", level1=60, level2=70, level3=80,
                             level4=90)  # fmt: skip
    job.employer.cap_exempt, job.employer.cap_exempt_reason = True, "university"
    job.employer.save()  # a cap-exempt employer is measured against the ACWIA wages
    assert Job.objects.get(pk=job.pk).wage_level == 2
    assert job_wages(Job.objects.get(pk=job.pk)).level == 2


def test_e_verify_filter_takes_the_posting_or_the_employer(seeker_client, board):
    response = seeker_client.get(SEARCH, {"e_verify": "on"})
    assert titles(response) == ["Employer uses E-Verify", "Posting says E-Verify"]


def test_new_filters_are_for_members(client, board):
    response = client.get(SEARCH, {"experience": "senior", "e_verify": "on"})
    assert len(response.context["jobs"]) == 5
    assert "for members and were not applied" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"experience": "guru"},
        {"min_salary": "-1"},
        {"min_salary": "99999999999999999999999"},
        {"wage_level": "5"},
        {"wage_level": "IV"},
        {"experience": "x" * 5000},
    ],
)
def test_bad_filter_values_are_a_message_not_an_error(seeker_client, board, params):
    response = seeker_client.get(SEARCH, params)
    assert response.status_code == 200
    assert len(response.context["jobs"]) == 7
    assert "Some filters were not valid and were ignored" in response.content.decode()
    assert seeker_client.get(SEARCH, {"e_verify": "\x00" * 3}).status_code == 200


def test_filtered_pages_stay_within_the_query_budget(
    seeker_client, board, django_assert_max_num_queries
):
    params = {"experience": "mid", "min_salary": "100000", "wage_level": "2", "e_verify": ""}
    for url in (SEARCH, "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"):
        cache.clear()
        with django_assert_max_num_queries(8):
            response = seeker_client.get(url, params)
        assert titles(response) == ["Mid"]
