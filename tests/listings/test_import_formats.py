import json
from pathlib import Path

import pytest

from listings.ingest.pipeline import run_import
from listings.models import Job, JobSource
from tests.factories import greenhouse_job, import_jobs, make_filing, write_board

DATA = Path(__file__).parent.parent / "data"
pytestmark = pytest.mark.django_db


def test_greenhouse_single_job_response_is_imported_with_its_salary_and_place():
    out = import_jobs(DATA / "greenhouse_job_thetradedesk_5001698007.json", "greenhouse")
    assert "1 created" in out
    job = Job.objects.select_related("city", "state", "role", "employer").get()
    assert (job.source, job.external_id) == ("greenhouse", "5001698007")
    assert job.role.slug == "software-engineer"
    assert (job.city.name, job.state.code) == ("Bellevue", "WA")
    assert (job.salary_min, job.salary_max, job.salary_unit) == (212202, 274700, "year")
    assert job.employer.name == "The Trade Desk"
    # Entity-escaped content arrives as real markup, not as "&lt;p&gt;" text.
    assert job.description_html.startswith("<p>Job Title: Senior Software Engineer</p>")
    assert "&lt;" not in job.description_html


def test_greenhouse_pay_metadata_gives_the_salary(tmp_path):
    job = greenhouse_job(
        metadata=[
            {
                "id": 1,
                "name": "Pay Transparency Range",
                "value": {"unit": "USD", "min_value": "81000.0", "max_value": "118000.0"},
                "value_type": "currency_range",
            }
        ]
    )
    import_jobs(write_board(tmp_path, [job]), "greenhouse")
    assert Job.objects.values_list("salary_min", "salary_max", "salary_unit").get() == (
        81000,
        118000,
        "year",
    )


def test_greenhouse_board_normalises_title_and_classifies(tmp_path):
    import_jobs(write_board(tmp_path, [greenhouse_job()]), "greenhouse")
    job = Job.objects.select_related("role").get()
    assert job.role.slug == "machine-learning-engineer"
    assert job.sponsorship == "stated"
    assert job.sponsorship_evidence == "We sponsor H-1B visas for this role."
    assert list(job.visa_types.values_list("name", flat=True)) == ["H-1B"]
    assert job.verified_sponsor is False


def test_a_board_without_content_imports_the_jobs_it_can_place_and_reports_the_rest():
    out = import_jobs(DATA / "greenhouse_board_robinhood_no_content_trimmed.json", "greenhouse")
    assert "5 created" in out and "20 skipped" in out
    abroad = "a job abroad: location 'Toronto, Canada' is outside the US"
    assert f"skipped record 3 (id 5702135): {abroad}" in out
    assert "is none of the roles we list" in out
    assert set(Job.objects.values_list("sponsorship", flat=True)) == {"silent"}


def test_rerunning_an_import_changes_nothing(tmp_path):
    path = write_board(tmp_path, [greenhouse_job(), greenhouse_job(id=4002, title="Data Eng")])
    import_jobs(path, "greenhouse")
    before = list(Job.objects.order_by("pk").values("pk", "updated_at", "title"))
    out = import_jobs(path, "greenhouse")
    assert "0 created, 0 updated, 2 unchanged" in out
    assert list(Job.objects.order_by("pk").values("pk", "updated_at", "title")) == before


def test_a_changed_posting_is_updated_in_place(tmp_path):
    import_jobs(write_board(tmp_path, [greenhouse_job()]), "greenhouse")
    changed = greenhouse_job(title="Senior Machine Learning Engineer")
    out = import_jobs(write_board(tmp_path, [changed]), "greenhouse")
    assert "1 updated" in out
    assert Job.objects.get().title == "Senior Machine Learning Engineer"


def test_ashby_board_uses_its_employer_and_keeps_the_citizenship_refusal():
    out = import_jobs(DATA / "ashby_board_ramp_trimmed.json", "ashby", employer="Ramp")
    assert "4 created" in out and "1 skipped" in out
    refused = Job.objects.get(external_id="e3b42872-2973-415d-af15-f819d42baacf")
    assert refused.sponsorship == "refused"
    assert "U.S. citizenship is required" in refused.sponsorship_evidence
    # The card-network "Visa" in every Ramp posting is not a sponsorship signal.
    assert Job.objects.exclude(pk=refused.pk).filter(sponsorship="silent").count() == 3


def test_ashby_employer_defaults_to_the_board_name():
    import_jobs(DATA / "ashby_board_lambda_trimmed.json", "ashby")
    assert set(Job.objects.values_list("employer__name", flat=True)) == {"Lambda"}
    assert set(Job.objects.values_list("workplace", flat=True)) == {"remote"}


