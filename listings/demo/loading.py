"""Writing the demo's jobs: COPY lines in the importer's columns, ids from the job table's
sequence, deleting earlier demo jobs, and the indexes and foreign keys set aside during a big
load."""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from operator import call, itemgetter

from django.db import DatabaseError, connection, models, transaction

from listings.demo.jobs import SOURCE
from listings.ingest.columns import INSERTED
from listings.models import City, Employer, Job, Role, SponsorEvidence, State, VisaType
from listings.taxonomy.counts import refresh_listing_counts

VISA_COLUMNS = ("job_id", "visatype_id")
NULL = r"\N"
COPY_READ = 1 << 20


class JobLines:
    """Job rows ({column: value}) as COPY text-format lines. The columns are the id and the
    importer's (`ingest.columns.INSERTED`) the generator fills, in that order, then every
    other column of the table at its model default: COPY leaves Django defaults out, and
    NOT NULL would fail. The plan is made from the first row, as all rows have its keys."""

    def __init__(self) -> None:
        self.fields = {f.column: f for f in Job._meta.concrete_fields if not f.generated}
        self.columns: tuple[str, ...] = ()

    def line(self, row: dict) -> str:
        if not self.columns:
            self._plan(row)
        # One C-level pass: itemgetter picks the values, each column's converter renders.
        return "\t".join(map(call, self.converters, self.values(row))) + self.tail

    def _plan(self, row: dict) -> None:
        rest = [column for column in self.fields if column not in INSERTED and column != "id"]
        order = ("id", *INSERTED, *rest)
        unknown = set(row) - set(order)
        if unknown:
            raise ValueError(f"demo rows name columns the job table lacks: {sorted(unknown)}")
        filled = [column for column in order if column in row]
        missing = [self.fields[column] for column in order if column not in row]
        self.values = itemgetter(*filled)
        self.converters = [converter(self.fields[column]) for column in filled]
        defaults = [f.get_db_prep_save(f.get_default(), connection) for f in missing]
        self.tail = "".join(f"\t{copy_value(value)}" for value in defaults) + "\n"
        self.columns = (*filled, *(f.column for f in missing))


_BOOLS = {True: "t", False: "f"}
_NULLABLE_BOOLS = {**_BOOLS, None: NULL}
_PLAIN = (models.IntegerField, models.AutoField, models.ForeignKey, models.DateField,
          models.DecimalField, models.SlugField)  # fmt: skip


def converter(field: models.Field):
    """How a column's values become COPY text, picked once per column: plain str() where
    the value cannot hold a tab, newline or backslash, escaping only for free text."""
    if isinstance(field, models.BooleanField):
        return (_NULLABLE_BOOLS if field.null else _BOOLS).__getitem__
    plain = field.choices or isinstance(field, _PLAIN)
    if field.null:
        return nullable_plain if plain else copy_value
    return str if plain else copy_text


def nullable_plain(value: object) -> str:
    return NULL if value is None else str(value)


def copy_value(value: object) -> str:
    if value is None:
        return NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return copy_text(value)
    return str(value)


