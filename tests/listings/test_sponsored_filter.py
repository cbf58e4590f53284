"""Cards and filters say what they mean: a card names each kind of evidence the public
records hold for its employer (this role here, H-1B approvals, PERM certifications) with its
count and fiscal year, and "Employer has sponsored" filters by the kind, on flags the sponsor
refresh keeps on the job, within the listing pages' query budget."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from listings.models import Employer, EmployerAlias, Job
from listings.sponsors.verified import current_fiscal_year, refresh_verified_sponsors
from tests.factories import (
    greenhouse_job,
    import_jobs,
    make_employer,
    make_filing,
    make_hub_row,
    make_job,
    make_perm,
    write_board,
)

pytestmark = pytest.mark.django_db
SEARCH = "/visa-sponsorship-jobs/"
LANDING = "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"
LAST = current_fiscal_year() - 1  # the latest complete fiscal year


def titles(response) -> list[str]:
    return sorted(job.title for job in response.context["jobs"])


def card(html: str, job: Job) -> str:
    """One job's card on a listing page."""
    return html.split(f'id="job-{job.pk}"')[1].split("</article>")[0]


@pytest.fixture
def board() -> dict[str, Job]:
    """Employers whose records hold each kind of evidence, one job or two each."""
    peach = make_employer("Peachtree Analytics")
    make_filing("PEACHTREE ANALYTICS INC")  # data scientists (15-2051) in Georgia
    make_hub_row("PEACHTREE ANALYTICS INC")  # 25 approvals last year
    make_hub_row("PEACHTREE ANALYTICS INC", state="CA", initial_approvals=8, continuing_approvals=2)
    EmployerAlias.objects.create(
        name="Peach Tree Data Holdings", normalized_name="peach tree data holdings", employer=peach
    )
    make_hub_row("Peach Tree Data Holdings", initial_approvals=5, continuing_approvals=0)
    make_hub_row("PEACHTREE ANALYTICS INC", fiscal_year=current_fiscal_year())  # partial year
    make_hub_row("PEACHTREE ANALYTICS INC", fiscal_year=LAST - 1, initial_approvals=90)
    for _ in range(3):
        make_perm("PEACHTREE ANALYTICS INC")
    make_perm("PEACHTREE ANALYTICS INC", status="Denied")
    make_perm("PEACHTREE ANALYTICS INC", status="Certified - Expired", soc_code="15-1252")

    harbor = make_employer("Harborlight Systems")
    make_hub_row("HARBORLIGHT SYSTEMS LLC", initial_approvals=1, continuing_approvals=0)

    quill = make_employer("Quillmoss Labs")
    make_perm("QUILLMOSS LABS", fiscal_year=LAST - 1)
    make_perm("QUILLMOSS LABS", fiscal_year=LAST - 1)

    lantern = make_employer("Lanternfish Data")  # records that do not count
    make_hub_row("LANTERNFISH DATA", initial_approvals=0, continuing_approvals=0, initial_denials=4)
    make_hub_row("LANTERNFISH DATA", fiscal_year=LAST - 3)  # before the window
    make_perm("LANTERNFISH DATA", fiscal_year=current_fiscal_year())  # the partial year
    make_perm("LANTERNFISH DATA", status="Withdrawn")

    jobs = {
        "all three": make_job("All three", employer=peach, days_ago=0.5),  # visitors see it
        "silent here": make_job(
            "Silent here", employer=peach, sponsorship="silent", sponsorship_evidence=""
        ),
        "peach in texas": make_job("Peach in Texas", employer=peach, state="texas", city="Austin"),
        "h-1b only": make_job("H-1B only", employer=harbor),
        "green card only": make_job("Green card only", employer=quill),
        "no record": make_job("No record", employer=lantern),
    }
    refresh_verified_sponsors()
    cache.clear()
    return jobs


def test_the_refresh_keeps_each_employers_latest_complete_year(board):
    records = {
        e.name: (e.h1b_approvals, e.h1b_approvals_year, e.perm_certified, e.perm_certified_year)
        for e in Employer.objects.all()
    }
    assert records == {
        # 25 + 10 in another state + 5 under an alias; last year's, not the partial year's.
        "Peachtree Analytics": (40, LAST, 4, LAST),  # "Certified - Expired" was certified
        "Harborlight Systems": (1, LAST, None, None),
        "Quillmoss Labs": (None, None, 2, LAST - 1),
        "Lanternfish Data": (None, None, None, None),
    }
    flags = {
        job.title: (job.verified_sponsor, job.sponsors_h1b, job.sponsors_green_card)
        for job in Job.objects.all()
    }
    assert flags == {
        "All three": (True, True, True),
        "Silent here": (True, True, True),
        "Peach in Texas": (False, True, True),
        "H-1B only": (False, True, False),
        "Green card only": (False, False, True),
        "No record": (False, False, False),
    }
    assert refresh_verified_sponsors() == 0  # nothing left to change