def test_ashby_compensation_and_unlisted_jobs(tmp_path):
    jobs = [
        {
            "id": "a-1",
            "title": "Backend Engineer",
            "location": "Austin, TX",
            "isListed": True,
            "isRemote": False,
            "publishedAt": "2026-11-01T00:00:00.000+00:00",
            "jobUrl": "https://jobs.ashbyhq.com/acme/a-1",
            "descriptionHtml": "<p>Build APIs.</p>",
            "compensation": {
                "compensationTiers": [
                    {
                        "components": [
                            {
                                "compensationType": "Salary",
                                "interval": "1 YEAR",
                                "currencyCode": "USD",
                                "minValue": 150000,
                                "maxValue": 190000,
                            }
                        ]
                    }
                ]
            },
        },
        {"id": "a-2", "title": "Hidden Engineer", "isListed": False},
    ]
    path = tmp_path / "ashby.json"
    path.write_text(json.dumps({"apiVersion": "1", "jobs": jobs}))
    out = import_jobs(path, "ashby")
    assert "skipped record 2 (id a-2): not listed on the board" in out
    job = Job.objects.get()
    assert (job.salary_min, job.salary_max, job.salary_unit) == (150000, 190000, "year")
    assert job.employer.name == "Acme"


def test_lever_postings_read_lists_and_additional_text(tmp_path):
    postings = [
        {
            "id": "lv-1",
            "text": "Site Reliability Engineer",
            "categories": {"location": "Remote - US", "allLocations": ["Remote - US"]},
            "description": "<p>Keep things up.</p>",
            "descriptionPlain": "Keep things up.",
            "lists": [{"text": "Requirements", "content": "<li>Linux</li>"}],
            "additional": "<p>We are unable to sponsor visas for this role.</p>",
            "additionalPlain": "We are unable to sponsor visas for this role.",
            "hostedUrl": "https://jobs.lever.co/acme/lv-1",
            "workplaceType": "remote",
            "salaryRange": {
                "currency": "USD",
                "interval": "per-hour-salary",
                "min": 70,
                "max": 90,
            },
            "createdAt": 1763900000000,
        }
    ]
    path = tmp_path / "lever.json"
    path.write_text(json.dumps(postings))
    import_jobs(path, "lever", employer="Acme")
    job = Job.objects.get()
    assert (job.state_id, job.city_id, job.workplace) == (None, None, "remote")
    assert (job.salary_min, job.salary_max, job.salary_unit) == (70, 90, "hour")
    assert job.sponsorship == "refused"
    assert "<li>Linux</li>" in job.description_html


def test_jsonld_on_a_career_page(tmp_path):
    # One piece: the career page's HTML is spelled out here, beside what it must import as.
    posting = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": "Data Scientist",
        "description": "&lt;p&gt;Model risk.&lt;/p&gt;",
        "datePosted": "2026-5-15",
        "validThrough": "2027-01-31",
        "hiringOrganization": {"@type": "Organization", "name": "Globex"},
        "jobLocation": [
            {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": "Chicago",
                    "addressRegion": "IL",
                    "addressCountry": "US",
                },
            }
        ],
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "USD",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": 120000,
                "maxValue": 150000,
                "unitText": "YEAR",
            },
        },  # fmt: skip
        "identifier": {"@type": "PropertyValue", "name": "Globex", "value": "G-77"},
        "url": "https://careers.globex.example/jobs/77",
    }
    page = (
        '<html><head><script type="application/ld+json">//<![CDATA[\n'
        + json.dumps({"@graph": [posting]})
        + "\n//]]></script></head><body>Careers</body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page)
    import_jobs(path, "jsonld")
    job = Job.objects.select_related("city").get()
    assert (job.external_id, job.city.name, str(job.valid_through)) == (
        "G-77",
        "Chicago",
        "2027-01-31",
    )
    assert job.posted_at.date().isoformat() == "2026-05-15"
    assert job.salary_max == 150000


def test_linkedin_export_csv_imports_and_merges_reposts():
    out = import_jobs(DATA / "linkedin_postings_2023_2024_sample_165rows.csv", "csv")
    assert "skipped line" in out
    jobs = Job.objects.count()
    sources = JobSource.objects.count()
    assert jobs > 40
    # Reposts of one posting under new ids are one job with several sources.
    assert sources > jobs
    rerun = import_jobs(DATA / "linkedin_postings_2023_2024_sample_165rows.csv", "csv")
    assert f"0 created, 0 updated, {sources} unchanged, 0 merged" in rerun


def test_salary_text_in_a_description_is_parsed(tmp_path):
    job = greenhouse_job(
        content="&lt;p&gt;Pay: $124,900 - $187,300 per year, plus equity.&lt;/p&gt;"
    )
    import_jobs(write_board(tmp_path, [job]), "greenhouse")
    assert Job.objects.values_list("salary_min", "salary_max", "salary_unit").get() == (
        124900,
        187300,
        "year",
    )


def test_the_progress_bar_reading_path_imports_the_same(tmp_path):
    board = run_import(str(write_board(tmp_path, [greenhouse_job()])), "greenhouse", progress=True)
    rows = run_import(
        str(DATA / "linkedin_postings_2023_2024_sample_165rows.csv"), "csv", progress=True
    )
    assert board.created == 1 and rows.created > 40


def test_a_silent_job_from_a_verified_sponsor_is_listed_as_soon_as_it_is_imported(tmp_path):
    make_filing("ACME ROBOTICS INC", soc_code="15-2051")
    silent = greenhouse_job(content="&lt;p&gt;Train models for our robots.&lt;/p&gt;")

    import_jobs(write_board(tmp_path, [silent]), "greenhouse")

    job = Job.objects.get()
    assert job.sponsorship == "silent"
    assert job.verified_sponsor is True
    assert Job.objects.listed().filter(pk=job.pk).exists()
