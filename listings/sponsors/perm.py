"""DOL OFLC PERM disclosure files (labor certifications, the first step of most employment
green cards), as xlsx or CSV, in every layout DOL has published: the revised ETA-9089 form
(FY2024 on: EMP_BUSINESS_NAME, PWD_SOC_CODE, JOB_OPP_WAGE_FROM), the FY2020-era one
(EMPLOYER_NAME, PW_SOC_CODE, WAGE_OFFER_FROM), FY2008 to FY2019 with its "_9089" suffixes, and
the first files of FY2005 to FY2007. Each case is kept once, with its latest status; employers
meet the other government records on the same normalised names."""

import re
from functools import lru_cache
from operator import itemgetter

from django.db import connection, transaction

from listings.models import DataImport
from listings.progress import progress_bar
from listings.sponsors.lca import annualise, fiscal_year_of, soc_code, xlsx_rows
from listings.sponsors.names import normalize_employer_name
from listings.sponsors.tables import (
    BadFile,
    RowError,
    Staging,
    Summary,
    cell_text,
    is_utf8,
    is_xlsx,
    latest_decision_wins,
    merge,
    open_path,
    open_table,
    parse_date,
    parse_money,
    sniff_encoding,
)
from listings.taxonomy.vocabulary import STATES

# Each value we read, and the names the layouts give its column, the likeliest first: the
# job title is the employer's own (JOB_INFO_JOB_TITLE, FY2005's EMPLOYER_JOB_TITLE) before
# the prevailing-wage request's (PW_JOB_TITLE_9089, the only one FY2008 to FY2014 have).
SOURCES = {
    "CASE_NUMBER": ("CASE_NUMBER", "CASE_NO"),
    "CASE_STATUS": ("CASE_STATUS",),
    "RECEIVED_DATE": ("RECEIVED_DATE", "CASE_RECEIVED_DATE"),
    "DECISION_DATE": ("DECISION_DATE",),
    "EMPLOYER_NAME": ("EMPLOYER_NAME", "EMP_BUSINESS_NAME"),
    "NAICS_CODE": ("NAICS_CODE", "EMP_NAICS", "NAICS_US_CODE", "2007_NAICS_US_CODE"),
    "SOC_CODE": ("PW_SOC_CODE", "PWD_SOC_CODE"),
    "SOC_TITLE": ("PW_SOC_TITLE", "PWD_SOC_TITLE"),
    "JOB_TITLE": ("JOB_TITLE", "JOB_INFO_JOB_TITLE", "EMPLOYER_JOB_TITLE", "PW_JOB_TITLE_9089"),
    "WORKSITE_CITY": ("WORKSITE_CITY", "PRIMARY_WORKSITE_CITY", "JOB_INFO_WORK_CITY"),
    "WORKSITE_STATE": ("WORKSITE_STATE", "PRIMARY_WORKSITE_STATE", "JOB_INFO_WORK_STATE"),
    "WAGE_FROM": ("WAGE_OFFER_FROM", "JOB_OPP_WAGE_FROM", "WAGE_OFFER_FROM_9089",
                  "WAGE_OFFERED_FROM_9089", "WAGE_OFFERED_FROM"),
    "WAGE_TO": ("WAGE_OFFER_TO", "JOB_OPP_WAGE_TO", "WAGE_OFFER_TO_9089",
                "WAGE_OFFERED_TO_9089", "WAGE_OFFERED_TO"),
    "WAGE_UNIT": ("WAGE_OFFER_UNIT_OF_PAY", "JOB_OPP_WAGE_PER", "WAGE_OFFER_UNIT_OF_PAY_9089",
                  "WAGE_OFFERED_UNIT_OF_PAY_9089", "WAGE_PER"),
    "PW_LEVEL": ("PW_SKILL_LEVEL", "PW_LEVEL_9089", "PW_LEVEL"),
}  # fmt: skip
WANTED = list(SOURCES)
# Columns only PERM files have: an LCA or hub file also has a case number and an employer,
# and must be refused rather than read as green-card evidence.
PERM_ONLY = {"PW_SOC_CODE", "PWD_SOC_CODE", "WAGE_OFFER_FROM", "WAGE_OFFER_FROM_9089",
             "WAGE_OFFERED_FROM_9089", "WAGE_OFFERED_FROM", "JOB_OPP_WAGE_FROM",
             "JOB_OPP_PWD_NUMBER", "PW_TRACK_NUMBER", "JOB_INFO_WORK_STATE"}  # fmt: skip
