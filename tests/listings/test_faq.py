import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from listings.models import H1BApproval, State
from listings.sponsors.verified import (
    current_fiscal_year,
    history_window_start,
    refresh_verified_sponsors,
)
from listings.sponsors.wages import WAGE_SEARCH_URL
from listings.taxonomy.counts import refresh_listing_counts
from tests.factories import make_employer, make_filing, make_job

FLAG = Path(__file__).resolve().parent.parent / "data" / "flag_wages"
LANDING = "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def georgia():
    peach = make_employer("Peachtree Analytics")
    for n in range(3):
        make_job(employer=peach, city="Atlanta", visas=("h-1b", "f-1-stem-opt"), days_ago=n + 1)
    make_job(employer="Piedmont Robotics", city="Savannah", visas=("tn",))
    for _ in range(4):
        make_filing("PEACHTREE ANALYTICS INC")
    for _ in range(6):
        make_filing("SOUTHERN GRID CORP")  # files LCAs, has no jobs on the site
    make_filing("OLD FILER LLC", fiscal_year=history_window_start() - 1)
    H1BApproval.objects.create(
        normalized_name="southern grid",
        employer_name="SOUTHERN GRID",
        fiscal_year=current_fiscal_year() - 1,
        state="GA",
        initial_approvals=7,
    )
    refresh_verified_sponsors()
    refresh_listing_counts()


def faq_from_jsonld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    faq = [json.loads(b) for b in blocks if '"FAQPage"' in b]
    assert len(faq) == 1
    return {q["name"]: q["acceptedAnswer"]["text"] for q in faq[0]["mainEntity"]}


def test_landing_faq_answers_come_from_the_data(client, georgia):
    html = client.get(LANDING).content.decode()
    faq = faq_from_jsonld(html)

    sponsors = faq["Which companies sponsor Machine Learning Engineer visas in Georgia?"]
    assert "Southern Grid (6) and Peachtree Analytics (4)" in sponsors
    assert "Old Filer" not in sponsors
    assert (
        "With the most open jobs here now: Peachtree Analytics (3) and Piedmont Robotics (1)"
        in sponsors
    )
    visas = faq["Which visa types are most common for Machine Learning Engineer jobs in Georgia?"]
    assert "H-1B (3 jobs), F-1 STEM OPT (3 jobs) and TN (1 job)" in visas
    cities = faq["Which cities in Georgia have the most Machine Learning Engineer jobs?"]
    assert "Atlanta (3) and Savannah (1)" in cities
    notes = faq["Is there anything to know about sponsorship in Georgia?"]
    assert (
        f"In FY{current_fiscal_year() - 1}, USCIS approved 7 initial H-1B petitions from 1 employer"
        in notes
    )
    wage = faq["What is the prevailing wage for Machine Learning Engineer jobs in Georgia?"]
    assert WAGE_SEARCH_URL in wage and "Level I" not in wage
    # The page shows the same answers as the JSON-LD, with the employers we know linked.
    body = html.split("</head>")[1]
    assert "Southern Grid (6) and Peachtree Analytics (4)" in re.sub(r"<[^>]+>", "", body)
    assert '<a href="/employers/peachtree-analytics/">Peachtree Analytics</a> (4)' in body
    assert f'href="{WAGE_SEARCH_URL}"' in html


def test_wage_levels_appear_once_wage_data_is_imported(client, georgia):
    call_command("import_wages", str(FLAG))

    faq = faq_from_jsonld(client.get(LANDING).content.decode())

    wage = faq["What is the prevailing wage for Machine Learning Engineer jobs in Georgia?"]
    assert (
        "In Atlanta-Sandy Springs-Alpharetta, GA, the yearly all-industries levels are: "
        "Level I $80,080, Level II $102,170, Level III $124,259, Level IV $146,349." in wage
    )


def test_state_notes_from_the_admin_replace_the_default(client, georgia):
    State.objects.filter(code="GA").update(notes="Georgia Tech and Emory are cap-exempt.")

    faq = faq_from_jsonld(client.get(LANDING).content.decode())

    assert faq["Is there anything to know about sponsorship in Georgia?"] == (
        "Georgia Tech and Emory are cap-exempt."
    )


def test_a_hostile_state_note_stays_inert(client, georgia):
    State.objects.filter(code="GA").update(notes="</script><script>alert(1)</script>")

    html = client.get(LANDING).content.decode()

    assert "<script>alert(1)" not in html
    assert faq_from_jsonld(html)  # still one parseable FAQPage


def test_landing_without_any_data_still_answers(client):
    faq = faq_from_jsonld(
        client.get("/visa-sponsorship-jobs/qa-engineer/wyoming/").content.decode()
    )

    assert len(faq) == 6
    assert (
        "We have not imported USCIS H-1B data"
        in faq["Is there anything to know about sponsorship in Wyoming?"]
    )


@pytest.mark.parametrize("signed_in", [False, True])
def test_landing_with_faq_stays_within_eight_queries(
    client, seeker, georgia, django_assert_max_num_queries, signed_in
):
    call_command("import_wages", str(FLAG))
    if signed_in:
        client.force_login(seeker)
    with django_assert_max_num_queries(8):
        assert client.get(LANDING).status_code == 200


def test_general_faq_page_explains_visas_wages_and_the_weighted_selection(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        html = client.get("/faq/").content.decode()

    assert "<h1>Questions about visa sponsorship</h1>" in html
    assert "E-3" in html and "F-1 STEM OPT" in html
    assert "Level I gives one entry, Level II two, Level III three and Level IV four" in html
    assert f'href="{WAGE_SEARCH_URL}"' in html


# ---- job pages ---------------------------------------------------------------------------


def _job(**overrides):
    return make_job(city="Atlanta", salary_unit="year", **overrides)


def test_job_page_shows_levels_the_salary_reaches_and_its_selection_entries(client):
    job = _job(salary_min=110000, salary_max=130000)
    call_command("import_wages", str(FLAG))

    html = client.get(job.get_absolute_url()).content.decode()

    assert "in Atlanta-Sandy Springs-Alpharetta, GA, per year" in html
    assert "$80,080" in html and "$146,349" in html
    assert "reaches Level II, which gives up to 2 entries in the weighted H-1B selection" in html
    assert f'href="{WAGE_SEARCH_URL}"' in html


def test_job_page_flags_a_salary_below_level_one(client):
    job = _job(salary_min=60000, salary_max=70000)
    call_command("import_wages", str(FLAG))

    html = client.get(job.get_absolute_url()).content.decode()

    assert "is below Level I" in html


def test_job_page_without_wage_data_links_the_wage_search_only(client):
    job = _job(salary_min=110000, salary_max=130000)

    html = client.get(job.get_absolute_url()).content.decode()

    assert "Level I" not in html
    assert f'href="{WAGE_SEARCH_URL}"' in html


def test_job_page_with_wages_runs_few_queries(client, django_assert_max_num_queries):
    job = _job(salary_min=110000, salary_max=130000)
    call_command("import_wages", str(FLAG))

    with django_assert_max_num_queries(4):
        client.get(job.get_absolute_url())


def test_the_faq_explains_routes_and_reported_outcomes(client):
    html = client.get("/faq/").content.decode()
    assert "Which visa routes fit me for a job?" in html
    assert "once 5 different members" in html
