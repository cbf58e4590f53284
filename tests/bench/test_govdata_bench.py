"""A 300 MB LCA file imports in constant memory: the importer's peak RSS, measured in a child
process, is the same for a 3 MB and a 300 MB file of the same layout."""

import csv
import os
import random
import subprocess
import sys
import time

import pytest
from django.conf import settings

from tests.bench.conftest import report
from tests.database import shared_database_url

BIG_MB = int(os.environ.get("BENCH_LCA_MB", "300"))
HEADER = [
    "CASE_NUMBER", "CASE_STATUS", "RECEIVED_DATE", "DECISION_DATE", "VISA_CLASS", "JOB_TITLE",
    "SOC_CODE", "SOC_TITLE", "FULL_TIME_POSITION", "BEGIN_DATE", "END_DATE", "EMPLOYER_NAME",
    "EMPLOYER_ADDRESS1", "EMPLOYER_CITY", "EMPLOYER_STATE", "NAICS_CODE", "WORKSITE_ADDRESS1",
    "WORKSITE_CITY", "WORKSITE_COUNTY", "WORKSITE_STATE", "WAGE_RATE_OF_PAY_FROM",
    "WAGE_RATE_OF_PAY_TO", "WAGE_UNIT_OF_PAY", "PREVAILING_WAGE", "PW_UNIT_OF_PAY",
    "PW_WAGE_LEVEL", "H_1B_DEPENDENT", "WILLFUL_VIOLATOR", "AGENT_ATTORNEY_EMAIL_ADDRESS",
]  # fmt: skip
CHILD = """
import resource, sys, django
django.setup()
from django.core.management import call_command
call_command(sys.argv[2], sys.argv[1])
print("peak_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def write_lca(path, megabytes: int) -> int:
    rnd = random.Random(megabytes)
    rows = 0
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        while f.tell() < megabytes * 1024 * 1024:
            rows += 1
            employer = rnd.randrange(20000)
            place = rnd.randrange(4)
            writer.writerow([
                f"I-200-25{rows % 365 + 1:03d}-{rows:07d}",
                rnd.choice(["Certified", "Certified - Withdrawn", "Withdrawn", "Denied"]),
                "2025-01-02 00:00:00", "2025-01-09 00:00:00", "H-1B",
                "Senior Software Engineer, Platform Infrastructure",
                rnd.choice(["15-1252.00", "15-2051", "15-1221.00"]), "Software Developers", "Y",
                "2025-02-01", "2028-01-31", f"Bench Employer {employer} Technologies, Inc.",
                f"{employer} Main Street Suite 100", "ATLANTA", "GA", "541511",
                f"{rows} Peachtree Street NE", ["ATLANTA", "SEATTLE", "AUSTIN", "BOSTON"][place],
                ["FULTON", "KING", "TRAVIS", "SUFFOLK"][place], ["GA", "WA", "TX", "MA"][place],
                rnd.randrange(80000, 250000), "", "Year", rnd.randrange(60000, 200000), "Year",
                rnd.choice(["I", "II", "III", "IV", ""]), rnd.choice(["Yes", "No"]), "No",
                "attorney@example.com",
            ])  # fmt: skip
    return rows


def import_in_child(path, command: str = "import_lca") -> tuple[int, float, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jobboard.settings",
        "DATABASE_URL": shared_database_url(),
    }
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), command],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    peak_kb = int(result.stdout.rsplit("peak_kb", 1)[1])
    return peak_kb // 1024, time.perf_counter() - started, result.stdout.splitlines()[0]


@pytest.mark.django_db(transaction=True)
def test_a_300_mb_lca_file_imports_in_constant_memory(tmp_path):
    small, big = tmp_path / "small.csv", tmp_path / "big.csv"
    small_rows, big_rows = write_lca(small, 3), write_lca(big, BIG_MB)

    small_mb, small_s, _ = import_in_child(small)
    big_mb, big_s, summary = import_in_child(big)

    report(
        "LCA import, peak resident memory of the importing process",
        [
            ("file", "rows", "peak RSS MB", "seconds"),
            ("3 MB", f"{small_rows:,}", small_mb, f"{small_s:.1f}"),
            (f"{BIG_MB} MB", f"{big_rows:,}", big_mb, f"{big_s:.1f}"),
            ("summary", summary, "", ""),
        ],
    )
    assert f"{big_rows:,} imported" in summary
    assert big_mb < small_mb * 1.25 + 10