def test_a_record_gone_from_the_files_takes_its_flag_and_badge_away(board, seeker_client):
    Employer.objects.filter(name="Harborlight Systems").update(normalized_name="renamed llc")

    assert refresh_verified_sponsors() == 1
    job = Job.objects.get(title="H-1B only")
    assert not job.sponsors_h1b and Employer.objects.get(pk=job.employer_id).h1b_approvals is None
    html = seeker_client.get(SEARCH).content.decode()
    assert "Sponsors H-1B" not in card(html, job)


def test_cards_name_each_kind_of_evidence_with_its_count_and_year(board, seeker_client, client):
    for who in (seeker_client, client):
        html = who.get(SEARCH).content.decode()
        every = card(html, board["all three"])
        assert re.search(
            rf"Sponsored this role here:</strong> 1 certified LCA \(H-1B, H-1B1 or E-3\) for this "
            rf"occupation in Georgia in FY{current_fiscal_year()} so far",
            every,
        )
        assert f"Sponsors H-1B</strong> (40 approvals in FY{LAST})" in every
        assert f"Sponsors green cards</strong> (4 PERM certifications in FY{LAST})" in every

    html = seeker_client.get(SEARCH).content.decode()
    silent = card(html, board["silent here"])
    assert "Sponsorship not mentioned</strong> in the posting, but public records show" in silent
    assert "Sponsored this role here:" in silent
    texas = card(html, board["peach in texas"])
    assert "Sponsored this role here" not in texas and "Sponsors H-1B" in texas
    one = card(html, board["h-1b only"])
    assert f"(1 approval in FY{LAST})" in one and "green cards" not in one
    green = card(html, board["green card only"])
    assert f"(2 PERM certifications in FY{LAST - 1})" in green and "Sponsors H-1B" not in green
    assert 'class="record"' not in card(html, board["no record"])
    assert "Verified sponsor" not in html


def test_a_complete_years_lcas_are_not_so_far(seeker_client):
    make_filing("BLUE RIDGE ROBOTICS LLC", fiscal_year=LAST)
    make_filing("BLUE RIDGE ROBOTICS LLC", fiscal_year=LAST)
    job = make_job("Robotics ML", employer="Blue Ridge Robotics")
    refresh_verified_sponsors()

    html = card(seeker_client.get(SEARCH).content.decode(), job)
    assert (
        f"2 certified LCAs (H-1B, H-1B1 or E-3) for this occupation in Georgia in FY{LAST}</li>"
        in (html)
    )


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("here", ["All three", "Silent here"]),
        ("h1b", ["All three", "H-1B only", "Peach in Texas", "Silent here"]),
        ("green-card", ["All three", "Green card only", "Peach in Texas", "Silent here"]),
        ("", ["All three", "Green card only", "H-1B only", "No record", "Peach in Texas",
              "Silent here"]),
    ],
)  # fmt: skip
def test_employer_has_sponsored_lists_the_jobs_with_that_evidence(
    board, seeker_client, kind, expected
):
    response = seeker_client.get(SEARCH, {"sponsored": kind})

    assert titles(response) == expected
    html = response.content.decode()
    assert "Some filters were not valid" not in html
    if kind:
        assert f'<option value="{kind}" selected>' in html
        offer = html.split('action="/alerts/new/"')[1].split("</form>")[0]
        assert f'name="sponsored" value="{kind}"' in offer


def test_the_old_verified_checkbox_still_means_this_role_here(board, seeker_client):
    for value in ("on", "true", "1"):
        response = seeker_client.get(SEARCH, {"verified": value})
        assert titles(response) == ["All three", "Silent here"]
        html = response.content.decode()
        assert '<option value="here" selected>' in html
        offer = html.split('action="/alerts/new/"')[1].split("</form>")[0]
        assert 'name="sponsored" value="here"' in offer and 'name="verified"' not in offer
    # Unticked, it asks for nothing; beside the new field, the new field wins.
    assert len(seeker_client.get(SEARCH, {"verified": "false"}).context["jobs"]) == 6
    both = seeker_client.get(SEARCH, {"verified": "on", "sponsored": "green-card"})
    assert "Green card only" in titles(both)
    landing = seeker_client.get(LANDING, {"verified": "on"})
    assert titles(landing) == ["All three", "Silent here"]


