"""Importing job feeds: `run_import(location, format)` reads a file or URL in one of the
formats below, streaming, and writes it in one transaction, so a refused or interrupted run
leaves the database as it was and can simply be run again."""

import io
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

from listings.ingest.prepare import Vocabulary
from listings.ingest.readers import READERS
from listings.ingest.readers.records import FileRefused, RawJob, Skip
from listings.ingest.readers.streams import URL_TIMEOUT, is_url, open_source
from listings.ingest.summary import Summary
from listings.ingest.upsert import Run
from listings.progress import progress_bar
from listings.sponsors.verified import refresh_verified_sponsors
from listings.taxonomy.counts import refresh_listing_counts

BATCH_SIZE = 1000
# Past this many jobs written, refresh listing counts and planner statistics afterwards.
LARGE_IMPORT = 1000


def origin_for(location: str) -> str:
    return location if is_url(location) else os.path.abspath(location)


def run_import(
    location: str,
    format: str,
    *,
    origin: str | None = None,
    employer: str = "",
    progress: bool = False,
    timeout: float = URL_TIMEOUT,
    allow_mass_expiry: bool = False,
    on_record: Callable[[RawJob | Skip], None] | None = None,
) -> Summary:
    """Import one feed. Raises FileRefused (nothing written) for an unusable file, and its
    ExpiryRefused for a run that would unlist what it could not read."""
    if format not in READERS:
        raise FileRefused(f"unknown format {format!r}: use one of {', '.join(READERS)}")
    with open_source(location, timeout) as (stream, size), transaction.atomic():
        run = Run(origin or origin_for(location))
        records = _records(READERS[format], stream, size, employer, progress, run, on_record)
        _pipeline(run, Vocabulary(), records)
        run.expire_missing(allow_mass_expiry)
    if run.summary.changed:
        # New jobs that say nothing about sponsorship are listed only with a verified
        # history; set that now rather than at the next hourly refresh.
        refresh_verified_sponsors()
    if run.summary.changed >= LARGE_IMPORT:
        refresh_after_large_import()
    return run.summary


def _records(read, stream, size, employer, progress, run, on_record) -> Iterator[list[RawJob]]:
    """Batches of records; skips reported by the reader go straight to the summary."""
    batch: list[RawJob] = []
    for item in _with_progress(read, stream, size, employer, progress):
        if on_record:
            on_record(item)
        if isinstance(item, Skip):
            run.summary.skip(item)
            continue
        batch.append(item)
        if len(batch) >= BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _pipeline(run: Run, vocab: Vocabulary, batches: Iterator[list[RawJob]]) -> None:
    """While one batch is written, the next is parsed and prepared, so PostgreSQL (computing
    search vectors, updating indexes) and Python work at the same time. The writer thread
    uses this thread's connection, so everything stays in one transaction, and the two never
    use it at once: staging, the only database work here, waits for the write before it."""
    connection.inc_thread_sharing()
    writer = ThreadPoolExecutor(
        max_workers=1, initializer=_share_connection, initargs=[connections[DEFAULT_DB_ALIAS]]
    )
    writing, prepared = None, None
    try:
        for batch in batches:
            if writing:
                writing.result()
            staged = run.stage(batch, vocab)
            if prepared:
                writing = writer.submit(run.persist, prepared)
            prepared = run.prepare(staged, vocab)
        if writing:
            writing.result()
        if prepared:
            run.persist(prepared)
    finally:
        writer.shutdown(wait=True)
        connection.dec_thread_sharing()


def _share_connection(shared) -> None:
    connections[DEFAULT_DB_ALIAS] = shared


def _with_progress(read, stream, size: int, employer: str, progress: bool) -> Iterator:
    if not progress:
        yield from read(stream, employer)
        return
    # The bar follows bytes read, which works for any format and never needs a count first.
    bar, task = progress_bar(True, "Importing jobs", size)
    with bar:
        wrapped = bar.wrap_file(stream, task_id=task)
        yield from read(_Peekable(wrapped, stream), employer)


class _Peekable(io.BufferedIOBase):
    """Reads through the counting wrapper (and only `read`: a parser that found `readinto`
    would bypass the count) and peeks at the original stream for the JSON-LD reader."""

    def __init__(self, wrapped, original) -> None:
        super().__init__()
        self._wrapped, self._original = wrapped, original

    def read(self, size: int | None = -1) -> bytes:
        return self._wrapped.read(-1 if size is None else size)

    def read1(self, size: int = -1) -> bytes:
        return self.read(size)

    def peek(self, size: int = 0) -> bytes:
        return self._original.peek(size) if hasattr(self._original, "peek") else b""

    def readable(self) -> bool:
        return True


def refresh_after_large_import() -> None:
    refresh_listing_counts()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE listings_job")
        cursor.execute("ANALYZE listings_jobsource")
