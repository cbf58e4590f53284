"""Alerts at scale (SPEC section 11): BENCH_ALERTS alerts (100,000) against BENCH_NEW_JOBS new
jobs (10,000) in a table of BENCH_JOBS (1,000,000), matched set-based and one query per alert
over the same data; then 1,000 digests to a local SMTP server that counts connections."""

import os
import time

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alerts import emails
from alerts.matching import DIGEST_JOBS, match_jobs, prepare_digests
from alerts.models import Alert, Delivery, Digest
from listings.models import Job
from listings.pages.filters import JobFilter
from tests.bench.conftest import report
from tests.servers import Inbox, start_smtp

pytestmark = [pytest.mark.bench, pytest.mark.django_db]
ALERTS = int(os.environ.get("BENCH_ALERTS", "100000"))
NEW_JOBS = int(os.environ.get("BENCH_NEW_JOBS", "10000"))
LOOP_SAMPLE = int(os.environ.get("BENCH_LOOP_SAMPLE", "1000"))
DIGESTS = 1000
USERS = ALERTS // 2
KEYWORDS = ["react", "accountant", "payments", "terraform", "kubernetes", "computer vision", "sql"]

# Shaped like alerts made from the pages: mostly role-and-state landing pages (72%), city
# pages (12%), landing pages with keywords (6%), whole roles (4%), whole states with keywords
# (4%) and keyword searches across the country (2%); 30% also ask for H-1B, 10% for remote,
# 5% for an employer that has sponsored (2% this role here, 2% any H-1B, 1% a green card)
# and 2% for cap-exempt employers only.
_ALERTS_SQL = """
WITH pick AS (
    SELECT n, random() AS kind, random() AS extra,
           (SELECT array_agg(id) FROM listings_role) AS roles,
           (SELECT array_agg(id) FROM listings_state) AS states
    FROM generate_series(1, %(alerts)s::bigint) AS n
), shaped AS (
    SELECT n, kind, extra,
           roles[1 + (n * 7919) %% cardinality(roles)] AS role_id,
           states[1 + (n * 104729) %% cardinality(states)] AS state_id
    FROM pick
)
INSERT INTO alerts_alert (user_id, query, frequency, paused, keywords, role_id, state_id,
                          city_slug, visa_codes, workplace, posted_days, sponsored,
                          cap_exempt_only, created_at, updated_at)
SELECT u.id, '', 'instant', false,
       CASE WHEN (kind >= 0.84 AND kind < 0.90) OR kind >= 0.94
            THEN (%(keywords)s::text[])[1 + shaped.n %% %(nkeywords)s] ELSE '' END,
       CASE WHEN kind < 0.94 THEN role_id END,
       CASE WHEN kind < 0.90 OR (kind >= 0.94 AND kind < 0.98) THEN state_id END,
       CASE WHEN kind >= 0.72 AND kind < 0.84 THEN
           coalesce((SELECT slug FROM listings_city c WHERE c.state_id = shaped.state_id
                     ORDER BY c.id LIMIT 1), '')
       ELSE '' END,
       CASE WHEN extra < 0.3 THEN ARRAY['h-1b']::varchar[] ELSE ARRAY[]::varchar[] END,
       CASE WHEN extra > 0.9 THEN 'remote' ELSE '' END,
       NULL,
       CASE WHEN extra >= 0.45 AND extra < 0.47 THEN 'here'
            WHEN extra >= 0.47 AND extra < 0.49 THEN 'h1b'
            WHEN extra >= 0.49 AND extra < 0.5 THEN 'green-card' ELSE '' END,
       extra >= 0.5 AND extra < 0.52,
       now() - interval '1 day', now()
FROM shaped JOIN bench_user u ON u.n = 1 + shaped.n %% %(users)s
"""


def _make_alerts() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_user AS SELECT n, NULL::bigint AS id "
            "FROM generate_series(1, %s) AS n",
            [USERS],
        )
        cursor.execute(
            "WITH made AS (INSERT INTO accounts_user (password, last_login, is_superuser, "
            "first_name, last_name, is_staff, is_active, date_joined, email) "
            "SELECT '!', NULL, false, '', '', false, true, now(), 'bench' || n || '@example.com' "
            "FROM generate_series(1, %s) AS n RETURNING id, email) "
            "UPDATE bench_user b SET id = made.id FROM made "
            "WHERE made.email = 'bench' || b.n || '@example.com'",
            [USERS],
        )
        cursor.execute(
            'INSERT INTO account_emailaddress (user_id, email, verified, "primary") '
            "SELECT id, 'bench' || n || '@example.com', true, true FROM bench_user"
        )
        params = {"alerts": ALERTS, "users": USERS, "keywords": KEYWORDS}
        cursor.execute(_ALERTS_SQL, {**params, "nkeywords": len(KEYWORDS)})
        cursor.execute("ANALYZE alerts_alert")


