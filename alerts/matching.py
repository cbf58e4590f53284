"""Matching new jobs to alerts, and turning what matched into digests, in set-based SQL.

Each function runs a fixed number of statements, however many alerts and jobs there are:
every alert meets every new job in one INSERT ... SELECT join, and the unique (alert, job)
constraint makes a repeat of any batch harmless. A run records at most DIGEST_JOBS jobs per
alert, the newest; a digest shows at most DIGEST_JOBS and links to the search for the rest.

A digest owns its alert's deliveries by a range of `matched_at` rather than by a column on each
delivery, so making digests writes one row per digest, not one per job. That needs every
delivery's `matched_at` to be later than any digest range made before it committed: the match
and the digest-making take the same transaction-level advisory lock, and each stamps its time
with clock_timestamp() only once it holds the lock. A match that committed before a digest was
made is therefore visible to it and earlier than its `matched_until`; a match that commits
after got the lock after the digest's transaction ended, so it is later.
"""

from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from alerts.models import Alert, Digest, MatchCursor
from alerts.search import FIELDS
from listings.models import Job, JobQuerySet

# Jobs are batched by created_at, which the importer's clock stamps before its transaction
# commits; re-reading this much before the cursor catches jobs that committed late.
OVERLAP = timedelta(minutes=10)

# Most jobs a digest lists, and most deliveries one run records for an alert (the newest).
DIGEST_JOBS = 20

# Serialises matching with digest-making (pg_advisory_xact_lock key: "alerts" in ASCII).
_LOCK_SQL = "SELECT pg_advisory_xact_lock(418464736372);\n"

# The rest of an alert's search, after the join has matched role, state and perhaps keywords:
# one condition per JobFilter field (alerts.search.FIELDS). An alert is about jobs that arrive
# after it is made, not the ones its creator has just seen.
_CONDITIONS = " AND ".join(
    ["j.created_at >= a.created_at", *(f.where for f in FIELDS.values() if f.where)]
)
_KEYWORDS = "AND (a.keywords = '' OR j.search_vector @@ a.keywords_query)"
# One branch per way an alert can pin the place, so each is an equality (hash) join and not
# a comparison of every alert with every job. Alerts without a role that search keywords (a
# whole state, or the whole country) meet the new jobs through `hit`, which runs each distinct
# keyword query once per job rather than once per alert and job; the others with a role check
# their keywords on the few jobs of their role (and state).
_JOINS = (
    ("new_job j JOIN alert a ON a.role_id = j.role_id AND a.state_id = j.state_id", _KEYWORDS),
    ("new_job j JOIN alert a ON a.role_id = j.role_id AND a.state_id IS NULL", _KEYWORDS),
    (
        "new_job j JOIN alert a ON a.role_id IS NULL AND a.state_id = j.state_id"
        " AND a.keywords = ''",
        "",
    ),
    (
        "new_job j JOIN alert a ON a.role_id IS NULL AND a.state_id IS NULL AND a.keywords = ''",
        "",
    ),
    (
        "hit h JOIN new_job j ON j.id = h.job_id JOIN alert a ON a.keywords = h.keywords"
        " AND a.role_id IS NULL AND a.state_id = j.state_id",
        "",
    ),
    (
        "hit h JOIN new_job j ON j.id = h.job_id JOIN alert a ON a.keywords = h.keywords"
        " AND a.role_id IS NULL AND a.state_id IS NULL",
        "",
    ),
)
# Sorting the candidate pairs to keep each alert's newest is the one large sort: let it happen
# in memory (SET LOCAL lasts until the end of the transaction).
_WORK_MEM_SQL = "SET LOCAL work_mem = '256MB';\n"
_MATCH_SQL = """
WITH alert AS MATERIALIZED (
    SELECT a.id, a.user_id, a.created_at, a.keywords_query, {alert_columns}
    FROM alerts_alert a
    WHERE NOT a.paused AND EXISTS (
        SELECT 1 FROM account_emailaddress e
        WHERE e.user_id = a.user_id AND e.verified AND e."primary"
    )
), new_job AS MATERIALIZED (
    {new_jobs}
), keyword AS MATERIALIZED (
    SELECT keywords, websearch_to_tsquery('english', keywords) AS query
    FROM (
        SELECT DISTINCT keywords FROM alert WHERE keywords <> '' AND role_id IS NULL
    ) AS distinct_keywords
), hit AS MATERIALIZED (
    SELECT k.keywords, j.id AS job_id FROM keyword k JOIN new_job j ON j.search_vector @@ k.query
), stamp AS MATERIALIZED (
    SELECT clock_timestamp() AS matched_at
)
INSERT INTO alerts_delivery (alert_id, job_id, matched_at)
SELECT ranked.alert_id, ranked.job_id, stamp.matched_at
FROM (
    SELECT matched.alert_id, matched.job_id, row_number() OVER (
        PARTITION BY matched.alert_id ORDER BY matched.posted_at DESC, matched.job_id DESC
    ) AS rank
    FROM (
{branches}
    ) AS matched
) AS ranked CROSS JOIN stamp
WHERE ranked.rank <= {cap}
ON CONFLICT (alert_id, job_id) DO NOTHING
"""
_BRANCH = "SELECT a.id AS alert_id, j.id AS job_id, j.posted_at FROM {join} WHERE {where}"


