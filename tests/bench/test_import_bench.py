"""Importing 100,000 jobs from a generated Greenhouse board: the set-based importer against a
per-row `update_or_create` import of the same file, in the same run, each in a child process
so its wall time and peak memory are its own; then a re-run that must change no row."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from tests.bench.conftest import report
from tests.bench.feedgen import write_board
from tests.database import shared_database_url

JOBS = int(os.environ.get("BENCH_IMPORT_JOBS", "100000"))

IMPORT = """
import resource, sys, time, django
django.setup()
from listings.ingest.pipeline import run_import
started = time.perf_counter()
summary = run_import(sys.argv[1], "greenhouse")
print("seconds", time.perf_counter() - started)
print("peak_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
print("summary", summary.line())
"""

# The naive import the set-based one is measured against: the same reading and preparing,
# then one update_or_create (and visa set) per record.
PER_ROW = """
import resource, sys, time, django
django.setup()
from listings.ingest.readers import greenhouse
from listings.ingest.prepare import Prepared, Vocabulary, prepare
from listings.models import Job
started = time.perf_counter()
vocab = Vocabulary()
rows = 0
with open(sys.argv[1], "rb") as stream:
    for raw in greenhouse.read(stream):
        item = prepare(raw, vocab)
        if not isinstance(item, Prepared):
            continue
        job, _ = Job.objects.update_or_create(
            source=raw.source, external_id=raw.external_id, defaults=item.fields
        )
        job.visa_types.set(item.visa_ids)
        rows += 1
print("seconds", time.perf_counter() - started)
print("peak_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
print("summary", rows, "rows")
"""


def run_child(script: str, path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jobboard.settings",
        "DATABASE_URL": shared_database_url(),
    }
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    values = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    return {
        "seconds": float(values["seconds"]),
        "peak_mb": int(values["peak_kb"]) / 1024,
        "summary": values["summary"],
    }


def fingerprint() -> str:
    """Changes whenever any job or source row is written (each write gives a new xmin)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT md5(string_agg(id || ':' || xmin, ',' ORDER BY id)) "
            "FROM listings_job), (SELECT md5(string_agg(id || ':' || xmin, ',' ORDER BY id)) "
            "FROM listings_jobsource)"
        )
        return str(cursor.fetchone())


def empty_job_tables() -> None:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE listings_job, listings_employer CASCADE")


@pytest.mark.django_db(transaction=True)
def test_import_100k_jobs_fast_flat_and_idempotent(tmp_path):
    path = write_board(tmp_path / "board.json", JOBS)
    empty_job_tables()
    per_row = run_child(PER_ROW, path)
    empty_job_tables()
    first = run_child(IMPORT, path)
    before = fingerprint()
    second = run_child(IMPORT, path)
    unchanged = fingerprint() == before
    speedup = per_row["seconds"] / first["seconds"]
    report(
        f"import {JOBS:,} Greenhouse jobs ({path.stat().st_size / 2**20:.0f} MB file)",
        [
            ("run", "seconds", "peak MB", "result"),
            ("per-row update_or_create", f"{per_row['seconds']:.1f}",
             f"{per_row['peak_mb']:.0f}", per_row["summary"]),
            ("import, first run", f"{first['seconds']:.1f}", f"{first['peak_mb']:.0f}",
             first["summary"]),
            ("import, re-run", f"{second['seconds']:.1f}", f"{second['peak_mb']:.0f}",
             second["summary"]),
            ("speed-up over per-row", f"{speedup:.1f}x", "", ""),
            ("rows changed by the re-run", "0" if unchanged else "some", "", ""),
        ],
    )  # fmt: skip
    assert f"{JOBS} unchanged" in second["summary"] or "0 created, 0 updated" in second["summary"]
    assert unchanged
    assert first["peak_mb"] < 300 and second["peak_mb"] < 300
    assert speedup >= 5
    assert first["seconds"] < 60
