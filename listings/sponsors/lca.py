"""DOL OFLC LCA disclosure files (H-1B, H-1B1, E-3), as xlsx (streamed with openpyxl in
read-only mode) or CSV. Header variants are normalised, SOC codes cut to NN-NNNN, wages
annualised, and each case kept once with its latest status."""

import re
from collections.abc import Iterator
from datetime import date, timedelta

from django.db import connection, transaction
from openpyxl import load_workbook

from listings.models import DataImport
from listings.models.jobs import PERIODS_PER_YEAR
from listings.progress import progress_bar
from listings.sponsors.flag import county_key
from listings.sponsors.names import normalize_employer_name
from listings.sponsors.tables import (
    BadFile,
    RowError,
    Staging,
    Summary,
    cell_text,
    is_xlsx,
    latest_decision_wins,
    merge,
    open_path,
    open_table,
    parse_date,
    parse_money,
    state_code,
)

# Names older layouts and re-exports use for the columns we read.
ALIASES = {
    "H1B_DEPENDENT": "H_1B_DEPENDENT",
    "H_1B_DEPENDENCE": "H_1B_DEPENDENT",
    "LCA_CASE_NUMBER": "CASE_NUMBER",
    "STATUS": "CASE_STATUS",
    "LCA_CASE_EMPLOYER_NAME": "EMPLOYER_NAME",
    "LCA_CASE_SOC_CODE": "SOC_CODE",
    "LCA_CASE_JOB_TITLE": "JOB_TITLE",
    "SOC_NAME": "SOC_TITLE",
    "NAIC_CODE": "NAICS_CODE",
    "LCA_CASE_WAGE_RATE_FROM": "WAGE_RATE_OF_PAY_FROM",
    "LCA_CASE_WAGE_RATE_TO": "WAGE_RATE_OF_PAY_TO",
    "LCA_CASE_WAGE_RATE_UNIT": "WAGE_UNIT_OF_PAY",
    "PW_1": "PREVAILING_WAGE",
    "PW_UNIT_1": "PW_UNIT_OF_PAY",
    "YEAR": "FISCAL_YEAR",
}
WANTED = [
    "CASE_NUMBER",
    "CASE_STATUS",
    "VISA_CLASS",
    "DECISION_DATE",
    "RECEIVED_DATE",
    "FISCAL_YEAR",
    "EMPLOYER_NAME",
    "NAICS_CODE",
    "SOC_CODE",
    "SOC_TITLE",
    "JOB_TITLE",
    "WORKSITE_CITY",
    "WORKSITE_COUNTY",
    "WORKSITE_STATE",
    "WAGE_RATE_OF_PAY_FROM",
    "WAGE_RATE_OF_PAY_TO",
    "WAGE_UNIT_OF_PAY",
    "PREVAILING_WAGE",
    "PW_UNIT_OF_PAY",
    "PW_WAGE_LEVEL",
    "H_1B_DEPENDENT",
    "WILLFUL_VIOLATOR",
]
STATUSES = {
    "certified": "Certified",
    "certified-withdrawn": "Certified - Withdrawn",
    "withdrawn": "Withdrawn",
    "denied": "Denied",
}
# LCA files also pay every two weeks.
PER_YEAR = {**PERIODS_PER_YEAR, "bi-weekly": 26, "biweekly": 26}
FIELDS = {
    "line": "integer",
    "case_number": "text",
    "status": "text",
    "visa_class": "text",
    "fiscal_year": "integer",
    "decision_date": "date",
    "employer_name": "text",
    "normalized_name": "text",
    "naics": "text",
    "soc_code": "text",
    "soc_title": "text",
    "job_title": "text",
    "worksite_city": "text",
    "worksite_county": "text",
    "worksite_state": "text",
    "wage_from": "numeric",
    "wage_to": "numeric",
    "wage_unit": "text",
    "wage_annual": "integer",
    "prevailing_wage": "numeric",
    "pw_unit": "text",
    "pw_annual": "integer",
    "pw_level": "text",
    "h1b_dependent": "boolean",
    "willful_violator": "boolean",
}
COLUMNS = [name for name in FIELDS if name != "line"]
# A case appears in every quarter's cumulative file; the row decided last wins, within the
# file and against what an earlier file stored.
MERGE_SQL = latest_decision_wins("listings_lcafiling", "lca_stage", COLUMNS)
_SOC = re.compile(r"^(\d{2})-?(\d{4})(?:\.\d{1,2})?$")
_CASE = re.compile(r"^[A-Z]-\d{3}-(\d{2})(\d{3})-\d+$")


def header_key(name: str) -> str:
    key = re.sub(r"[^A-Z0-9]+", "_", cell_text(name).replace("\ufeff", "").upper()).strip("_")
    return ALIASES.get(key, key)


def read_layout(header: list) -> dict[str, int]:
    keys = [header_key(name) for name in header]
    position: dict[str, int] = {}
    for index, key in enumerate(keys):
        position.setdefault(key, index)
        # FY2019 numbered the first worksite's columns (WORKSITE_CITY_1, PREVAILING_WAGE_1).
        if key.endswith("_1"):
            position.setdefault(ALIASES.get(key[:-2], key[:-2]), index)
    missing = [c for c in ("CASE_NUMBER", "EMPLOYER_NAME") if c not in position]
    if missing:
        raise BadFile(f"not an LCA disclosure file: no {' or '.join(missing)} column")
    return {name: position[name] for name in WANTED if name in position}


def soc_code(text: str) -> str:
    match = _SOC.match(text.strip())
    return f"{match[1]}-{match[2]}" if match else ""


