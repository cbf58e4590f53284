"""`manage.py seed_demo`: fill the board with realistic, repeatable demo jobs, fast.

Jobs go in through PostgreSQL COPY in chunks, so a million rows take minutes rather than
hours, and everything runs in one transaction, so a failure leaves nothing half-written.
The same --seed always gives the same jobs in the same order. What the jobs are made of lives
in `listings.demo`.
"""

import random
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from listings.demo import loading, plan
from listings.demo.jobs import SOURCE, JobFactory
from listings.demo.records import write_demo_records
from listings.models import Job, Role
from listings.sponsors.verified import refresh_verified_sponsors

MAX_JOBS = 5_000_000
# COPY is the slow side, so a small chunk matters for the first one only: PostgreSQL starts
# on it a quarter of a second into the load rather than a second and a half.
CHUNK_SIZE = 10_000
# From this many jobs on, the job table's indexes and foreign keys are set aside during the
# load and made again after it.
BULK_LOAD_JOBS = 100_000


class Command(BaseCommand):
    help = "Load deterministic demo jobs (fictional employers, real cities) with COPY."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jobs", type=int, default=3000, help="How many jobs (1 to 5M).")
        parser.add_argument(
            "--seed", type=int, default=42, help="Random seed; same seed, same jobs."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when any job exists."
        )
        parser.add_argument(
            "--replace", action="store_true", help="Delete earlier demo jobs first."
        )

    def handle(self, *args: object, **options: object) -> None:
        jobs, seed = options["jobs"], options["seed"]
        # call_command(jobs=...) skips argparse, so the range is checked here, not by a type.
        if not isinstance(jobs, int) or not 1 <= jobs <= MAX_JOBS:
            raise CommandError(f"--jobs must be a whole number from 1 to {MAX_JOBS:,}.")
        if options["if_empty"] and Job.objects.exists():
            self.stdout.write("Jobs already present; demo data not loaded.")
            return
        self.verbosity = options["verbosity"]
        started = time.monotonic()
        with transaction.atomic():
            self.clear_previous(bool(options["replace"]))
            employers, new_employers = plan.ensure_employers()
            states, new_cities = plan.ensure_cities()
            roles = list(Role.objects.order_by("slug"))
            filings = write_demo_records(roles, [state.code for state in states])
            refs = plan.References(
                roles,
                states,
                employers,
                plan.visa_ids(),
                plan.sponsor_evidence(),
                plan.sponsors_of("h1b"),
                plan.sponsors_of("perm"),
            )
            # Rebuilding pays off only when the load outweighs the rows already there.
            big = jobs >= max(BULK_LOAD_JOBS, Job.objects.count())
            with loading.bulk_load() if big else nullcontext():
                self.load_jobs(JobFactory(random.Random(seed), refs, jobs), jobs)
            loading.finish_load()
            # The badge is the refresh's to give: it re-derives every job's flag from the
            # filings (and changes none, when the load above read them right).
            corrected = refresh_verified_sponsors()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Created {jobs:,} jobs, {new_employers} employers, {new_cities} cities "
            f"and {filings:,} LCA filings in {elapsed:.1f}s"
        )
        if corrected:
            self.stderr.write(f"The sponsorship refresh corrected {corrected:,} jobs' badges.")

    def clear_previous(self, replace: bool) -> None:
        if not Job.objects.filter(source=SOURCE).exists():
            return
        if not replace:
            raise CommandError("Demo jobs are already loaded; pass --replace to reload them.")
        deleted = loading.delete_demo_jobs()
        self.log(f"Deleted {deleted:,} earlier demo jobs")

    def load_jobs(self, factory: JobFactory, total: int) -> None:
        """COPY chunk after chunk while one worker thread builds the next one: PostgreSQL
        (computing search vectors) and Python (building rows) then share the two cores.
        Chunks are built strictly in order, so the output still depends on the seed only."""
        lines = loading.JobLines()
        visa_table = Job.visa_types.through._meta.db_table
        starts = range(0, total, CHUNK_SIZE)
        with connection.cursor() as cursor, ThreadPoolExecutor(max_workers=1) as builder:
            pending = self.build_next(builder, cursor, factory, lines, starts[0], total)
            for start in starts:
                job_lines, visa_lines = pending.result()
                if start + CHUNK_SIZE < total:
                    pending = self.build_next(
                        builder, cursor, factory, lines, start + CHUNK_SIZE, total
                    )
                loading.copy_lines(cursor, Job._meta.db_table, lines.columns, job_lines)
                loading.copy_lines(cursor, visa_table, loading.VISA_COLUMNS, visa_lines)
                self.log(f"  {min(start + CHUNK_SIZE, total):,} / {total:,} jobs")

    def build_next(
        self,
        builder: ThreadPoolExecutor,
        cursor: object,
        factory: JobFactory,
        lines: loading.JobLines,
        start: int,
        total: int,
    ) -> Future:
        # Ids come from the database, so this thread takes them; the worker never touches it.
        ids = loading.allocate_job_ids(cursor, min(CHUNK_SIZE, total - start))
        return builder.submit(build_chunk, factory, lines, start, ids)

    def log(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(message)


def build_chunk(
    factory: JobFactory, lines: loading.JobLines, start: int, ids: list[int]
) -> tuple[list[str], list[str]]:
    job_lines, visa_lines = [], []
    for index, job_id in enumerate(ids, start):
        row, visa_ids = factory.job(index, job_id)
        job_lines.append(lines.line(row))
        visa_lines.extend(f"{job_id}\t{visa_id}\n" for visa_id in visa_ids)
    return job_lines, visa_lines
