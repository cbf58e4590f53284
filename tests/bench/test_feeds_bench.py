"""Refreshing 100 registered feeds of 1,000 jobs each when nothing changed: half answer 304
Not Modified to the conditional request, half send the same bytes again (no validators).
Budget: under 30 s for all 100, and not one job or source row written."""

import os
import time

import pytest
from django.db import connection

from listings.ingest.feeds import refresh_feed
from listings.models import Feed, Job, JobSource
from tests.bench.conftest import report
from tests.bench.feedgen import write_board
from tests.servers import BoardServer

FEEDS = int(os.environ.get("BENCH_FEEDS", "100"))
JOBS_PER_FEED = int(os.environ.get("BENCH_FEED_JOBS", "1000"))

pytestmark = pytest.mark.django_db(transaction=True)


def _writes() -> dict[str, int]:
    """Rows inserted, updated and deleted so far in the job and source tables."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            """SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables
               WHERE relname IN ('listings_job', 'listings_jobsource')"""
        )
        return dict(cursor.fetchall())


def test_refreshing_unchanged_feeds_is_quick_and_writes_no_job(tmp_path, settings):
    settings.FEED_FETCH_BACKOFF = 0.01
    server = BoardServer()
    try:
        feeds = []
        for n in range(FEEDS):
            path = write_board(tmp_path / f"{n}.json", JOBS_PER_FEED, seed=n,
                               first_id=20_000_000 + n * JOBS_PER_FEED)  # fmt: skip
            board = server.board(f"/board/{n}")
            board.publish(path.read_bytes())
            path.unlink()
            if n % 2:  # these send the same bytes again, with nothing to ask "changed since?"
                board.etag = board.last_modified = ""
            feeds.append(
                Feed.objects.create(
                    name=f"Board {n}", format="greenhouse", location=server.url(f"/board/{n}")
                )
            )
        started = time.perf_counter()
        for feed in feeds:
            refresh_feed(feed)
        first = time.perf_counter() - started
        jobs = Job.objects.count()
        before = _writes()
        started = time.perf_counter()
        for feed in Feed.objects.all():
            refresh_feed(feed)
        seconds = time.perf_counter() - started
        after = _writes()
        summaries = sorted(set(Feed.objects.values_list("last_summary", flat=True)))
    finally:
        server.stop()
    report(
        f"Refreshing {FEEDS} unchanged feeds of {JOBS_PER_FEED:,} jobs ({jobs:,} jobs stored)",
        [
            ("first import of all feeds", f"{first:.1f} s"),
            ("unchanged refresh of all feeds", f"{seconds:.2f} s"),
            ("job and source rows written by it", after, "before:", before),
            ("summaries", summaries),
        ],
    )
    assert jobs > 0.9 * FEEDS * JOBS_PER_FEED * 0.5  # roles and places skip some records
    assert after == before
    assert JobSource.objects.count() >= jobs
    assert seconds < 30
