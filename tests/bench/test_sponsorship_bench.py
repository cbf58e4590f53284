"""The sponsorship classifier's budget: postings of about 5,000 characters a second on one
core, and `reclassify_jobs` over the demo table with its time and peak memory, at two sizes
to show memory stays flat in the number of jobs."""

import os
import statistics
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from listings.ingest.sponsorship import VERSION, classify
from listings.ingest.sponsorship.training import load_postings
from tests.bench.conftest import report
from tests.database import shared_database_url

POSTING_CHARS = 5000
ROUNDS = 5
RECLASSIFY_SIZES = [
    int(n) for n in os.environ.get("BENCH_RECLASSIFY", "1000000,200000,100000").split(",")
]


def postings_of_about(chars: int) -> list[str]:
    """Real training postings, each padded with the next ones up to `chars` characters, so
    the mix of offers, refusals and silence is the real one."""
    texts = [p.text for p in load_postings() if not p.key.startswith("phrase-")]
    padded = []
    for index, text in enumerate(texts):
        n = index + 1
        while len(text) < chars:
            text += "\n\n" + texts[n % len(texts)]
            n += 1
        padded.append(text[:chars])
    return padded


def test_classifies_1000_postings_of_5000_characters_a_second_on_one_core():
    """Process CPU time, not wall time, so other work on the machine does not count against
    it; each round is timed on its own and the median kept, since contention for the cores'
    caches still slows a round on a busy machine."""
    texts = postings_of_about(POSTING_CHARS)
    classify(texts[0])  # the model is read on first use, once per process
    rates = []
    for _ in range(ROUNDS):
        started = time.process_time()
        for text in texts:
            classify(text)
        rates.append(len(texts) / (time.process_time() - started))
    rate = statistics.median(rates)
    report(
        f"classify {len(texts)} postings of {POSTING_CHARS:,} characters, {ROUNDS} rounds, "
        f"one core (process CPU time), load average {os.getloadavg()[0]:.1f}",
        [
            ("postings a second, median", f"{rate:,.0f}"),
            ("slowest and fastest round", f"{min(rates):,.0f} and {max(rates):,.0f}"),
        ],
    )
    assert rate >= 1000


# Peak memory is the child's own high-water mark (VmHWM): ru_maxrss would keep the RSS of the
# forked parent, which holds the seeded table's factory, across exec.
RECLASSIFY = """
import re, sys, time, django
django.setup()
from listings.ingest.sponsorship.reclassify import reclassify_jobs
started = time.perf_counter()
summary = reclassify_jobs()
print("seconds", time.perf_counter() - started)
with open("/proc/self/status") as status:
    print("peak_kb", re.search(r"VmHWM:\\s+(\\d+)", status.read()).group(1))
print("summary", summary.judged, summary.changed)
"""


def run_reclassify() -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jobboard.settings",
        "DATABASE_URL": shared_database_url(),
    }
    result = subprocess.run(
        [sys.executable, "-c", RECLASSIFY],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    values = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    judged, changed = values["summary"].split()
    return {
        "seconds": float(values["seconds"]),
        "peak_mb": int(values["peak_kb"]) / 1024,
        "judged": int(judged),
        "changed": int(changed),
    }


def mark_older(count: int) -> None:
    """The first `count` jobs become judged by an older version, the rest current; rows
    already as wanted are not written (each write recomputes the search vector)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(max(id), 0) FROM (SELECT id FROM listings_job ORDER BY id LIMIT %s) s",
            [count],
        )
        cutoff = cursor.fetchone()[0]
        cursor.execute(
            "UPDATE listings_job SET sponsorship_version = 0 "
            "WHERE id <= %s AND sponsorship_version <> 0",
            [cutoff],
        )
        cursor.execute(
            "UPDATE listings_job SET sponsorship_version = %s "
            "WHERE id > %s AND sponsorship_version <> %s",
            [VERSION, cutoff, VERSION],
        )


@pytest.mark.django_db(transaction=True)
def test_reclassify_jobs_time_and_flat_memory(million_jobs):
    rows = [("jobs re-judged", "seconds", "jobs a second", "peak MB", "changed state")]
    peaks = []
    for size in [s for s in RECLASSIFY_SIZES if s <= million_jobs]:
        mark_older(size)
        run = run_reclassify()
        assert run["judged"] == size
        peaks.append(run["peak_mb"])
        rate = size / run["seconds"]
        rows.append(
            (f"{size:,}", f"{run['seconds']:.0f}", f"{rate:,.0f}", f"{run['peak_mb']:.0f}",
             f"{run['changed']:,}")
        )  # fmt: skip
    report(f"reclassify_jobs over {million_jobs:,} demo jobs", rows)
    # Memory is one batch, whatever the number of jobs.
    assert max(peaks) < min(peaks) * 1.25