def _query_string(alert: Alert) -> dict:
    data = {"q": alert.keywords, "visa": alert.visa_codes, "remote": alert.workplace}
    data["role"] = alert.role.slug if alert.role_id else ""
    data["state"] = alert.state.slug if alert.state_id else ""
    data["city"] = alert.city_slug
    return {key: value for key, value in data.items() if value}


def _loop_match(alerts: list[Alert], batch) -> int:
    """The naive design: one query per alert, through the search page's FilterSet."""
    found = 0
    for alert in alerts:
        jobs = JobFilter(_query_string(alert), Job.objects.listed().filter(pk__in=batch)).qs
        found += len(jobs.values_list("pk", flat=True))
    return found


def test_set_based_matching_beats_a_query_per_alert(million_jobs):
    # One piece: both strategies are timed in the same run, so their ratio holds.
    newest = Job.objects.order_by("-id").values_list("id", flat=True)[NEW_JOBS - 1]
    Job.objects.filter(id__gte=newest).update(created_at=timezone.now())
    batch = Job.objects.filter(id__gte=newest)
    _make_alerts()

    with connection.cursor() as cursor:
        # The test never commits: check foreign keys as each row goes in, as a commit would.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        matched = match_jobs(batch)
        set_seconds = time.perf_counter() - started
    started = time.perf_counter()
    digest_jobs = prepare_digests()
    prepare_seconds = time.perf_counter() - started

    sample = list(Alert.objects.select_related("role", "state").order_by("?")[:LOOP_SAMPLE])
    started = time.perf_counter()
    _loop_match(sample, batch.values("pk"))
    loop_sample_seconds = time.perf_counter() - started
    loop_seconds = loop_sample_seconds * ALERTS / len(sample)

    report(
        f"Alerts: {ALERTS:,} alerts x {NEW_JOBS:,} new jobs, {million_jobs:,} jobs in the table",
        [
            (
                "set-based match (one INSERT ... SELECT)",
                f"{set_seconds:.2f} s",
                f"{matched:,} pairs",
            ),
            ("statements for the match", len(queries), ""),
            (
                "prepare digests (one statement)",
                f"{prepare_seconds:.2f} s",
                f"{digest_jobs:,} jobs",
            ),
            ("match and digests together", f"{set_seconds + prepare_seconds:.2f} s", ""),
            (
                f"query per alert, {len(sample):,} alerts timed",
                f"{loop_sample_seconds:.2f} s",
                f"x{ALERTS / len(sample):.0f} = {loop_seconds:.1f} s estimated",
            ),
            ("speed-up", f"{loop_seconds / set_seconds:.1f}x", ""),
        ],
    )
    assert len(queries) == 1
    assert Delivery.objects.count() == matched == digest_jobs > 0
    # Matches per digest are capped: no alert took more than DIGEST_JOBS from this one batch.
    most = Delivery.objects.values("alert").annotate(n=Count("pk")).order_by("-n").first()
    assert most["n"] <= DIGEST_JOBS
    assert set_seconds + prepare_seconds < 10
    assert loop_seconds > 5 * set_seconds


def test_thousand_digests_open_one_connection_per_batch(million_jobs):
    _make_alerts()
    jobs = list(Job.objects.listed().values_list("pk", flat=True)[:3])
    alerts = list(Alert.objects.values_list("pk", flat=True)[:DIGESTS])
    Delivery.objects.bulk_create(
        Delivery(alert_id=alert, job_id=job, matched_at=timezone.now())
        for alert in alerts
        for job in jobs
    )
    prepare_digests()
    assert Digest.objects.count() == DIGESTS

    inbox = Inbox()
    controller = start_smtp(inbox)
    smtp = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}
    smtp |= {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": controller.port, "EMAIL_USE_TLS": False}
    try:
        with override_settings(
            **smtp, EMAIL_USE_SSL=False, EMAIL_HOST_USER="", EMAIL_HOST_PASSWORD=""
        ):
            started = time.perf_counter()
            sent = emails.send_due_digests()
            seconds = time.perf_counter() - started
    finally:
        controller.stop()

    batches = -(-DIGESTS // settings.ALERTS_SEND_BATCH)
    report(
        f"Digests: {DIGESTS:,} to a local SMTP server, {settings.ALERTS_SEND_BATCH} a batch",
        [
            ("sent", sent, f"{seconds:.2f} s", f"{DIGESTS / seconds:.0f} a second"),
            ("SMTP connections", controller.connections, f"batches: {batches}", ""),
        ],
    )
    assert sent == len(inbox.messages) == DIGESTS
    assert controller.connections == batches
