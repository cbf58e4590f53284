from pathlib import Path

import pytest
from django.core.management import call_command

from listings.models import H1BApproval, Job
from listings.sponsors.verified import current_fiscal_year, refresh_verified_sponsors
from listings.sponsors.yearly import refresh_filing_years
from tests.factories import make_employer, make_filing, make_job
from tests.listings.test_employer_record import table

DATA = Path(__file__).resolve().parent.parent / "data"
pytestmark = pytest.mark.django_db


@pytest.fixture
def peach():
    employer = make_employer("Peachtree Analytics")
    year = current_fiscal_year()
    for n in range(3):
        make_filing(wage_annual=140000 + n * 10000, pw_annual=110000)
    make_filing(
        status="Denied", soc_code="15-1252", soc_title="Software Developers", worksite_state="TX"
    )
    H1BApproval.objects.create(
        normalized_name="peachtree analytics",
        employer_name="PEACHTREE ANALYTICS INC",
        fiscal_year=year - 1,
        state="GA",
        initial_approvals=12,
        continuing_approvals=30,
        initial_denials=2,
        continuing_denials=1,
    )
    refresh_filing_years()
    refresh_verified_sponsors()
    employer.refresh_from_db()
    return employer


def test_signed_in_users_see_the_full_history_with_svg_charts(seeker_client, peach):
    html = seeker_client.get("/employers/peachtree-analytics/").content.decode()

    year = current_fiscal_year()
    assert "<h1>Peachtree Analytics</h1>" in html
    years = {row[0]: row[1:] for row in table(html, "record-years")}
    assert years[f"FY{year - 1}"][:3] == ["42", "12", "3"]
    assert years[f"FY{year} (partial year)"][3:5] == ["4", "3"]
    assert table(html, "wage-years") == [[f"FY{year} (partial year)", "3", "$150,000", "$110,000"]]
    assert [
        "Machine Learning Engineer (Data Scientists, 15-2051)", "GA", "3", "3", "$150,000",
        "$140,000 to $160,000", "–",
    ] in table(html, "titles-lca")  # fmt: skip
    assert html.count("<svg") == 3 and "<rect" in html
    assert "<script" not in html.split("</head>")[1]
    assert "style=" not in html


def test_anonymous_users_see_a_summary_and_an_invitation(client, peach):
    html = client.get("/employers/peachtree-analytics/").content.decode()

    year = current_fiscal_year()
    assert f"FY{year - 1}: 42 approved (12 for new employment), 3 denied." in html
    assert f"FY{year} so far, a partial year to September 30, {year}: 3 certified of 4 filed" in (
        html
    )
    assert html.count("<svg") == 2 and "chart-wages" not in html  # wages are for members
    assert "15-2051" not in html
    assert "Sign up for free to see the job titles Peachtree Analytics filed for" in html


def test_employer_page_shows_the_imported_real_samples_and_their_sources(seeker_client):
    make_employer("1st Franklin Financial Corporation")
    call_command(
        "import_h1b_hub", str(DATA / "uscis_hub_FY2024_employer_information_NAICS52_sample.csv")
    )

    html = seeker_client.get("/employers/1st-franklin-financial-corporation/").content.decode()

    assert ["FY2024", "1", "1", "0", "–", "–", "–", "–"] in table(html, "record-years")
    assert (
        "USCIS H-1B Employer Data Hub: "
        "uscis_hub_FY2024_employer_information_NAICS52_sample.csv, fiscal years 2024" in html
    )


def test_employer_without_records_says_so(client):
    make_employer("Quiet Startup")

    html = client.get("/employers/quiet-startup/").content.decode()

    assert "no public H-1B, LCA or PERM records matched to Quiet Startup" in html


@pytest.mark.parametrize("slug", ["nobody", "a" * 300, "%00", "..%2F..%2Fetc", "ünicode"])
def test_unknown_or_hostile_slugs_are_404(client, slug):
    assert client.get(f"/employers/{slug}/").status_code == 404


@pytest.mark.parametrize("signed_in", [False, True])
def test_employer_page_query_count(client, seeker, peach, django_assert_max_num_queries, signed_in):
    if signed_in:
        client.force_login(seeker)
    with django_assert_max_num_queries(8):
        assert client.get("/employers/peachtree-analytics/").status_code == 200


def test_job_cards_state_the_evidence_they_rest_on(client, peach):
    make_job(employer=peach, sponsorship=Job.Sponsorship.SILENT, sponsorship_evidence="")
    refresh_verified_sponsors()

    html = client.get("/visa-sponsorship-jobs/machine-learning-engineer/georgia/").content.decode()

    assert (
        "Sponsored this role here:</strong> 3 certified LCAs (H-1B, H-1B1 or E-3) for this "
        f"occupation in Georgia in FY{current_fiscal_year()}"
    ) in html
    assert 'href="/employers/peachtree-analytics/"' in html