LAYOUTS = [  # the first whose tell-tale column the header has
    ("EMP_BUSINESS_NAME", "revised ETA-9089 form (FY2024 on)"),
    ("WAGE_OFFER_FROM", "FY2020-era form"),
    ("WAGE_OFFER_FROM_9089", "FY2008 to FY2019 form"),
    ("WAGE_OFFERED_FROM_9089", "FY2008 to FY2019 form"),
    ("WAGE_OFFERED_FROM", "first PERM files (FY2005 to FY2007)"),
]
STATUSES = {
    "certified": "Certified",
    "certified-expired": "Certified - Expired",
    "withdrawn": "Withdrawn",
    "denied": "Denied",
}
LEVELS = {"i": "I", "ii": "II", "iii": "III", "iv": "IV", "level i": "I", "level ii": "II",
          "level iii": "III", "level iv": "IV"}  # fmt: skip
# FY2007 to FY2014 abbreviate the unit of pay; the stored unit is always DOL's current word.
UNITS = {"year": "Year", "yr": "Year", "hour": "Hour", "hr": "Hour", "week": "Week",
         "wk": "Week", "bi-weekly": "Bi-Weekly", "biweekly": "Bi-Weekly", "bi": "Bi-Weekly",
         "month": "Month", "mth": "Month"}  # fmt: skip
# A PERM job is permanent and full-time, so a yearly figure outside this range is a typo in
# the unit or the amount ("$1,089.00 an hour" meant $10.89): the filing keeps the wage as
# filed, without a yearly figure that would skew a title's median.
MIN_YEARLY, MAX_YEARLY = 10_000, 10_000_000
FIELDS = {
    "line": "integer",
    "case_number": "text",
    "status": "text",
    "fiscal_year": "integer",
    "decision_date": "date",
    "employer_name": "text",
    "normalized_name": "text",
    "naics": "text",
    "soc_code": "text",
    "soc_title": "text",
    "job_title": "text",
    "worksite_city": "text",
    "worksite_state": "text",
    "wage_from": "numeric",
    "wage_to": "numeric",
    "wage_unit": "text",
    "wage_annual": "integer",
    "pw_level": "text",
}
COLUMNS = [name for name in FIELDS if name != "line"]
# As for LCAs: quarterly files are cumulative, and the row decided last wins.
MERGE_SQL = latest_decision_wins("listings_permfiling", "perm_stage", COLUMNS)
# A-19135-45291 (FY2005 to the FY2020-era form) or G-100-24160-000311 (the revised form).
_CASE = re.compile(r"[A-Z]-(?:\d{3}-)?\d{5}-\d{4,7}")
# Files before the revised form spell worksite states out ("CALIFORNIA").
STATE_NAMES = {state.name.upper(): state.code for state in STATES}


def raw_key(name) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", cell_text(name).replace("\ufeff", "").upper()).strip("_")


def read_layout(header: list) -> tuple[dict[str, int], str]:
    """Where each wanted column is, and which layout the header is; a file that is not a
    PERM disclosure file is refused here, in one line."""
    keys = [raw_key(name) for name in header]
    where: dict[str, int] = {}
    for index, key in enumerate(keys):
        where.setdefault(key, index)
    if "CASE_NUMBER" not in where and "CASE_NO" not in where:
        raise BadFile("not a PERM disclosure file: no CASE_NUMBER column")
    if not PERM_ONLY & set(keys):
        raise BadFile(
            "not a PERM disclosure file: no PW_SOC_CODE, PWD_SOC_CODE or WAGE_OFFER_FROM column"
        )
    columns = {}
    for name, names in SOURCES.items():
        found = next((where[n] for n in names if n in where), None)
        if found is not None:
            columns[name] = found
    if "EMPLOYER_NAME" not in columns:
        raise BadFile("not a PERM disclosure file: no EMPLOYER_NAME or EMP_BUSINESS_NAME column")
    layout = next((label for key, label in LAYOUTS if key in where), "older layout")
    return columns, layout


@lru_cache(maxsize=65536)
def _employer(name: str) -> str:
    return normalize_employer_name(name)


@lru_cache(maxsize=4096)
def worksite_state(text: str) -> str:
    """A US state code; a territory or a blank is "" (the filing still counts)."""
    name = text.strip().upper()
    if name in STATE_NAMES:
        return STATE_NAMES[name]
    return name if len(name) == 2 and name.isalpha() else ""


