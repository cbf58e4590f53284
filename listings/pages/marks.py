"""A member's own marks on jobs (applied, ...), as controls on job cards: one table of kinds,
each with its rows and its template, read for a whole page in one query.

A page assembled from cached parts (`pages.assembled`) holds a slot for each (kind, job); its
controls are rendered here once per kind and state, so filling a page is a dictionary
lookup per card. A page rendered whole (a job page) renders the same template inline. A new
kind of mark is one more `Mark` in MARKS and one more template under listings/marks/.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.template.loader import render_to_string

from listings.models import AppliedMark, Job

# PostgreSQL text cannot hold a NUL character, so no job's text can contain a slot.
SLOT = "\x00mark:{kind}:{job}\x00"


@dataclass(frozen=True)
class Mark:
    kind: str
    template: str  # renders the control from `state` (as `state_of` gives it)
    # SELECT (kind, job_id, state as text) of %(user)s's marks on the jobs in %(jobs)s. SQL
    # rather than a QuerySet: it runs on every member page, and compiling the ORM's query
    # would cost more than running it.
    rows: str
    state_of: Callable[[Job], str]  # the state of a job read with its marks annotated


_APPLIED_ROWS = f"""
    SELECT 'applied', job_id, CASE WHEN applied THEN 'true' ELSE 'false' END
    FROM {AppliedMark._meta.db_table} WHERE user_id = %(user)s AND job_id = ANY(%(jobs)s)
"""


def _applied_state(job: Job) -> str:
    # The annotation from with_applied(): True, False or None (not answered).
    return {True: "true", False: "false"}.get(getattr(job, "applied", None), "")


MARKS = {
    "applied": Mark("applied", "listings/marks/applied.html", _APPLIED_ROWS, _applied_state),
}
UNMARKED = ""  # the state of a job the member has not marked


def read(user, job_ids: Iterable[int]) -> dict[tuple[str, int], str]:
    """The member's state of every kind of mark on these jobs, in one query."""
    ids = sorted(set(job_ids))
    if not ids:
        return {}
    sql = " UNION ALL ".join(mark.rows for mark in MARKS.values())
    with connection.cursor() as cursor:
        cursor.execute(sql, {"user": user.pk, "jobs": ids})
        return {(kind, job_id): state for kind, job_id, state in cursor.fetchall()}


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