@pytest.mark.parametrize(
    "value", ["bogus", "HERE", "x" * 5000, "here\x00", "<script>alert(1)</script>", "h1b'--"]
)
def test_a_hostile_choice_is_ignored_with_a_message(board, seeker_client, value):
    response = seeker_client.get(SEARCH, {"sponsored": value})

    assert response.status_code == 200
    assert len(response.context["jobs"]) == 6
    html = response.content.decode()
    assert "Some filters were not valid and were ignored" in html
    assert "<script>alert(1)</script>" not in html


def test_an_alert_refuses_a_hostile_choice_with_its_reason(board, seeker_client):
    response = seeker_client.get("/alerts/new/", {"sponsored": "bogus"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    response = seeker_client.get("/alerts/new/", {"sponsored": "green-card"})
    assert response.status_code == 200
    assert '<option value="green-card" selected>' in response.content.decode()


def test_visitors_are_told_the_filter_is_for_members(board, client):
    response = client.get(SEARCH, {"sponsored": "green-card"})

    assert len(response.context["jobs"]) == 5  # the visitors' window, unfiltered
    assert "The employer has sponsored filter is for members" in response.content.decode()


@pytest.mark.parametrize("kind", ["here", "h1b", "green-card"])
def test_filtered_search_and_landing_stay_within_eight_queries(
    seeker_client, kind, django_assert_max_num_queries
):
    employer = make_employer("Peachtree Analytics")
    Employer.objects.filter(pk=employer.pk).update(
        h1b_approvals=40, h1b_approvals_year=LAST, perm_certified=4, perm_certified_year=LAST
    )
    flags = {"verified_sponsor": True, "sponsors_h1b": True, "sponsors_green_card": True}
    for n in range(30):
        make_job(f"ML Engineer {n}", employer=employer, days_ago=n + 1, **flags)

    for url in (SEARCH, LANDING):
        cache.clear()
        with django_assert_max_num_queries(8):
            response = seeker_client.get(url, {"sponsored": kind})
        assert len(response.context["jobs"]) == 25, url
        assert response.content.decode().count(f"(40 approvals in FY{LAST})") == 25


def test_cards_cost_no_query_each(seeker_client):
    """A page of one card and a page of 25 read the same number of statements."""
    employer = make_employer("Peachtree Analytics")
    Employer.objects.filter(pk=employer.pk).update(
        h1b_approvals=40, h1b_approvals_year=LAST, perm_certified=4, perm_certified_year=LAST
    )
    flags = {"verified_sponsor": True, "sponsors_h1b": True, "sponsors_green_card": True}
    make_job("Only one", role="data-scientist", employer=employer, **flags)
    for n in range(30):
        make_job(f"ML Engineer {n}", employer=employer, days_ago=n + 1, **flags)
    counts = []
    for params in ({"role": "data-scientist"}, {"role": "machine-learning-engineer"}):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = seeker_client.get(SEARCH, {**params, "sponsored": "green-card"})
        assert "Sponsors green cards" in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_imported_job_carries_its_employers_record_and_is_written_once(tmp_path):
    make_employer("Acme Robotics")
    make_hub_row("ACME ROBOTICS INC")
    make_perm("ACME ROBOTICS INC")
    refresh_verified_sponsors()
    board = [greenhouse_job(id=1), greenhouse_job(id=2, company_name="Brand New Labs")]

    import_jobs(write_board(tmp_path, board), "greenhouse")

    flags = dict(Job.objects.values_list("employer__name", "sponsors_h1b"))
    assert flags == {"Acme Robotics": True, "Brand New Labs": False}
    assert Job.objects.get(employer__name="Acme Robotics").sponsors_green_card
    with connection.cursor() as cursor:  # the refresh after the import rewrote no job row
        cursor.execute(
            "SELECT bool_and(j.xmin = s.xmin) FROM listings_job j "
            "JOIN listings_jobsource s ON s.job_id = j.id"
        )
        assert cursor.fetchone()[0] is True
