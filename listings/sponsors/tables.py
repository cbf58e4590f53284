"""What every government-file import shares: opening a file whatever its encoding, reading
rows with their line numbers in constant memory, a progress bar on a terminal, a summary with
the skipped rows, and a staging table that a whole file is copied into before one set-based
statement merges it."""

import codecs
import csv
import io
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from listings.models import DataImport

SKIPS_SHOWN = 20  # the first skipped rows are listed; the rest are counted by reason
COPY_BATCH = 5000
COPY_CHUNK = 1000  # rows per piece of the streamed COPY: about 100 kB for a PERM row
NULL = r"\N"

# Real-world cells can be long (job titles, addresses) but never megabytes.
csv.field_size_limit(1_000_000)


class BadFile(Exception):
    """The file as a whole cannot be imported; the message is one line for the operator."""


class RowError(ValueError):
    """One row cannot be imported; the message is the reason shown in the summary."""


@dataclass
class Summary:
    label: str
    rows: int = 0
    skipped: int = 0
    written: int = 0
    layout: str = ""
    years: set[int] = field(default_factory=set)
    reasons: Counter = field(default_factory=Counter)
    first_skips: list[tuple[int, str]] = field(default_factory=list)

    def skip(self, line: int, reason: str) -> None:
        self.skipped += 1
        self.reasons[reason] += 1
        if len(self.first_skips) < SKIPS_SHOWN:
            self.first_skips.append((line, reason))

    def lines(self) -> list[str]:
        text = [
            f"{self.label}: {self.rows:,} rows read, {self.rows - self.skipped:,} imported, "
            f"{self.skipped:,} skipped, {self.written:,} records added or changed."
        ]
        if self.layout:
            text.append(f"Layout: {self.layout}.")
        if self.years:
            text.append(f"Fiscal years: {', '.join(str(y) for y in sorted(self.years))}.")
        text += [f"  line {line}: skipped, {reason}" for line, reason in self.first_skips]
        if self.skipped > len(self.first_skips):
            text.append("Skipped rows by reason:")
            text += [f"  {count:,} × {reason}" for reason, count in self.reasons.most_common()]
        return text


# ---- opening files ------------------------------------------------------------------------