def annualise(amount, unit: str) -> int | None:
    """Yearly pay; an 'hourly' figure in the thousands was an annual salary filed as hourly."""
    if amount is None:
        return None
    unit = unit.strip().lower()
    factor = PER_YEAR.get(unit)
    if factor is None:
        return None
    if unit == "hour" and amount >= 1000:
        factor = 1
    annual = int(amount * factor)
    return annual if annual < 2**31 else None


def flag(text: str) -> bool | None:
    value = text.strip().lower()
    if value in ("y", "yes", "true", "1"):
        return True
    if value in ("n", "no", "false", "0"):
        return False
    return None


def fiscal_year_of(day: date) -> int:
    return day.year + 1 if day.month >= 10 else day.year


def _fiscal_year(decided: date | None, cells: dict, case_number: str) -> int:
    if decided:
        return fiscal_year_of(decided)
    stated = cells.get("FISCAL_YEAR", "")
    if stated.isdigit() and 2000 <= int(stated) <= 2100:
        return int(stated)
    received = parse_date(cells.get("RECEIVED_DATE", ""))
    if received:
        return fiscal_year_of(received)
    match = _CASE.match(case_number)  # I-200-25059-...: filed on day 059 of 2025
    if match and 1 <= int(match[2]) <= 366:
        return fiscal_year_of(date(2000 + int(match[1]), 1, 1) + timedelta(int(match[2]) - 1))
    raise RowError("no decision date or fiscal year")


def parse_row(row: list, columns: dict[str, int]) -> tuple:
    # One piece: the returned tuple follows the staging table's columns one to one.
    cells = {name: cell_text(row[i]) if i < len(row) else "" for name, i in columns.items()}
    case_number = cells["CASE_NUMBER"].upper()
    if not re.fullmatch(r"[A-Z0-9-]{5,40}", case_number):
        raise RowError(f"not a case number ({case_number[:40]!r})")
    employer = cells["EMPLOYER_NAME"]
    normalized = normalize_employer_name(employer)
    if not normalized:
        raise RowError("no employer name")
    decided = parse_date(cells.get("DECISION_DATE", ""))
    status = cells.get("CASE_STATUS", "")
    status = STATUSES.get(re.sub(r"\s+", "", status.lower()), status)[:40]
    wage_from = parse_money(cells.get("WAGE_RATE_OF_PAY_FROM", ""))
    wage_unit = cells.get("WAGE_UNIT_OF_PAY", "")[:10]
    prevailing = parse_money(cells.get("PREVAILING_WAGE", ""))
    pw_unit = cells.get("PW_UNIT_OF_PAY", "")[:10]
    level = cells.get("PW_WAGE_LEVEL", "").upper()
    naics = cells.get("NAICS_CODE", "")
    return (
        case_number,
        status,
        cells.get("VISA_CLASS", "")[:40],
        _fiscal_year(decided, cells, case_number),
        decided,
        employer[:300],
        normalized,
        naics[:6] if naics.isdigit() else "",
        soc_code(cells.get("SOC_CODE", "")),
        cells.get("SOC_TITLE", "")[:200],
        cells.get("JOB_TITLE", "")[:300],
        cells.get("WORKSITE_CITY", "").upper()[:100],
        county_key(cells.get("WORKSITE_COUNTY", ""))[:100],
        state_code(cells.get("WORKSITE_STATE", "")),
        wage_from,
        parse_money(cells.get("WAGE_RATE_OF_PAY_TO", "")),
        wage_unit,
        annualise(wage_from, wage_unit),
        prevailing,
        pw_unit,
        annualise(prevailing, pw_unit),
        level if level in ("I", "II", "III", "IV") else "",
        flag(cells.get("H_1B_DEPENDENT", "")),
        flag(cells.get("WILLFUL_VIOLATOR", "")),
    )


def xlsx_rows(raw) -> tuple[list, Iterator[tuple[int, list]], callable]:
    try:
        book = load_workbook(raw, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a broken workbook
        raise BadFile(f"unreadable xlsx workbook ({type(error).__name__})") from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = list(next(rows, None) or [])
    if not header:
        raise BadFile("the workbook's first sheet is empty")
    total = sheet.max_row or 0
    state = {"line": 1}

    def numbered() -> Iterator[tuple[int, list]]:
        for line, row in enumerate(rows, start=2):
            state["line"] = line
            if any(cell not in (None, "") for cell in row):
                yield line, list(row)
        book.close()

    return header, numbered(), lambda: (state["line"], total)


def open_rows(raw, size: int) -> tuple[str, dict[str, int], Iterator[tuple[int, list]], callable]:
    """An opened disclosure file (xlsx or CSV) as its layout name, the columns we read, its
    numbered rows and a (done, total) progress reading."""
    if is_xlsx(raw):
        header, rows, position = xlsx_rows(raw)
        layout = "xlsx"
    else:
        table = open_table(raw, size)
        header, rows = table.header, table.rows()
        position = lambda: (table.counter.count, size)  # noqa: E731
        layout = "CSV"
    return layout, read_layout(header), rows, position


def import_lca(path: str, show_progress: bool = False) -> Summary:
    raw, size = open_path(path)
    summary = Summary("DOL LCA disclosure data")
    with raw:
        summary.layout, columns, rows, position = open_rows(raw, size)
        bar, task = progress_bar(show_progress, "Importing LCA filings", position()[1])
        with bar, transaction.atomic(), connection.cursor() as cursor:
            stage = Staging(cursor, "lca_stage", FIELDS)
            stage.fill(
                rows,
                lambda row: parse_row(row, columns),
                summary,
                year_at=3,
                on_progress=lambda: bar.update(task, completed=position()[0]),
            )
            merge(cursor, MERGE_SQL, DataImport.Kind.LCA, path, summary)
    return summary
