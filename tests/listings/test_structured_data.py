"""JSON-LD Google can use: every block on a page parses; job pages carry a JobPosting with
Google's required and recommended fields; pages with a breadcrumb give the same trail as a
BreadcrumbList; the FAQ page is an FAQPage."""

import json
import re
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from listings.ingest.normalize import employment_type
from listings.models import Employer, Job
from listings.taxonomy.counts import refresh_listing_counts
from tests.factories import make_job

DATA = Path(__file__).parent.parent / "data"
pytestmark = pytest.mark.django_db
EMPLOYMENT_TYPES = {"FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER",
                    "PER_DIEM", "OTHER"}  # fmt: skip


def blocks(html: str) -> dict[str, list[dict]]:
    """Every JSON-LD block by @type; each must parse as JSON on its own."""
    found: dict[str, list[dict]] = {}
    for text in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(text)
        assert data["@context"].rstrip("/") == "https://schema.org"
        found.setdefault(data["@type"], []).append(data)
    return found


def job_posting(client, job) -> dict:
    (posting,) = blocks(client.get(job.get_absolute_url()).content.decode())["JobPosting"]
    return posting


def test_job_posting_has_googles_required_and_recommended_fields(client):
    job = make_job(
        salary_min=120_000, salary_max=150_000, salary_unit="year", valid_through=date(2099, 1, 31),
        employment_type=Job.EmploymentType.FULL_TIME,
    )  # fmt: skip

    posting = job_posting(client, job)

    # Required.
    assert posting["title"] == job.title
    assert "Build models" in posting["description"]
    assert date.fromisoformat(posting["datePosted"]) == job.posted_at.date()
    assert posting["hiringOrganization"] == {"@type": "Organization", "name": job.employer.name}
    address = posting["jobLocation"]["address"]
    assert (address["addressLocality"], address["addressRegion"]) == ("Atlanta", "GA")
    assert address["addressCountry"] == "US"
    # Recommended.
    assert posting["validThrough"] == "2099-01-31"
    assert posting["employmentType"] == "FULL_TIME"
    assert posting["baseSalary"]["currency"] == "USD"
    assert posting["baseSalary"]["value"] == {
        "@type": "QuantitativeValue", "unitText": "YEAR", "minValue": 120_000,
        "maxValue": 150_000,
    }  # fmt: skip
    assert posting["identifier"]["value"] == job.external_id
    assert posting["directApply"] is False


def test_a_remote_job_names_where_applicants_may_live(client):
    job = make_job(state=None, city=None, workplace="remote")

    posting = job_posting(client, job)

    assert "jobLocation" not in posting
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"] == {"@type": "Country", "name": "USA"}


def test_employment_type_is_left_out_when_nothing_says(client):
    assert "employmentType" not in job_posting(client, make_job())


@pytest.mark.parametrize(
    ("stated", "title", "text", "expected"),
    [
        ("FullTime", "Engineer", "", "FULL_TIME"),
        ("Full-time", "Engineer", "", "FULL_TIME"),
        ("Part Time", "Engineer", "", "PART_TIME"),
        ("Intern", "Engineer", "", "INTERN"),
        ("", "Software Engineer Intern", "", "INTERN"),
        ("", "Contract Data Analyst", "", "CONTRACTOR"),
        ("", "Engineer", "This is a part-time position based in Austin.", "PART_TIME"),
        ("", "Engineer", "This is a contract role for twelve months.", "CONTRACTOR"),
        ("", "Engineer", "Full-time employees get dental cover.", ""),
        ("", "Engineer", "", ""),
        ("Whenever", "Engineer", "", ""),
    ],
)
def test_employment_type_comes_from_the_feed_or_what_the_text_says(stated, title, text, expected):
    assert employment_type(stated, title, text) == expected


def test_an_imported_ashby_job_keeps_its_employment_type(client):
    call_command("import_jobs", str(DATA / "ashby_board_lambda_trimmed.json"), format="ashby",
                 stdout=StringIO())  # fmt: skip

    job = Job.objects.first()
    assert set(Job.objects.values_list("employment_type", flat=True)) == {"FULL_TIME"}
    assert job_posting(client, job)["employmentType"] == "FULL_TIME"


def visible_trail(html: str) -> list[str]:
    nav = html.split('class="breadcrumb"')[1].split("</nav>")[0]
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


def test_pages_with_a_breadcrumb_give_it_to_search_engines_too(client):
    employer = Employer.objects.create(name="Peachtree Analytics", slug="peachtree-analytics")
    job = make_job(employer=employer)
    refresh_listing_counts()
    base = "/visa-sponsorship-jobs/machine-learning-engineer/"
    pages = {
        base: ["All jobs", "Machine Learning Engineer"],
        base + "georgia/": ["All jobs", "Machine Learning Engineer", "Georgia"],
        base + "georgia/atlanta/": ["All jobs", "Machine Learning Engineer", "Georgia", "Atlanta"],
        job.get_absolute_url(): [
            "All jobs", "Machine Learning Engineer", "Georgia", "Atlanta", job.title,
        ],
        employer.get_absolute_url(): ["All jobs", "Peachtree Analytics"],
    }  # fmt: skip
    for path, names in pages.items():
        html = client.get(path).content.decode()
        (trail,) = blocks(html)["BreadcrumbList"]
        items = trail["itemListElement"]

        assert [item["name"] for item in items] == names == visible_trail(html), path
        assert [item["position"] for item in items] == list(range(1, len(names) + 1))
        assert items[-1]["item"] == f"http://testserver{path}"
        for item in items:
            assert client.get(item["item"]).status_code == 200, item


def test_the_faq_page_is_an_faqpage_with_the_answers_it_shows(client):
    html = client.get("/faq/").content.decode()

    (faq,) = blocks(html)["FAQPage"]
    page_text = " ".join(re.sub(r"<[^>]+>", " ", html.split("</head>")[1]).split())
    questions = re.findall(r"<h2 [^>]*>([^<]+)</h2>", html)
    assert [q["name"] for q in faq["mainEntity"]] == questions
    assert len(questions) >= 4
    for question in faq["mainEntity"]:
        answer = question["acceptedAnswer"]["text"]
        assert len(answer) > 100
        assert answer.split(": ")[-1][:80] in page_text


def test_listing_pages_carry_no_job_postings(client):
    make_job()
    refresh_listing_counts()

    for path in (
        "/",
        "/visa-sponsorship-jobs/",
        "/visa-sponsorship-jobs/machine-learning-engineer/georgia/",
    ):
        assert "JobPosting" not in blocks(client.get(path).content.decode())
