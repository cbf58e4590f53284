"""The employer page leads with the employer's record: a summary of its H-1B decisions, LCAs,
PERM labor certifications, E-Verify and cap status for everyone, each figure with its fiscal
year and source; then, for members only, the job titles it filed for with their wages and the
wage level those reach; then its open jobs."""

import re
import statistics
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import Count
from django.test import Client

from listings.caching import bump_govdata_version
from listings.models import (
    AcwiaWage,
    Employer,
    EmployerAlias,
    H1BApproval,
    LCAFiling,
    PermFiling,
    WageArea,
)
from listings.sponsors.names import matched_names, normalize_employer_name
from listings.sponsors.titles import SHOWN
from listings.sponsors.verified import current_fiscal_year, history_window_start
from listings.sponsors.yearly import refresh_filing_years
from tests.factories import make_employer, make_filing, make_perm, make_wages

DATA = Path(__file__).resolve().parent.parent / "data"
pytestmark = pytest.mark.django_db


def table(html: str, table_id: str) -> list[list[str]]:
    """The body rows of one table on the page, each as the text of its cells."""
    body = html.split(f'id="{table_id}"')[1].split("</table>")[0].split("<tbody>")[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]
    return [[" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in row] for row in cells]


def section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


def employer(name: str) -> Employer:
    """An employer whose government names are matched, as an import leaves it."""
    found = make_employer(name)
    found.normalized_name = normalize_employer_name(name)
    found.save(update_fields=["normalized_name"])
    return found


def imported() -> None:
    """What every import command does after writing filings: the yearly counts are rebuilt
    and what pages cached from the old ones is dropped."""
    refresh_filing_years()
    bump_govdata_version()


def dollars(amount: float) -> str:
    return f"${amount:,.0f}"


# A demo employer, as `seed_demo` makes it -----------------------------------------------------


@pytest.fixture
def demo_employer(db):
    call_command("seed_demo", jobs=200, stdout=open("/dev/null", "w"))  # noqa: SIM115
    busiest = (
        PermFiling.objects.values("normalized_name")
        .annotate(n=Count("id"))
        .order_by("-n", "normalized_name")[0]["normalized_name"]
    )
    return Employer.objects.get(normalized_name=busiest)


def test_a_visitor_sees_the_demo_employers_summary_but_not_its_titles(client, demo_employer):
    html = client.get(demo_employer.get_absolute_url()).content.decode()
    record = section(html, "summary-heading")

    for line in ("H-1B petitions", "Labor condition applications", "PERM labor certifications",
                 "E-Verify", "H-1B cap"):  # fmt: skip
        assert f"<dt>{line}" in record
    assert re.search(r"FY\d{4}: [\d,]+ approved \([\d,]+ for new employment\)", record)
    assert re.search(r"FY\d{4}: [\d,]+ certified of [\d,]+ filed", record)
    assert re.search(r"FY\d{4}: [\d,]+ certified of [\d,]+ decided", record)
    for source in ("USCIS H-1B Employer Data Hub", "DOL LCA disclosure data",
                   "DOL PERM disclosure data"):  # fmt: skip
        assert f"Source: {source}" in record
    assert table(html, "record-years")  # the same figures, year by year
    # Members' part: a prompt in its place, and none of its data anywhere in the page.
    assert "Sign up for free to see the job titles" in html
    for members_only in ("titles-heading", "titles-lca", "titles-perm", "wage-years",
                         "Median wage", "Wage level", "chart-wages"):  # fmt: skip
        assert members_only not in html


def test_a_member_sees_titles_with_the_median_and_range_the_filings_give(
    seeker_client, demo_employer
):
    html = seeker_client.get(demo_employer.get_absolute_url()).content.decode()

    rows = table(html, "titles-lca")
    assert rows and table(html, "titles-perm")
    heading, state, filed, certified, median, spread, level = rows[0]
    title, soc = re.fullmatch(r"(.+) \(.+, (\d{2}-\d{4})\)", heading).groups()
    filings = LCAFiling.objects.filter(
        normalized_name__in=matched_names(demo_employer),
        fiscal_year__gte=history_window_start(),
        soc_code=soc,
        worksite_state=state,
        job_title__iexact=title,
    )
    wages = [f.wage_annual for f in filings if f.is_certified]
    assert filed == f"{len(filings):,}" and certified == f"{len(wages):,}"
    assert median == dollars(statistics.median(wages))
    assert spread in (f"{dollars(min(wages))} to {dollars(max(wages))}", dollars(min(wages)))
    assert level in ("below Level I", "Level I", "Level II", "Level III", "Level IV")
    # Where jobs come after the record: its titles first, then the open jobs.
    assert html.index("titles-heading") < html.index("jobs-heading")


# The summary ---------------------------------------------------------------------------------


def test_the_running_fiscal_year_is_marked_partial(client):
    employer("Peachtree Analytics")
    year = current_fiscal_year()
    make_filing(fiscal_year=year - 1)
    make_filing(fiscal_year=year - 1)
    make_filing(fiscal_year=year)
    make_perm(fiscal_year=year)

    imported()
    html = client.get("/employers/peachtree-analytics/").content.decode()
    record = section(html, "summary-heading")

    assert f"FY{year - 1}: 2 certified of 2 filed." in record
    assert f"FY{year} so far, a partial year to September 30, {year}: 1 certified of 1 filed" in (
        record
    )
    assert f"FY{year} so far, a partial year to September 30, {year}: 1 certified of 1 decided" in (
        record
    )
    years = {row[0]: row for row in table(html, "record-years")}
    assert set(years) == {f"FY{year} (partial year)", f"FY{year - 1}"}
    assert years[f"FY{year} (partial year)"][4:] == ["1", "1", "1", "1"]
    assert years[f"FY{year - 1}"][1:] == ["–", "–", "–", "2", "2", "–", "–"]
    assert "chart__note" in record and ">partial</text>" in record


def test_an_employer_with_no_records_says_so_to_members_too(seeker_client):
    employer("Quiet Startup")

    html = seeker_client.get("/employers/quiet-startup/").content.decode()

    assert "We have no public H-1B, LCA or PERM records matched to Quiet Startup yet." in html
    assert "No PERM labor certifications for Quiet Startup in the records we hold." in html
    assert "Not known to be cap-exempt" in html and "<dt>E-Verify</dt>" in html
    assert "titles-heading" not in html and "<svg" not in html
    assert "Sign up for free" not in html


@pytest.mark.parametrize(
    ("flags", "says"),
    [
        ({"e_verify": True}, "Our records say it is enrolled in E-Verify."),
        (
            {"e_verify": False, "e_verify_seen": "notice"},
            "Our records say it is not enrolled in E-Verify, whatever one of its job postings",
        ),
        ({"e_verify_seen": "notice"}, "one of its job postings here carries the E-Verify notice"),
        ({"e_verify_seen": "stem-opt"}, "says it takes STEM OPT candidates"),
        ({}, "Not known: neither our records nor its job postings here show"),
    ],
)
def test_e_verify_is_stated_with_its_evidence(client, flags, says):
    found = employer("Peachtree Analytics")
    Employer.objects.filter(pk=found.pk).update(**flags)

    record = section(
        client.get("/employers/peachtree-analytics/").content.decode(), "summary-heading"
    )

    assert says in record
    assert "STEM extension needs an employer enrolled in E-Verify" in record


def test_cap_exempt_status_comes_with_its_reason_and_where_it_was_checked(client):
    found = employer("Hollis Ridge University")
    found.cap_exempt, found.cap_exempt_reason = True, "university"
    found.cap_exempt_note = "IPEDS: public institution"
    found.save()

    record = section(client.get(found.get_absolute_url()).content.decode(), "summary-heading")

    assert (
        "Cap-exempt, as a public or nonprofit institution of higher education: its H-1B "
        "petitions are not subject to the yearly lottery. Checked: IPEDS: public institution."
    ) in record


def test_charts_carry_axis_titles_values_and_a_text_alternative(client):
    employer("Peachtree Analytics")
    H1BApproval.objects.create(
        normalized_name="peachtree analytics", employer_name="PEACHTREE ANALYTICS INC",
        fiscal_year=current_fiscal_year() - 1, state="GA", initial_approvals=1234,
        continuing_approvals=30, initial_denials=7,
    )  # fmt: skip

    imported()
    html = client.get("/employers/peachtree-analytics/").content.decode()
    chart = html.split('aria-labelledby="chart-hub-title"')[1].split("</svg>")[0]

    assert ">Fiscal year</text>" in chart and ">Petitions</text>" in chart  # both axes
    assert ">1,264</text>" in chart and ">7</text>" in chart  # each bar's value
    desc = f'<desc id="chart-hub-desc">FY{current_fiscal_year() - 1}: Approved 1,264, Denied 7.'
    assert desc in chart
    caption = html.split(chart)[1].split("</figcaption>")[0]
    assert "Source: USCIS H-1B Employer Data Hub." in caption
    assert "style=" not in html and "<script" not in html.split("</head>")[1]


def test_the_record_follows_a_new_import(client, seeker_client):
    employer("Peachtree Analytics")
    make_filing()
    imported()
    for visitor in (client, seeker_client):
        assert (
            "1 certified of 1 filed"
            in visitor.get("/employers/peachtree-analytics/").content.decode()
        )

    make_filing()
    imported()

    for visitor in (client, seeker_client):
        html = visitor.get("/employers/peachtree-analytics/").content.decode()
        assert "2 certified of 2 filed" in html


def test_filings_under_an_alias_count_in_the_employers_record_at_once(seeker_client):
    found = employer("Peachtree Analytics")
    make_filing()
    make_filing("PTREE DATA LABS LLC", worksite_state="TX")
    make_perm("PTREE DATA LABS LLC")
    imported()
    html = seeker_client.get("/employers/peachtree-analytics/").content.decode()
    assert {row[1] for row in table(html, "titles-lca")} == {"GA"}

    EmployerAlias.objects.create(name="PTREE DATA LABS LLC", normalized_name="ptree data labs",
                                 employer=found)  # fmt: skip

    html = seeker_client.get("/employers/peachtree-analytics/").content.decode()
    assert f"FY{current_fiscal_year()} so far" in html and "2 certified of 2 filed" in html
    assert "1 certified of 1 decided" in html
    assert {row[1] for row in table(html, "titles-lca")} == {"GA", "TX"}


def test_each_import_command_brings_its_counts_to_the_page(client):
    employer("Western Dental Services")
    call_command("import_lca", str(DATA / "lca_disclosure_FY2025_Q2_column_subset_sample.csv"),
                 stdout=StringIO())  # fmt: skip

    record = section(client.get("/employers/western-dental-services/").content.decode(),
                     "summary-heading")  # fmt: skip

    # The sample's columns carry no case status: counted as filed, and said so.
    assert "FY2025: 0 certified of 8 filed (8 without a status in the file)." in record


# The members' titles and wages ---------------------------------------------------------------


def test_the_wage_level_is_the_one_the_middle_filing_reaches_in_its_area(seeker_client):
    employer("Peachtree Analytics")
    make_wages("Atlanta", "georgia", "15-2051", hourly=(40, 50, 60, 70))  # $83,200 ... $145,600
    for wage in (110_000, 130_000, 150_000):  # Levels II, III and IV in Atlanta
        make_filing(wage_annual=wage)
    make_filing(wage_annual=90_000, status="Withdrawn")  # not certified: not counted in wages
    make_perm(wage_annual=80_000)  # below Level I

    imported()
    html = seeker_client.get("/employers/peachtree-analytics/").content.decode()

    lca, perm = table(html, "titles-lca"), table(html, "titles-perm")
    assert lca == [["Machine Learning Engineer (Data Scientists, 15-2051)", "GA", "4", "3",
                    "$130,000", "$110,000 to $150,000", "Level III"]]  # fmt: skip
    assert perm == [["Data Scientist (Data Scientists, 15-2051)", "GA", "1", "1", "$80,000",
                     "$80,000", "Below Level I"]]  # fmt: skip
    assert table(html, "wage-years")[0][1:] == ["3", "$130,000", "$120,000"]


def test_a_cap_exempt_employers_levels_come_from_the_acwia_table(seeker_client):
    found = employer("Hollis Ridge University")
    found.cap_exempt, found.cap_exempt_reason = True, "university"
    found.save()
    make_wages("Atlanta", "georgia", "15-2051", hourly=(40, 50, 60, 70))
    area = WageArea.objects.get(cities__city__name="Atlanta")
    AcwiaWage.objects.create(area=area, soc_code="15-2051", level1=20, level2=25, level3=30,
                             level4=35)  # fmt: skip
    make_filing("HOLLIS RIDGE UNIVERSITY", wage_annual=80_000)  # below Level I all-industries

    imported()
    html = seeker_client.get(found.get_absolute_url()).content.decode()

    assert table(html, "titles-lca")[0][-1] == "Level IV"  # $72,800 is ACWIA Level IV
    assert "the ACWIA tables, since Hollis Ridge University is cap-exempt" in html


def test_titles_past_the_tables_length_are_counted_not_listed(seeker_client):
    employer("Peachtree Analytics")
    for n in range(SHOWN + 2):
        for _ in range(2 if n < SHOWN else 1):  # the last two are the least filed
            make_filing(job_title=f"Engineer {n:02d}")

    imported()
    html = seeker_client.get("/employers/peachtree-analytics/").content.decode()

    titles = [row[0] for row in table(html, "titles-lca")]
    assert len(titles) == SHOWN and f"Engineer {SHOWN + 1} (Data Scientists, 15-2051)" not in titles
    assert f"The {SHOWN} titles filed most often, of {SHOWN + 2}." in html


# Queries --------------------------------------------------------------------------------------


def big_record(name: str) -> None:
    """Filings across years, titles, states and kinds: what a large employer files."""
    year = current_fiscal_year()
    for n in range(40):
        state, title = ("GA", "TX", "CA")[n % 3], f"Engineer {n % 9}"
        make_filing(name, fiscal_year=year - n % 4, job_title=title, worksite_state=state,
                    wage_annual=100_000 + n * 1000)  # fmt: skip
        if n % 4 == 0:
            make_perm(name, fiscal_year=year - n % 3, job_title=f"Engineer {n % 5}")
    for offset in range(5):
        H1BApproval.objects.create(
            normalized_name=name.lower(), employer_name=name.upper(),
            fiscal_year=year - offset, state="GA", initial_approvals=3,
        )  # fmt: skip


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_page_reads_a_fixed_number_of_queries_whatever_the_record(
    seeker, signed_in, django_assert_num_queries
):
    small, big = employer("Small Shop"), employer("Big Firm")
    make_filing("Small Shop")
    big_record("Big Firm")
    imported()
    client = Client()
    if signed_in:
        client.force_login(seeker)
    # The employer with its yearly counts, the import list, the job count and the jobs; for a
    # member also the session, the user and the titles. Within SPEC section 11's 8.
    expected = 7 if signed_in else 4

    for found in (small, big):
        cache.clear()  # nothing cached: the worst case
        with django_assert_num_queries(expected):
            assert client.get(found.get_absolute_url()).status_code == 200


def test_a_second_visit_reads_the_record_from_the_cache(client, django_assert_max_num_queries):
    found = employer("Big Firm")
    big_record("Big Firm")
    imported()
    client.get(found.get_absolute_url())

    with django_assert_max_num_queries(3):  # the employer, the job count, the jobs
        client.get(found.get_absolute_url())


def test_members_data_is_never_cached_for_visitors(seeker_client, client):
    employer("Peachtree Analytics")
    make_filing()
    imported()
    assert "titles-lca" in seeker_client.get("/employers/peachtree-analytics/").content.decode()

    assert "titles-lca" not in client.get("/employers/peachtree-analytics/").content.decode()