@lru_cache(maxsize=4096)
def _soc(text: str) -> str:
    return soc_code(text)


def row_parser(columns: dict[str, int], width: int):
    """The function that turns one row into the staging table's values. Rows are read by
    position with one C-level lookup; a column the layout lacks reads as the empty cell kept
    past the row's end."""
    getter = itemgetter(*(columns.get(name, width) for name in WANTED))

    def parse(row: list) -> tuple:
        if len(row) != width:
            row = row[:width] + [""] * (width - len(row))
        row.append("")
        # CSV cells are text; a workbook's may be numbers or dates.
        (case_number, status, received, decided, employer, naics, soc, soc_title, job_title,
         city, state, wage_from, wage_to, unit, level) = [
            v.strip() if v.__class__ is str else cell_text(v) for v in getter(row)
        ]  # fmt: skip
        case_number = case_number.upper()
        if not _CASE.fullmatch(case_number):
            raise RowError(f"not a case number ({case_number[:40]!r})")
        normalized = _employer(employer)
        if not normalized:
            raise RowError("no employer name")
        decision_date = parse_date(decided)
        day = decision_date or parse_date(received)
        if day is None:
            raise RowError("no decision or received date")
        status = STATUSES.get(status.lower().replace(" ", ""), status)[:40]
        amount = parse_money(wage_from)
        unit = UNITS.get(unit.lower(), unit[:10])
        yearly = annualise(amount, unit)
        return (
            case_number,
            status,
            fiscal_year_of(day),
            decision_date,
            employer[:300],
            normalized,
            naics[:6] if naics.isdigit() else "",
            _soc(soc),
            soc_title[:200],
            job_title[:300],
            city.upper()[:100],
            worksite_state(state),
            amount,
            parse_money(wage_to),
            unit,
            yearly if yearly is not None and MIN_YEARLY <= yearly < MAX_YEARLY else None,
            LEVELS.get(level.lower(), ""),
        )

    return parse


def whole_rows(rows, width: int, ends_with_line_break: bool):
    """The rows, unless the last one stops short of the header's width with no line break
    after it: that is a file cut off in mid-row (an interrupted download or copy), refused
    rather than imported without its end."""
    held = None
    for item in rows:
        if held is not None:
            yield held
        held = item
    if held is not None:
        line, row = held
        if not ends_with_line_break and len(row) < width:
            raise BadFile(
                f"the file stops in the middle of line {line} ({len(row)} of {width} columns); "
                "it looks cut short, so nothing was imported"
            )
        yield held


def _csv_table(raw, size):
    """A CSV in UTF-8 or UTF-16, or in Windows-1252 as Excel saves it; and whether the file
    ends with a line break, as a whole file does."""
    encoding = sniff_encoding(raw.read(4))
    raw.seek(0)
    if encoding == "utf-8" and not is_utf8(raw):
        encoding = "cp1252"
    raw.seek(max(size - 4, 0))
    ends_with_line_break = raw.read(4).rstrip(b"\x00")[-1:] in (b"\n", b"\r")
    raw.seek(0)
    return open_table(raw, size, encoding), ends_with_line_break


def import_perm(path: str, show_progress: bool = False) -> Summary:
    raw, size = open_path(path)
    summary = Summary("DOL PERM disclosure data")
    with raw:
        if is_xlsx(raw):
            header, rows, position = xlsx_rows(raw)
            kind = "xlsx"
        else:
            table, ends_with_line_break = _csv_table(raw, size)
            header = table.header
            rows = whole_rows(table.rows(), len(header), ends_with_line_break)
            position = lambda: (table.counter.count, size)  # noqa: E731
            kind = "CSV"
        columns, layout = read_layout(header)
        summary.layout = f"{kind}, {layout}"
        bar, task = progress_bar(show_progress, "Importing PERM filings", position()[1])
        with bar, transaction.atomic(), connection.cursor() as cursor:
            stage = Staging(cursor, "perm_stage", FIELDS)
            stage.fill(
                rows,
                row_parser(columns, len(header)),
                summary,
                year_at=2,
                on_progress=lambda: bar.update(task, completed=position()[0]),
            )
            merge(cursor, MERGE_SQL, DataImport.Kind.PERM, path, summary)
    return summary
