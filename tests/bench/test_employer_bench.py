"""The employer page over a production-sized government record: 3,000,000 LCAs, 600,000 PERM
certifications and 600,000 hub rows, one employer filing 250,000 of the LCAs. The summary
comes with the employer's row from the yearly counts (`FilingYear`, rebuilt here as an import
rebuilds it), the members' titles from one statement over the recent filings; neither reads
a filing table sequentially (EXPLAIN), the largest employer's page reads the same number of
queries as the smallest one's, and, computed with nothing cached, answers inside the
request's deadline on the database. The rows are written inside the test's transaction and
rolled back."""

import json
import os
import statistics
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client

from listings.models import Employer
from listings.sponsors import titles
from listings.sponsors.names import government_names
from listings.sponsors.verified import current_fiscal_year
from listings.sponsors.yearly import KINDS, filing_years, refresh_filing_years
from tests.bench.conftest import report
from tests.bench.test_routes_bench import counting
from tests.factories import make_user

LCA_ROWS = int(os.environ.get("BENCH_EMPLOYER_LCA_ROWS", "3000000"))
NAMES = 150_000  # employers filing in the file, besides the two below
GIANT, MIDSIZE = (
    12,
    600,
)  # one LCA in 12 is the giant's (250,000 of 3 million), one in 600 the midsize one's
FILINGS = ("listings_lcafiling", "listings_permfiling", "listings_h1bapproval")
EMPLOYERS = {"bench-giant": "bench giant", "bench-midsize": "bench midsize",
             "bench-small": "bench employer 77"}  # fmt: skip

# Two-letter states and eight fiscal years up to the current one, from a row number.
FILL_SQL = """
    CREATE TEMP TABLE bench_states AS
        SELECT n, chr(65 + n %% 26) || chr(65 + (n %% 50) / 26) AS code
        FROM generate_series(0, 49) n;
    INSERT INTO listings_wagearea (code, name, state)
        SELECT 'BENCH-' || g, 'Bench area ' || g, s.code
        FROM generate_series(1, 400) g JOIN bench_states s ON s.n = g %% 50;
    INSERT INTO listings_wagecounty (state, county, county_key, area_id)
        SELECT s.code, 'Bench county ' || g, 'BENCH COUNTY ' || g, a.id
        FROM generate_series(1, 3200) g JOIN bench_states s ON s.n = g %% 50
        JOIN listings_wagearea a ON a.code = 'BENCH-' || (1 + g %% 400);
    INSERT INTO listings_prevailingwage (soc_code, area_id, level1, level2, level3, level4, annual)
        SELECT '15-' || (1000 + soc), a.id, 30 + soc %% 10, 40 + soc %% 10, 50 + soc %% 10,
               60 + soc %% 10, false
        FROM listings_wagearea a, generate_series(0, 400) soc
        WHERE a.code LIKE 'BENCH-%%';
    INSERT INTO listings_lcafiling (case_number, status, visa_class, fiscal_year, employer_name,
        normalized_name, naics, soc_code, soc_title, job_title, worksite_city, worksite_county,
        worksite_state, wage_unit, wage_annual, pw_unit, pw_annual, pw_level)
        SELECT 'BENCH-I-' || g, CASE WHEN g %% 10 = 0 THEN 'Withdrawn' ELSE 'Certified' END,
               'H-1B', %(year)s - (g / 7) %% 8, 'X',
               CASE WHEN g %% {giant} = 0 THEN 'bench giant'
                    WHEN g %% {midsize} = 1 THEN 'bench midsize'
                    ELSE 'bench employer ' || g %% {names} END,
               '', '15-' || (1000 + g %% 400), 'Software Developers', 'Engineer ' || g %% 300,
               'CITY', 'BENCH COUNTY ' || (1 + g %% 3200), s.code, 'Year',
               80000 + (g %% 97) * 1000, 'Year', 90000, 'II'
        FROM generate_series(1, %(rows)s) g JOIN bench_states s ON s.n = (1 + g %% 3200) %% 50;
    INSERT INTO listings_permfiling (case_number, status, fiscal_year, employer_name,
        normalized_name, naics, soc_code, soc_title, job_title, worksite_city, worksite_state,
        wage_unit, wage_annual, pw_level)
        SELECT 'BENCH-G-' || g, 'Certified', %(year)s - g %% 8, 'X',
               CASE WHEN g %% 15 = 0 THEN 'bench giant' ELSE 'bench employer ' || g %% 100000 END,
               '', '15-' || (1000 + g %% 400), 'Software Developers', 'Engineer ' || g %% 200,
               'CITY', s.code, 'Year', 100000 + (g %% 50) * 1000, 'II'
        FROM generate_series(1, %(rows)s / 5) g JOIN bench_states s ON s.n = g %% 50;
    INSERT INTO listings_h1bapproval (normalized_name, employer_name, fiscal_year, state, naics,
        initial_approvals, initial_denials, continuing_approvals, continuing_denials)
        SELECT CASE WHEN g <= 400 THEN 'bench giant' ELSE 'bench employer ' || g END, 'X',
               %(year)s - g %% 18, s.code, '', 10, 1, 20, 2
        FROM generate_series(1, %(rows)s / 5) g JOIN bench_states s ON s.n = (g / 18) %% 50
        ON CONFLICT DO NOTHING;
    ANALYZE listings_lcafiling, listings_permfiling, listings_h1bapproval,
            listings_prevailingwage, listings_wagecounty;
"""


