"""Keyset (seek) pagination: each page starts after the last job of the one before, so a page
costs the same deep in the list as at its start, and new jobs arriving at the top never
shift what the next page shows."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from listings.models import Job


@dataclass
class Page:
    jobs: list[Job]
    next_cursor: str | None
    is_first: bool


def keyset_page(queryset: QuerySet, sort: str, cursor: str | None, size: int) -> Page:
    """One page of `queryset` (already ordered by `sort`) after the position in `cursor`.
    A cursor that does not parse starts from the first page."""
    position = parse_cursor(sort, cursor) if cursor else None
    if position is not None:
        queryset = queryset.filter(_after(sort, position))
    rows = list(queryset[: size + 1])
    jobs, more = rows[:size], len(rows) > size
    return Page(jobs, make_cursor(sort, jobs[-1]) if more else None, position is None)


# Marks a cursor into the second list of a ranked page ("the rest").
REST = "r"


def ranked_page(queryset: QuerySet, first: Q, cursor: str | None, size: int) -> Page:
    """One page of `queryset` read as two lists, one after the other: the matches of `first`
    (those that rank first), then the rest, each in the queryset's order and paged by its own
    keyset. One query sorts them all, so it is for a search with few matches."""
    in_rest = bool(cursor) and cursor.startswith(REST)
    position = parse_cursor("newest", cursor.removeprefix(REST)) if cursor else None
    rows = queryset.annotate(leads=ExpressionWrapper(first, output_field=BooleanField()))
    if in_rest:
        rows = rows.exclude(first)
    if position is not None:
        after = Q(_after("newest", position))
        rows = rows.filter(after) if in_rest else rows.filter((first & after) | ~first)
    found = list(rows.order_by(F("leads").desc(), *queryset.query.order_by)[: size + 1])
    jobs, more = found[:size], len(found) > size
    is_first = position is None and not in_rest
    if not more:
        return Page(jobs, None, is_first)
    cursor = make_cursor("newest", jobs[-1])
    return Page(jobs, cursor if jobs[-1].leads else REST + cursor, is_first)


def two_lists_page(queryset: QuerySet, first: Q, cursor: str | None, size: int) -> Page:
    """One page of `queryset` (in date order) read as the matches of `first`, then the rest,
    each paged by its own keyset, like `ranked_page`; but each list is read along the date
    index with its own LIMIT (two queries at most), so it holds for a million matches."""
    in_rest = bool(cursor) and cursor.startswith(REST)
    position = parse_cursor("newest", cursor.removeprefix(REST)) if cursor else None
    leading: list[Job] = []
    if not in_rest:
        rows = queryset.filter(first)
        if position is not None:
            rows = rows.filter(_after("newest", position))
        leading = list(rows[: size + 1])
        if len(leading) > size:
            jobs = leading[:size]
            return Page(jobs, make_cursor("newest", jobs[-1]), position is None)
    rest = queryset.exclude(first)
    if in_rest and position is not None:
        rest = rest.filter(_after("newest", position))
    trailing = list(rest[: size + 1 - len(leading)])
    found = leading + trailing
    jobs, more = found[:size], len(found) > size
    is_first = position is None and not in_rest
    if not more:
        return Page(jobs, None, is_first)
    # Ending on a leading job, the next page starts the rest from its top: a bare REST.
    after = "" if len(jobs) <= len(leading) else make_cursor("newest", jobs[-1])
    return Page(jobs, REST + after, is_first)


def windowed_page(
    queryset: QuerySet,
    cursor: str | None,
    size: int,
    window_start: Callable[[datetime, float], datetime | None],
    rows: float,
    unindexed_order: tuple,
) -> Page:
    """One page of `queryset` (newest first, like keyset_page) for a search whose matches
    are too many to sort and too sparse to meet soon along the date index: read from a window
    of recent postings, `window_start(top, rows)` to the page's top (now, or the cursor's
    position), whose bounds let PostgreSQL AND the date index with the text index as bitmaps
    and sort the few matches inside. A window that held fewer than a page is followed by
    one sixteen times as deep, then by the rest (ordered by `unindexed_order`, so the text
    index hands over the matches to sort, rather than the date index being walked)."""
    position = parse_cursor("newest", cursor) if cursor else None
    if position is not None:
        queryset = queryset.filter(_after("newest", position))
    top = position[0] if position is not None else timezone.now()
    found: list[Job] = []
    newer_than = None
    for depth in (rows, rows * 16, None):
        start = window_start(top, depth) if depth is not None else None
        window = queryset if newer_than is None else queryset.filter(posted_at__lt=newer_than)
        if start is not None:
            window = window.filter(posted_at__gte=start)
        else:
            window = window.order_by(*unindexed_order)
        found += window[: size + 1 - len(found)]
        if len(found) > size or start is None:
            break
        newer_than = start
    jobs, more = found[:size], len(found) > size
    return Page(jobs, make_cursor("newest", jobs[-1]) if more else None, position is None)


def make_cursor(sort: str, job: Job) -> str:
    if sort == "salary":
        salary = "none" if job.salary_annual is None else str(job.salary_annual)
        return f"{salary}.{job.pk}"
    micros = int(job.posted_at.timestamp() * 1_000_000)
    return f"{micros}.{job.pk}"


def parse_cursor(sort: str, cursor: str) -> tuple | None:
    key, _, pk = cursor.partition(".")
    if not (pk.isdigit() and len(pk) <= 18):
        return None
    if sort == "salary":
        if key == "none":
            return (None, int(pk))
        return (int(key), int(pk)) if key.isdigit() and len(key) <= 15 else None
    if not (key.isdigit() and len(key) <= 18):
        return None
    try:
        return (datetime.fromtimestamp(int(key) / 1_000_000, tz=UTC), int(pk))
    except (OverflowError, ValueError, OSError):
        return None


def _after(sort: str, position: tuple) -> Q | ExpressionWrapper:
    key, pk = position
    if sort == "salary":
        # Salary order is DESC NULLS LAST: after a null come only smaller ids among nulls;
        # after a value come lower values, equal values with smaller ids, then every null.
        if key is None:
            return Q(salary_annual__isnull=True, id__lt=pk)
        return (
            Q(salary_annual__lt=key)
            | Q(salary_annual=key, id__lt=pk)
            | Q(salary_annual__isnull=True)
        )
    # A row comparison lets PostgreSQL seek straight into the (…, posted_at, id) indexes.
    sql = '("listings_job"."posted_at", "listings_job"."id") < (%s, %s)'
    return ExpressionWrapper(RawSQL(sql, (key, pk)), output_field=BooleanField())