def test_signed_in_users_filter_to_verified_sponsors_and_cap_exempt_employers(
    seeker_client, client, peach
):
    verified = make_job(title="Verified MLE", employer=peach)
    stated_only = make_job(title="Stated MLE")
    college = make_employer("Georgia State University")
    college.naics = "611310"
    college.cap_exempt, college.cap_exempt_reason = True, "university"
    college.save()
    exempt = make_job(title="University MLE", employer=college)
    for_profit = make_employer("Peach Career College")
    for_profit.naics = "611310"  # a college by its industry code, and for-profit
    for_profit.save()
    career = make_job(title="Career College MLE", employer=for_profit)
    flagged = make_employer("Emory Research Institute")
    flagged.cap_exempt, flagged.cap_exempt_reason = True, "nonprofit-research"
    flagged.save()
    institute = make_job(title="Institute MLE", employer=flagged)
    refresh_verified_sponsors()
    url = "/visa-sponsorship-jobs/"

    html = seeker_client.get(url, {"verified": "on"}).content.decode()
    assert verified.title in html and stated_only.title not in html

    html = seeker_client.get(url, {"cap_exempt": "on"}).content.decode()
    assert exempt.title in html and institute.title in html and verified.title not in html
    assert career.title not in html  # NAICS 6113 alone never makes an employer exempt

    html = client.get(url, {"cap_exempt": "on", "verified": "on"}).content.decode()
    assert stated_only.title in html  # ignored for anonymous visitors, and said so
    assert "Cap-exempt employers only" in html and "for members" in html


@pytest.mark.parametrize("value", ["", "maybe", "1" * 5000, "<b>", "false"])
def test_filter_values_never_break_the_search(seeker_client, peach, value):
    response = seeker_client.get(
        "/visa-sponsorship-jobs/", {"verified": value, "cap_exempt": value}
    )
    assert response.status_code == 200


# Employers linked both ways -----------------------------------------------------------------


def test_job_cards_link_to_the_employer_page(client):
    job = make_job(employer="Peachtree Analytics")

    html = client.get("/visa-sponsorship-jobs/").content.decode()

    assert f'<a href="/employers/{job.employer.slug}/">Peachtree Analytics</a>' in html


def test_landing_page_links_its_top_employers_in_the_intro_and_the_faq(client, peach):
    make_job(employer=peach, city="Atlanta")
    from listings.taxonomy.counts import refresh_listing_counts

    refresh_listing_counts()
    html = client.get("/visa-sponsorship-jobs/machine-learning-engineer/georgia/").content
    html = html.decode()
    intro = html.split('class="intro"')[1].split("</div>")[0]
    faq = html.split('class="faq"')[1].split("</section>")[0]

    link = '<a href="/employers/peachtree-analytics/">Peachtree Analytics</a>'
    assert link in intro
    assert link in faq
    assert "<a" not in html.split('"FAQPage"')[1].split("</script>")[0]  # JSON-LD stays text


def test_employer_page_shows_visitors_five_of_its_open_jobs_and_a_sign_up_box(
    client, peach, django_assert_max_num_queries
):
    jobs = [make_job(employer=peach, title=f"Engineer {n}", days_ago=n + 1) for n in range(7)]
    make_job(employer=peach, sponsorship="refused", sponsorship_evidence="No sponsorship.")
    make_job(employer="Other Co", title="Not theirs")

    with django_assert_max_num_queries(10):
        html = client.get("/employers/peachtree-analytics/").content.decode()

    section = html.split('class="employer__jobs"')[1].split('id="sources-heading"')[0]
    assert "Showing 5 of 7 jobs" in html
    assert [job.title for job in jobs[:5]] == [
        title for title in (j.title for j in jobs) if f">{title}</a>" in html
    ]
    assert "Not theirs" not in html and "Sign up for free" in section
    assert "Sponsorship offered." in html  # each card says what its sponsorship rests on
    assert 'action="/alerts/new/"' not in html


def test_members_page_through_all_of_an_employers_open_jobs(seeker_client, peach):
    titles = [
        make_job(employer=peach, title=f"Engineer {n}", days_ago=n + 1).title for n in range(30)
    ]

    first = seeker_client.get("/employers/peachtree-analytics/").content.decode()
    after = first.split("?after=")[1].split('"')[0]
    second = seeker_client.get(f"/employers/peachtree-analytics/?after={after}").content.decode()

    seen = {t for t in titles if f">{t}</a>" in first} | {
        t for t in titles if f">{t}</a>" in second
    }
    assert seen == set(titles)
    assert "Have you applied for this role?" in first