def scans(plan: dict) -> list[tuple[str, str]]:
    """Every (node type, relation) an EXPLAIN plan reads."""
    found = [(plan["Node Type"], plan.get("Relation Name", ""))]
    for child in plan.get("Plans", []):
        found += scans(child)
    return found


def explain(sql: str, params) -> tuple[float, list[tuple[str, str]]]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        raw = cursor.fetchone()[0]
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
    return plan["Execution Time"], scans(plan["Plan"])


def page(client: Client, url: str, cold: bool) -> tuple[float, int]:
    """Server time in ms and the queries one visit reads; `cold`: nothing cached before it."""
    timings, counts = [], []
    for _ in range(3):
        if cold:
            cache.clear()
        queries = []
        with connection.execute_wrapper(counting(queries)):
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            timings.append((time.perf_counter() - started) * 1000)
        counts.append(len(queries))
    return statistics.median(timings), max(counts)


@pytest.mark.django_db
def test_the_employer_page_reads_the_filings_by_index_and_in_few_queries_at_any_size():
    started = time.perf_counter()
    fill = FILL_SQL.format(giant=GIANT, midsize=MIDSIZE, names=NAMES)
    with connection.cursor() as cursor:
        cursor.execute(fill, {"rows": LCA_ROWS, "year": current_fiscal_year()})
    for slug, name in EMPLOYERS.items():
        Employer.objects.create(
            name=slug.replace("-", " ").title(), slug=slug, normalized_name=name
        )
    filled = time.perf_counter() - started
    rebuilt = []
    for kind in KINDS:  # as an import of each kind does
        started = time.perf_counter()
        rows = refresh_filing_years((kind,))
        rebuilt.append(f"{kind} {rows:,} rows in {time.perf_counter() - started:.1f} s")
    member = Client()
    member.force_login(make_user("employer.bench@example.com"))
    visitor = Client()

    for client in (visitor, member):  # templates and URL patterns loaded before timing
        client.get("/employers/bench-small/")
    rows, counts, giant_cold, sequential = [], set(), 0.0, []
    for slug in EMPLOYERS:
        found = Employer.objects.filter(slug=slug).annotate(
            names=government_names(), years=filing_years()
        )
        employer = found.get()
        summary_ms, summary_scans = explain(*found.query.sql_with_params())
        titles_ms, titles_scans = explain(*titles.statement(employer.names, acwia=False))
        for statement, found in (("summary", summary_scans), ("titles", titles_scans)):
            sequential += [(slug, statement, relation) for node, relation in found
                           if node == "Seq Scan" and relation in FILINGS]  # fmt: skip
        url = employer.get_absolute_url()
        visitor_cold, visitor_queries = page(visitor, url, cold=True)
        member_cold, member_queries = page(member, url, cold=True)
        member_warm, _ = page(member, url, cold=False)
        counts.add((visitor_queries, member_queries))
        giant_cold = max(giant_cold, member_cold)
        rows.append((slug, f"{summary_ms:.0f} / {titles_ms:.0f} ms",
                     f"{visitor_cold:.0f} / {member_cold:.0f} / {member_warm:.0f} ms",
                     f"{visitor_queries} / {member_queries}"))  # fmt: skip

    report(
        f"Employer page over {LCA_ROWS:,} LCAs (filled in {filled:.0f} s; yearly counts "
        f"rebuilt: {', '.join(rebuilt)})",
        [("employer", "employer with its years / titles statement",
          "visitor cold / member cold / member warm", "queries visitor / member"), *rows],
    )  # fmt: skip
    assert not sequential, sequential
    assert len(counts) == 1, counts  # the same queries whatever the employer's size
    assert max(max(pair) for pair in counts) <= 8  # SPEC section 11
    assert giant_cold < settings.DB_STATEMENT_TIMEOUT * 1000  # inside the request's deadline
