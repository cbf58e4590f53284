"""Judging stored jobs again when the classifier changes: every job whose recorded version
is older, in batches of ids (keyset, never OFFSET), classified in Python and written back
with one UPDATE ... FROM (VALUES ...) per batch. Each batch commits on its own, so an
interrupted run keeps what it did and the next run starts where it stopped."""

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from psycopg2.extras import execute_values

from listings.ingest.normalize import html_to_text
from listings.ingest.pipeline import LARGE_IMPORT, refresh_after_large_import
from listings.ingest.sponsorship.classifier import classify
from listings.ingest.sponsorship.model import VERSION
from listings.models import Job, SponsorshipChange, VisaType
from listings.progress import progress_bar
from listings.taxonomy.counts import refresh_listing_counts

BATCH_SIZE = 500
# Two runs at once (beat and a shell) would judge the same rows twice: the second waits.
_LOCK = "reclassify_jobs"
_SELECT = """
    SELECT id, description_html, sponsorship, sponsorship_evidence FROM listings_job
    WHERE sponsorship_version < %s AND id > %s ORDER BY id LIMIT %s
"""
# Guarded on the version, so a job an import re-judged meanwhile is left as the import wrote it.
_UPDATE = """
    UPDATE listings_job j
    SET sponsorship = v.state, sponsorship_evidence = v.evidence, sponsorship_version = %s,
        accepts_opt = v.opt, accepts_cpt = v.cpt, offer_limited_to = v.limits
    FROM (VALUES %%s) AS v (id, old, state, evidence, opt, cpt, limits)
    WHERE j.id = v.id AND j.sponsorship_version < %s
    RETURNING j.id, v.old, v.state, v.evidence
"""

# A column of NULLs in VALUES would be read as text: the booleans are typed.
_ROW = "(%s, %s, %s, %s, %s::boolean, %s::boolean, %s)"


@dataclass
class Summary:
    judged: int = 0
    changed: int = 0


def pending() -> bool:
    """Cheap (an index probe): is any job judged by an older classifier?"""
    return Job.objects.filter(sponsorship_version__lt=VERSION).exists()


def reclassify_jobs(batch_size: int = BATCH_SIZE, progress: bool = False) -> Summary:
    summary = Summary()
    total = Job.objects.filter(sponsorship_version__lt=VERSION).count() if progress else 0
    visas = dict(VisaType.objects.values_list("name", "id"))
    bar, task = progress_bar(progress, "Re-judging sponsorship", total)
    last_id = 0
    with bar:
        while True:
            with transaction.atomic():
                rows = _batch(last_id, batch_size)
                if not rows:
                    break
                summary.judged += len(rows)
                summary.changed += _write(rows, visas)
            last_id = rows[-1][0]
            bar.advance(task, len(rows))
    # Listing pages show stated jobs; the per-page counts must follow the new states, as
    # after an import (and planner statistics too, after a large one).
    if summary.changed >= LARGE_IMPORT:
        refresh_after_large_import()
    elif summary.changed:
        refresh_listing_counts()
    return summary


def _batch(after: int, size: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [_LOCK])
        cursor.execute(_SELECT, [VERSION, after, size])
        return cursor.fetchall()


def _write(rows: list[tuple], visas: dict[str, int]) -> int:
    """Write one batch; returns how many jobs changed state (and were recorded as flips)."""
    values, visa_rows = [], []
    for job_id, description, old, old_evidence in rows:
        verdict = classify(_text(description, old_evidence))
        values.append(
            (
                job_id,
                old,
                str(verdict.state),
                verdict.evidence,
                verdict.accepts_opt,
                verdict.accepts_cpt,
                " ".join(verdict.limited_to),
            )
        )
        visa_rows.extend((job_id, visas[n]) for n in verdict.visa_types if n in visas)
    with connection.cursor() as cursor:
        sql = _UPDATE % (VERSION, VERSION)
        written = execute_values(
            cursor.cursor, sql, values, _ROW, page_size=len(values), fetch=True
        )
        ids = [row[0] for row in written]
        _replace_visa_types(cursor, ids, [r for r in visa_rows if r[0] in set(ids)])
    return SponsorshipChange.objects.record(written, timezone.now())


def _text(description_html: str, old_evidence: str) -> str:
    """The description as the importer classified it. Feed fields kept outside the
    description (a structured "Visa sponsorship: No") survive only in the stored evidence,
    so that is judged too when the description does not hold it."""
    text = html_to_text(description_html)
    if old_evidence and old_evidence not in text:
        return f"{text}\n{old_evidence}"
    return text


def _replace_visa_types(cursor, ids: list[int], rows: list[tuple[int, int]]) -> None:
    through = Job.visa_types.through._meta.db_table
    cursor.execute(f"DELETE FROM {through} WHERE job_id = ANY(%s)", [ids])
    if rows:
        execute_values(
            cursor.cursor,
            f"INSERT INTO {through} (job_id, visatype_id) VALUES %s ON CONFLICT DO NOTHING",
            rows,
            page_size=len(rows),
        )
