import json
import re

import pytest

from tests.factories import make_job

pytestmark = pytest.mark.django_db


def jsonld_blocks(html: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)


def job_posting(html: str) -> dict:
    (found,) = [b for b in map(json.loads, jsonld_blocks(html)) if b["@type"] == "JobPosting"]
    return found


def test_job_page_shows_the_job_and_its_evidence(client):
    job = make_job(
        title="Senior ML Engineer",
        salary_min=150_000,
        salary_max=190_000,
        salary_unit="year",
        sponsorship_evidence="We will sponsor H-1B transfers.",
        description_html="<p>We will sponsor H-1B transfers.</p>",
    )

    response = client.get(job.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Senior ML Engineer</h1>" in html
    assert "$150,000 – $190,000 per year" in html
    assert "<q>We will sponsor H-1B transfers.</q>" in html
    assert f'href="{job.apply_url}"' in html


def test_job_page_carries_jobposting_jsonld(client):
    job = make_job(salary_min=100_000, salary_max=120_000, salary_unit="year")

    data = job_posting(client.get(job.get_absolute_url()).content.decode())

    assert data["@type"] == "JobPosting"
    assert data["title"] == job.title
    assert data["hiringOrganization"]["name"] == job.employer.name
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressRegion": "GA",
        "addressCountry": "US",
        "addressLocality": "Atlanta",
    }
    assert data["baseSalary"]["value"]["maxValue"] == 120_000


def test_description_cannot_break_out_of_the_jsonld_script(client):
    hostile = '</script><script>alert("owned")</script><!--'
    job = make_job(title=f"Engineer {hostile}", description_html=f"<p>{hostile}</p>")

    html = client.get(job.get_absolute_url()).content.decode()

    blocks = jsonld_blocks(html)
    assert len(blocks) == 2  # the JobPosting and the BreadcrumbList, each whole
    data = job_posting(html)
    assert data["title"] == f"Engineer {hostile}"
    assert [json.loads(b)["@type"] for b in blocks] == ["BreadcrumbList", "JobPosting"]
    assert '<script>alert("owned")' not in html


def test_description_html_is_sanitised_when_shown(client):
    job = make_job(
        description_html='<p onclick="steal()">Hi <a href="javascript:alert(1)">x</a></p>'
        '<iframe src="https://evil.example"></iframe><script>bad()</script>'
    )

    html = client.get(job.get_absolute_url()).content.decode()

    assert "onclick" not in html
    assert "javascript:" not in html
    assert "<iframe" not in html
    assert "bad()" not in html
    assert "<p>Hi <a" in html


def test_wrong_slug_redirects_to_the_canonical_url(client):
    job = make_job()

    response = client.get(f"/jobs/{job.pk}/some-old-title/")

    assert response.status_code == 301
    assert response["Location"] == job.get_absolute_url()


def test_link_without_a_slug_redirects_to_the_canonical_url(client):
    job = make_job()

    response = client.get(f"/jobs/{job.pk}/")

    assert response.status_code == 301
    assert response["Location"] == job.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("path", ["/jobs/{}/", "/jobs/{}/any-slug/"])
def test_unknown_job_id_is_not_found_with_or_without_a_slug(client, path):
    job = make_job()

    assert client.get(path.format(job.pk + 1000)).status_code == 404


@pytest.mark.parametrize("path", ["/jobs/abc/", "/jobs/-1/", "/jobs/1e5/x/", "/jobs/%00/"])
def test_a_non_numeric_job_id_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_expired_job_keeps_its_page_with_a_banner_and_no_apply_button(client):
    job = make_job(valid_through="2024-01-31")

    response = client.get(job.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "This job has expired" in html
    assert job.apply_url not in html
    assert job_posting(html)["validThrough"] == "2024-01-31"


def test_job_page_runs_few_queries(client, django_assert_max_num_queries):
    job = make_job()

    with django_assert_max_num_queries(3):
        client.get(job.get_absolute_url())
