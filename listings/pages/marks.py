"""A member's own marks on jobs (applied, saved), as controls on job cards: one table of kinds,
each with its rows and its template, read for a whole page in one query.

A page assembled from cached parts (`pages.assembled`) holds a slot for each (kind, job); its
controls are rendered here once per kind and state, so filling a page is a dictionary
lookup per card. A page rendered whole (a job page) renders the same template inline. A new
kind of mark is one more `Mark` in MARKS and one more template under listings/marks/.

Every mark a member has (at most MOST_KEPT of them) is kept in the sessions cache for up to
a minute, and dropped whenever one of them changes, so a page assembled from cached parts
needs no database at all (listings.admission.inline_first). As with the member's own row
(accounts.backends), a page that read the marks just before a change committed, and stored
them just after, keeps the old ones until the minute is up; so does a change made while
Redis was away.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from django.core.cache import caches
from django.db import connection
from django.template.loader import render_to_string

from listings.caching import forget_on_commit
from listings.models import AppliedMark, Job, SavedJob

# PostgreSQL text cannot hold a NUL character, so no job's text can contain a slot.
SLOT = "\x00mark:{kind}:{job}\x00"


@dataclass(frozen=True)
class Mark:
    kind: str
    template: str  # renders the control from `state` (as `state_of` gives it)
    # SELECT (kind, job_id, state as text) of %(user)s's marks on the jobs in %(jobs)s. SQL
    # rather than a QuerySet: it runs on every member page, and compiling the ORM's query
    # would cost more than running it.
    rows: str  # ... WHERE user_id = %(user)s: read() narrows it to jobs or a count
    state_of: Callable[[Job], str]  # the state of a job read with its marks annotated


_APPLIED_ROWS = f"""
    SELECT 'applied', job_id, CASE WHEN applied THEN 'true' ELSE 'false' END
    FROM {AppliedMark._meta.db_table} WHERE user_id = %(user)s
"""


def _applied_state(job: Job) -> str:
    # The annotation from with_applied(): True, False or None (not answered).
    return {True: "true", False: "false"}.get(getattr(job, "applied", None), "")


_SAVED_ROWS = f"""
    SELECT 'saved', job_id, 'true' FROM {SavedJob._meta.db_table} WHERE user_id = %(user)s
"""


def _saved_state(job: Job) -> str:
    # The annotation from with_applied(): True when the member saved the job.
    return "true" if getattr(job, "saved", False) else ""


MARKS = {
    "applied": Mark("applied", "listings/marks/applied.html", _APPLIED_ROWS, _applied_state),
    "saved": Mark("saved", "listings/marks/saved.html", _SAVED_ROWS, _saved_state),
}
UNMARKED = ""  # the state of a job the member has not marked

States = dict[tuple[str, int], str]  # (kind, job id) -> state, for marked jobs only
# A member with more marks than this has each page's read from the database.
MOST_KEPT = 2000
MARKS_SECONDS = 60
_ROWS = " UNION ALL ".join(mark.rows for mark in MARKS.values())
_ROWS_ON_JOBS = f"SELECT * FROM ({_ROWS}) AS marks WHERE job_id = ANY(%(jobs)s)"
_TOO_MANY = "too many"  # kept instead of the marks of a member who has more than MOST_KEPT


def marks_key(user_id) -> str:
    return f"marks:{user_id}"


def read(user, job_ids: Iterable[int]) -> States:
    """The member's state of every kind of mark on these jobs: from their marks kept in the
    sessions cache, else in one query."""
    ids = set(job_ids)
    if not ids:
        return {}
    kept = _kept(user)
    if kept is None:
        return _query(_ROWS_ON_JOBS, user.pk, ids)
    return {mark: state for mark, state in kept.items() if mark[1] in ids}


def _kept(user) -> States | None:
    cache, key = caches["sessions"], marks_key(user.pk)
    # Read with the member (accounts.backends), or else here.
    kept = user.kept_marks if hasattr(user, "kept_marks") else cache.get(key)
    if kept is None:
        every = _query(f"{_ROWS} LIMIT {MOST_KEPT + 1}", user.pk)
        kept = every if len(every) <= MOST_KEPT else _TOO_MANY
        cache.set(key, kept, MARKS_SECONDS)
    return None if kept == _TOO_MANY else kept


def _query(sql: str, user_id, jobs: set[int] = frozenset()) -> States:
    with connection.cursor() as cursor:
        cursor.execute(sql, {"user": user_id, "jobs": sorted(jobs)})
        return {(kind, job_id): state for kind, job_id, state in cursor.fetchall()}


def forget(sender, instance, **_signal) -> None:
    """Receiver: one of a member's marks changed. Their kept marks are dropped now and
    again when the change commits: a page they opened meanwhile may have kept the old."""
    forget_on_commit(caches["sessions"], marks_key(instance.user_id))


def known(jobs: list[Job]) -> dict[tuple[str, int], str]:
    """The states of jobs read with their marks annotated (`JobQuerySet.with_applied`), as
    read() gives them."""
    return {(kind, job.pk): mark.state_of(job) for kind, mark in MARKS.items() for job in jobs}


@cache
def control(kind: str, state: str) -> str:
    """The control of one kind in one state, rendered once per process."""
    return render_to_string(MARKS[kind].template, {"state": state})


def inline(kind: str, job: Job) -> str:
    return control(kind, MARKS[kind].state_of(job))


def slot(kind: str, job: Job) -> str:
    return SLOT.format(kind=kind, job=job.pk)
