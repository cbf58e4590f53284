"""500,000 PERM rows import in under a minute and 300 MB: the import runs in a child process
(as an operator runs it), whose wall time and peak resident memory are measured."""

import csv
import os
import random

import pytest

from tests.bench.conftest import report
from tests.bench.test_govdata_bench import import_in_child

ROWS = int(os.environ.get("BENCH_PERM_ROWS", "500000"))
HEADER = [
    "CASE_NUMBER", "CASE_STATUS", "RECEIVED_DATE", "DECISION_DATE", "OCCUPATION_TYPE",
    "EMP_BUSINESS_NAME", "EMP_CITY", "EMP_STATE", "EMP_POSTCODE", "EMP_NAICS",
    "EMP_NUM_PAYROLL", "JOB_TITLE", "PWD_SOC_CODE", "PWD_SOC_TITLE", "JOB_OPP_PWD_NUMBER",
    "JOB_OPP_WAGE_FROM", "JOB_OPP_WAGE_TO", "JOB_OPP_WAGE_PER", "PRIMARY_WORKSITE_CITY",
    "PRIMARY_WORKSITE_COUNTY", "PRIMARY_WORKSITE_STATE", "PRIMARY_WORKSITE_POSTAL_CODE",
    "PRIMARY_WORKSITE_BLS_AREA", "IS_MULTIPLE_LOCATIONS", "OTHER_REQ_IS_FULLTIME_EMP",
]  # fmt: skip
PLACES = [("Atlanta", "FULTON", "GA", "12060"), ("Seattle", "KING", "WA", "42660"),
          ("Austin", "TRAVIS", "TX", "12420"), ("Boston", "SUFFOLK", "MA", "14460")]  # fmt: skip


def write_perm(path, rows: int) -> None:
    rnd = random.Random(rows)
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for n in range(rows):
            city, county, state, area = rnd.choice(PLACES)
            employer = rnd.randrange(30000)
            writer.writerow([
                f"G-100-24{n % 365 + 1:03d}-{n:06d}",
                rnd.choice(["Certified", "Certified - Expired", "Withdrawn", "Denied"]),
                "2024-06-08", f"2025-{n % 12 + 1:02d}-14", "Professional",
                f"Bench Employer {employer} Holdings, Inc.", city, state, "30303", "541511",
                "420", "Senior Software Engineer, Platform",
                rnd.choice(["15-1252.00", "15-2051.00"]),
                "Software Developers", f"P-100-23305-{n:06d}", rnd.randrange(80000, 250000), "",
                "Year", city, county, state, "30303", area, "N", "Y",
            ])  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_half_a_million_perm_rows_import_within_a_minute_and_300_mb(tmp_path):
    path = tmp_path / "perm.csv"
    write_perm(path, ROWS)

    peak_mb, seconds, summary = import_in_child(path, command="import_perm")

    report(
        "PERM import (revised-form CSV), one run in a child process",
        [
            ("rows", "file MB", "seconds", "peak RSS MB"),
            (f"{ROWS:,}", path.stat().st_size // 2**20, f"{seconds:.1f}", peak_mb),
            ("summary", summary, "", ""),
        ],
    )
    assert f"{ROWS:,} imported" in summary
    assert seconds < 60
    assert peak_mb < 300