def sniff_encoding(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if len(head) >= 4 and head[1] == 0 and head[3] == 0:
        return "utf-16-le"  # UTF-16 that lost its BOM
    return "utf-8"


def is_utf8(raw: IO[bytes]) -> bool:
    """Reads the whole stream once, in chunks, to tell UTF-8 from a legacy code page."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := raw.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


class CountingReader(io.RawIOBase):
    """Passes bytes through and counts them, for the progress bar."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


@dataclass
class Table:
    """A delimited text file: its header and its rows with physical line numbers."""

    header: list[str]
    reader: Any
    counter: CountingReader
    size: int

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        try:
            for row in self.reader:
                # A blank line, or a row of empty cells padding the end of an export.
                if not row or not (row[0].strip() or any(cell.strip() for cell in row)):
                    continue
                yield self.reader.line_num, row
        except UnicodeDecodeError as error:
            raise BadFile(
                f"not valid text near byte {self.counter.count:,} ({error.reason})"
            ) from None
        except csv.Error as error:
            raise BadFile(f"unreadable CSV at line {self.reader.line_num}: {error}") from None


def open_table(raw: IO[bytes], size: int, encoding: str | None = None) -> Table:
    """Opens CSV or tab-separated text in UTF-8, UTF-8 with BOM or UTF-16 (with or without
    BOM); the delimiter is whichever of tab or comma the header line uses."""
    counter = CountingReader(raw)
    buffered = io.BufferedReader(counter, buffer_size=1 << 16)
    encoding = encoding or sniff_encoding(buffered.peek(4)[:4])
    text = io.TextIOWrapper(buffered, encoding=encoding, newline="")
    try:
        first = text.readline()
    except UnicodeDecodeError:
        raise BadFile(f"not {encoding} text") from None
    if not first.strip():
        raise BadFile("the file is empty")
    if "\x00" in first:
        raise BadFile("not a text file")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        header = next(csv.reader([first], delimiter=delimiter))
    except csv.Error as error:
        raise BadFile(f"unreadable header: {error}") from None
    reader = csv.reader(text, delimiter=delimiter)
    reader_line_offset = _LineOffset(reader, 1)
    return Table(header, reader_line_offset, counter, size)


class _LineOffset:
    """A csv.reader whose line numbers count the header line read before it existed."""

    def __init__(self, reader, offset: int) -> None:
        self.reader = reader
        self.offset = offset

    def __iter__(self):
        return self

    def __next__(self):
        return next(self.reader)

    @property
    def line_num(self) -> int:
        return self.reader.line_num + self.offset


def open_path(path: str) -> tuple[IO[bytes], int]:
    file = Path(path)
    if not file.exists():
        raise BadFile(f"{path}: no such file")
    if file.is_dir():
        raise BadFile(f"{path} is a folder; give a file")
    try:
        return file.open("rb"), file.stat().st_size
    except OSError as error:
        raise BadFile(f"{path}: {error.strerror}") from None


def is_xlsx(raw: IO[bytes]) -> bool:
    """A zip archive, as xlsx workbooks are; whether it is a sound one is openpyxl's call."""
    head = raw.read(4)
    raw.seek(0)
    return head == b"PK\x03\x04"


# ---- progress ----------------------------------------------------------------------------


# ---- cell parsing ------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """Any cell (CSV text or an xlsx value) as stripped text; Excel's ="..." wrapping undone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1].strip()
    return text


def parse_count(text: str, what: str) -> int:
    cleaned = text.replace(",", "").strip() or "0"
    if not cleaned.isdigit():
        raise RowError(f"{what} is not a count ({text[:30]!r})")
    number = int(cleaned)
    if number > 10_000_000:
        raise RowError(f"{what} is implausibly large ({number:,})")
    return number


def parse_money(text: str) -> Decimal | None:
    cleaned = text.replace("$", "").replace(",", "").strip()
    if not cleaned:
        return None
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount >= 10**9:
        return None
    return amount.quantize(Decimal("0.01"))


_EXCEL_EPOCH = date(1899, 12, 30)


@lru_cache(maxsize=16384)  # a file holds a few thousand distinct dates in a million rows
def parse_date(text: str) -> date | None:
    """ISO dates, US m/d/Y (either with a time, as in "3/28/2005 0:00:00"), or an Excel
    serial day number."""
    text = text.strip()
    if not text:
        return None
    day = text.split(None, 1)[0].split("T", 1)[0]
    try:
        return date.fromisoformat(day)
    except ValueError:
        pass
    for fmt in ("%m/%d/%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(day, fmt).date()
        except ValueError:
            continue
    if text.replace(".", "", 1).isdigit():
        serial = float(text)
        if 20000 < serial < 80000:
            return _EXCEL_EPOCH + timedelta(days=int(serial))
    raise RowError(f"unreadable date ({text[:30]!r})")


def state_code(text: str) -> str:
    code = text.strip().upper()
    if not code:
        return ""
    if len(code) != 2 or not code.isalpha():
        raise RowError(f"not a state code ({text[:20]!r})")
    return code


# ---- staging -----------------------------------------------------------------------------


class Staging:
    """A temporary table filled with COPY, dropped at commit: the file streams in with constant
    memory and the real tables change in one statement at the end."""

    def __init__(self, cursor, name: str, columns: dict[str, str]) -> None:
        self.cursor = cursor
        self.name = name
        self.columns = list(columns)
        ddl = ", ".join(f"{column} {kind}" for column, kind in columns.items())
        # Inside an outer transaction (a test, a caller's atomic block) the commit that
        # drops it has not happened yet.
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{name}")
        cursor.execute(f"CREATE TEMP TABLE {name} ({ddl}) ON COMMIT DROP")
        self.copy_sql = (
            f"COPY {name} ({', '.join(self.columns)}) FROM STDIN WITH (FORMAT csv, NULL '{NULL}')"
        )
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\n")
        self.pending = 0

    def add(self, row: tuple) -> None:
        self.writer.writerow([NULL if value is None else value for value in row])
        self.pending += 1
        if self.pending >= COPY_BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        self.buffer.seek(0)
        self.cursor.copy_expert(self.copy_sql, self.buffer)
        self.buffer.seek(0)
        self.buffer.truncate()
        self.pending = 0

    def fill(
        self,
        rows: Iterator[tuple[int, list]],
        parse: Callable[[list], tuple],
        summary: Summary,
        year_at: int,
        on_progress: Callable[[], None],
    ) -> None:
        """Parses every row into the table; a row that does not parse is a reported skip,
        and a file with nothing importable is refused. The whole file is one COPY that pulls
        rows as PostgreSQL reads them, so the server stores one batch while this process
        parses the next."""

        def batches() -> Iterator[str]:
            for line, row in rows:
                summary.rows += 1
                try:
                    values = parse(row)
                except RowError as error:
                    summary.skip(line, str(error))
                    continue
                summary.years.add(values[year_at])
                self.writer.writerow([line, *(NULL if v is None else v for v in values)])
                self.pending += 1
                if self.pending >= COPY_CHUNK:
                    on_progress()
                    yield self._take()
            yield self._take()

        reader = _Reader(batches())
        self.cursor.copy_expert(self.copy_sql, reader)
        if reader.error:
            raise reader.error
        if summary.rows == summary.skipped:
            raise BadFile("no importable rows" if summary.rows else "no data rows")

    def _take(self) -> str:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        self.pending = 0
        return text


class _Reader:
    """The file-like object COPY reads: each read returns the next batch of CSV text, and ""
    once the rows are spent. An error reading the file ends the COPY and is kept to be raised
    after it (psycopg2 would turn it into a cancelled query), so the operator reads the
    file's problem and the transaction rolls back."""

    def __init__(self, batches: Iterator[str]) -> None:
        self.batches = batches
        self.error: Exception | None = None

    def read(self, size: int = -1) -> str:
        try:
            for text in self.batches:
                if text:
                    return text
        except Exception as error:  # raised again once COPY has returned
            self.error = error
        return ""


def latest_decision_wins(table: str, stage: str, columns: list[str]) -> str:
    """The upsert of filings keyed by case number from a staging table: the row decided last
    wins, within the file (DISTINCT ON) and against what an earlier file stored (the WHERE),
    and a row equal to the stored one is not written."""
    names = ", ".join(columns)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c != "case_number")
    old = ", ".join(f"f.{c}" for c in columns)
    new = ", ".join(f"EXCLUDED.{c}" for c in columns)
    return f"""
        INSERT INTO {table} AS f ({names})
        SELECT DISTINCT ON (case_number) {names} FROM {stage}
        ORDER BY case_number, decision_date DESC NULLS LAST, line DESC
        ON CONFLICT (case_number) DO UPDATE SET {updates}
        WHERE COALESCE(EXCLUDED.decision_date, '-infinity')
              >= COALESCE(f.decision_date, '-infinity')
          AND ({old}) IS DISTINCT FROM ({new})
    """


def merge(cursor, merge_sql: str, kind: str, path: str, summary: Summary) -> None:
    """Runs the one statement that merges the staging table, and records the import."""
    cursor.execute(merge_sql)
    summary.written = cursor.rowcount
    DataImport.objects.create(
        kind=kind,
        file_name=Path(path).name[:300],
        rows=summary.rows - summary.skipped,
        skipped=summary.skipped,
        first_year=min(summary.years),
        last_year=max(summary.years),
    )