def copy_text(value: str) -> str:
    """Escape for COPY's text format. Chained replace: several times faster than translate."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def allocate_job_ids(cursor: object, size: int) -> list[int]:
    """Take ids from the job table's own sequence up front, so visa rows can point at jobs
    before the jobs are copied, and concurrent inserts elsewhere never collide."""
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [Job._meta.db_table, size],
    )
    return [row[0] for row in cursor.fetchall()]


def copy_lines(cursor: object, table: str, columns: tuple[str, ...], lines: list[str]) -> None:
    """COPY the lines, sent as bytes (a StringIO holds four bytes a character) a megabyte
    at a time: each read takes the interpreter lock, which the thread building the next
    chunk gives up only every few milliseconds, so at 8 KB a read (the default) PostgreSQL
    sat waiting for this thread instead of loading beside the builder."""
    if lines:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        cursor.copy_expert(sql, io.BytesIO("".join(lines).encode()), size=COPY_READ)


def delete_demo_jobs() -> int:
    """Delete every demo job: those other rows point at through the ORM, the rest in bulk."""
    deleted = delete_referenced_demo_jobs()
    remaining = Job.objects.filter(source=SOURCE).count()
    if not truncate_demo_only_jobs():
        delete_unreferenced_demo_jobs()
    return deleted + remaining


def delete_referenced_demo_jobs() -> int:
    """The few demo jobs other rows point at (applied marks and the like) go through the
    ORM, which honours each relation's on_delete; it would load every job into memory to
    cascade their visa rows, so the rest are left to plain SQL."""
    demo = Job.objects.filter(source=SOURCE)
    deleted = 0
    # A model whose migration is not applied yet has no table, and so no rows to protect.
    tables = set(connection.introspection.table_names())
    for relation in Job._meta.related_objects:
        if relation.related_model._meta.db_table not in tables:
            continue
        pointed_at = demo.filter(**{f"{relation.field.related_query_name()}__isnull": False})
        jobs = Job.objects.filter(pk__in=pointed_at.values("pk"))
        deleted += jobs.delete()[1].get(Job._meta.label, 0)
    return deleted


def truncate_demo_only_jobs() -> bool:
    """TRUNCATE the jobs when all of them are demo jobs and no other table has rows pointing
    at jobs. DELETE would leave every old row behind as a dead tuple (which the index
    rebuild still reads) and queue a foreign-key check per row for each referencing table."""
    if Job.objects.exclude(source=SOURCE).exists():
        return False
    job_table, visa_table = Job._meta.db_table, Job.visa_types.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT conrelid::regclass::text FROM pg_constraint"
            " WHERE contype = 'f' AND confrelid = %s::regclass AND conrelid <> confrelid",
            [job_table],
        )
        referencing = [row[0] for row in cursor.fetchall()]
        if any(has_rows(cursor, table) for table in referencing if table != visa_table):
            return False
        try:
            # A table pointing at one of these would make TRUNCATE fail: fall back to DELETE.
            with transaction.atomic():
                cursor.execute(f"TRUNCATE {', '.join([job_table, *referencing])}")
        except DatabaseError:
            return False
    return True


def has_rows(cursor: object, table: str) -> bool:
    cursor.execute(f"SELECT EXISTS (SELECT FROM {table})")
    return cursor.fetchone()[0]


def delete_unreferenced_demo_jobs() -> None:
    job_table, visa_table = Job._meta.db_table, Job.visa_types.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {visa_table} WHERE job_id IN "
            f"(SELECT id FROM {job_table} WHERE source = %s)",
            [SOURCE],
        )
        cursor.execute(f"DELETE FROM {job_table} WHERE source = %s", [SOURCE])


@contextmanager
def bulk_load() -> Iterator[None]:
    """The job table's indexes, and its and its visa rows' foreign keys, set aside during a
    big load and made again after it, each in one pass over the new rows."""
    job_table, visa_table = Job._meta.db_table, Job.visa_types.through._meta.db_table
    with connection.cursor() as cursor:
        # DDL refuses a table with foreign-key checks still queued (for the cities just
        # added, say; the keys name the tables they point at too): run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with indexes_rebuilt_after(job_table), foreign_keys_checked_after(job_table, visa_table):
        yield


@contextmanager
def indexes_rebuilt_after(table: str) -> Iterator[None]:
    """Drop the table's plain indexes, load, then build each again in one sorted pass: much
    faster than updating the full-text GIN index row by row. DDL is transactional in
    PostgreSQL, so a failed load gets its indexes back; the price is an exclusive lock on
    the table until commit, which is why only big loads do this. Indexes behind
    constraints (primary key, unique) stay, so they keep checking the new rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
            " WHERE indrelid = %s::regclass AND NOT EXISTS"
            " (SELECT FROM pg_constraint WHERE conindid = indexrelid)",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)


@contextmanager
def foreign_keys_checked_after(*tables: str) -> Iterator[None]:
    """Drop the tables' foreign keys, load, then add each back, which checks every row in
    one join: kept, a key queues a check per row and runs them one at a time (two seconds
    for 100,000 jobs and their visa rows). A row that breaks a key still fails the load,
    and DDL is transactional, so a failed load gets its keys back. Adding a key locks the
    table it references against writes until commit."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [list(tables)],
        )
        keys = cursor.fetchall()
        for table, name, _ in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
    yield
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


def finish_load() -> None:
    """Fresh planner statistics for the new rows, then the home-page counts."""
    # The small tables too: never-analysed, they are guessed at 40-80 rows, and those guesses
    # joined with a million jobs made the planner pick plans ten times slower.
    tables = [Job, Job.visa_types.through, Employer, City, Role, State, VisaType, SponsorEvidence]
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    refresh_listing_counts()