def match_jobs(jobs: JobQuerySet) -> int:
    """Records a delivery for every alert each listed job of `jobs` matches, at most the
    DIGEST_JOBS newest per alert; returns how many were new. One round trip: the lock and
    the INSERT ... SELECT, run as one implicit transaction when not inside one."""
    new_jobs, params = _new_jobs(jobs)
    branches = "\nUNION ALL\n".join(
        _BRANCH.format(join=join, where=f"{_CONDITIONS} {more}") for join, more in _JOINS
    )
    sql = _MATCH_SQL.format(
        alert_columns=_alert_columns(), new_jobs=new_jobs, branches=branches, cap=DIGEST_JOBS
    )
    return _run_locked(sql, params)


# What the joins and the ranking read from every new job, whatever the alerts ask.
_JOB_COLUMNS = ("id", "role_id", "state_id", "posted_at", "created_at", "search_vector")


def _new_jobs(jobs: JobQuerySet) -> tuple[str, tuple]:
    """The listed jobs of the batch with the columns every field's condition reads, as SQL
    the ORM writes from the same expressions the search page filters on."""
    wanted = {name: expr for f in FIELDS.values() for name, expr in f.job.items()}
    plain = [name for name, expr in wanted.items() if expr is None]
    computed = {name: make() for name, make in wanted.items() if make is not None}
    rows = jobs.listed().order_by().annotate(**computed)
    return rows.values(*_JOB_COLUMNS, *plain, *computed).query.sql_with_params()


def _alert_columns() -> str:
    names = {column for f in FIELDS.values() for column in f.columns}
    return ", ".join(sorted(f"a.{Alert._meta.get_field(name).column}" for name in names))


def _run_locked(sql: str, params) -> int:
    """Runs `sql` after taking the matching lock, in one round trip (psycopg2 sends both as
    one query, which PostgreSQL runs as one implicit transaction); returns its row count."""
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_SQL + _WORK_MEM_SQL + sql, params)
        return cursor.rowcount


def match_new_jobs() -> int:
    """Matches the jobs created since the last run (plus the overlap) and moves the cursor.
    Concurrent runs queue on the cursor row, so each batch is matched once at a time."""
    with transaction.atomic():
        now = timezone.now()
        cursor, created = MatchCursor.objects.select_for_update().get_or_create(
            pk=1, defaults={"matched_until": now}
        )
        since = cursor.matched_until - OVERLAP
        matched = match_jobs(Job.objects.filter(created_at__gte=since, created_at__lte=now))
        cursor.matched_until = now
        cursor.save(update_fields=["matched_until"])
    return matched


# An alert is due for a digest when it has deliveries no digest has taken, no digest still
# open, and its last digest was made at least one period ago. The digest takes every waiting
# delivery with it: the range from the alert's `digested_until` to now.
_PREPARE_SQL = """
WITH stamp AS MATERIALIZED (
    SELECT clock_timestamp() AS matched_until
), due AS (
    SELECT a.id, a.digested_until FROM alerts_alert a
    WHERE NOT a.paused
      AND (a.last_digest_at IS NULL OR a.last_digest_at <= now() - CASE a.frequency
              WHEN %(weekly)s THEN interval '7 days' - interval '5 minutes'
              WHEN %(daily)s THEN interval '1 day' - interval '5 minutes'
              ELSE interval '0' END)
      AND EXISTS (
          SELECT 1 FROM alerts_delivery d
          WHERE d.alert_id = a.id AND d.matched_at > coalesce(a.digested_until, '-infinity')
      )
      AND NOT EXISTS (
          SELECT 1 FROM alerts_digest g
          WHERE g.alert_id = a.id AND g.status IN (%(pending)s, %(sending)s)
      )
    FOR UPDATE OF a SKIP LOCKED
), made AS (
    INSERT INTO alerts_digest (alert_id, status, created_at, next_attempt_at, attempts,
                               last_error, matched_after, matched_until)
    SELECT due.id, %(pending)s, now(), now(), 0, '', due.digested_until, stamp.matched_until
    FROM due CROSS JOIN stamp
    ON CONFLICT DO NOTHING
    RETURNING id, alert_id, matched_after, matched_until
), stamped AS (
    UPDATE alerts_alert a SET last_digest_at = now(), digested_until = made.matched_until
    FROM made WHERE a.id = made.alert_id
)
SELECT count(*) FROM made JOIN alerts_delivery d
    ON d.alert_id = made.alert_id
   AND d.matched_at > coalesce(made.matched_after, '-infinity')
   AND d.matched_at <= made.matched_until
"""


def prepare_digests() -> int:
    """Makes a digest for every due alert; returns how many jobs they took. One round trip:
    the lock and one statement."""
    with connection.cursor() as cursor:
        cursor.execute(
            _LOCK_SQL + _PREPARE_SQL,
            {
                "weekly": Alert.Frequency.WEEKLY,
                "daily": Alert.Frequency.DAILY,
                "pending": Digest.Status.PENDING,
                "sending": Digest.Status.SENDING,
            },
        )
        return cursor.fetchone()[0]
