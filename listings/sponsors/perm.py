"""DOL OFLC PERM disclosure files (labor certifications, the first step of most employment
green cards), as xlsx or CSV, in both layouts: the FY2020-era one (EMPLOYER_NAME,
PW_SOC_CODE, WAGE_OFFER_FROM) and the one of the revised ETA-9089 form, published from FY2024
(EMP_BUSINESS_NAME, PWD_SOC_CODE, JOB_OPP_WAGE_FROM). Each case is kept once, with its
latest status; employers meet the other government records on the same normalised names."""

import re

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
    is_xlsx,
    merge,
    open_path,
    open_table,
    parse_date,
    parse_money,
)
from listings.taxonomy.vocabulary import STATES

# Each layout's name for the columns we read -> ours. The revised form renamed nearly
# everything; files before FY2020 suffixed "_9089".
ALIASES = {
    "CASE_NO": "CASE_NUMBER",
    "EMP_BUSINESS_NAME": "EMPLOYER_NAME",
    "EMP_NAICS": "NAICS_CODE",
    "2007_NAICS_US_CODE": "NAICS_CODE",
    "PW_SOC_CODE": "SOC_CODE",
    "PWD_SOC_CODE": "SOC_CODE",
    "PW_SOC_TITLE": "SOC_TITLE",
    "PWD_SOC_TITLE": "SOC_TITLE",
    "PW_JOB_TITLE_9089": "JOB_TITLE",
    "WAGE_OFFER_FROM": "WAGE_FROM",
    "WAGE_OFFER_FROM_9089": "WAGE_FROM",
    "JOB_OPP_WAGE_FROM": "WAGE_FROM",
    "WAGE_OFFER_TO": "WAGE_TO",
    "WAGE_OFFER_TO_9089": "WAGE_TO",
    "JOB_OPP_WAGE_TO": "WAGE_TO",
    "WAGE_OFFER_UNIT_OF_PAY": "WAGE_UNIT",
    "WAGE_OFFER_UNIT_OF_PAY_9089": "WAGE_UNIT",
    "JOB_OPP_WAGE_PER": "WAGE_UNIT",
    "PRIMARY_WORKSITE_CITY": "WORKSITE_CITY",
    "JOB_INFO_WORK_CITY": "WORKSITE_CITY",
    "PRIMARY_WORKSITE_STATE": "WORKSITE_STATE",
    "JOB_INFO_WORK_STATE": "WORKSITE_STATE",
    "PW_SKILL_LEVEL": "PW_LEVEL",
    "PW_LEVEL_9089": "PW_LEVEL",
}
# Columns only PERM files have: an LCA or hub file also has a case number and an employer,
# and must be refused rather than read as green-card evidence.
PERM_ONLY = {"PW_SOC_CODE", "PWD_SOC_CODE", "WAGE_OFFER_FROM", "WAGE_OFFER_FROM_9089",
             "JOB_OPP_WAGE_FROM", "JOB_OPP_PWD_NUMBER", "PW_TRACK_NUMBER"}  # fmt: skip
NEW_FORM = "EMP_BUSINESS_NAME"
WANTED = [
    "CASE_NUMBER", "CASE_STATUS", "RECEIVED_DATE", "DECISION_DATE", "EMPLOYER_NAME",
    "NAICS_CODE", "SOC_CODE", "SOC_TITLE", "JOB_TITLE", "WORKSITE_CITY", "WORKSITE_STATE",
    "WAGE_FROM", "WAGE_TO", "WAGE_UNIT", "PW_LEVEL",
]  # fmt: skip
STATUSES = {
    "certified": "Certified",
    "certified-expired": "Certified - Expired",
    "withdrawn": "Withdrawn",
    "denied": "Denied",
}
LEVELS = {"i": "I", "ii": "II", "iii": "III", "iv": "IV", "level i": "I", "level ii": "II",
          "level iii": "III", "level iv": "IV"}  # fmt: skip
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
_SET = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS if c != "case_number")
_OLD = ", ".join(f"f.{c}" for c in COLUMNS)
_NEW = ", ".join(f"EXCLUDED.{c}" for c in COLUMNS)
# As for LCAs: quarterly files are cumulative, and the row decided last wins, within the
# file and against what an earlier file stored; a row equal to the stored one is not written.
MERGE_SQL = f"""
    INSERT INTO listings_permfiling AS f ({", ".join(COLUMNS)})
    SELECT DISTINCT ON (case_number) {", ".join(COLUMNS)} FROM perm_stage
    ORDER BY case_number, decision_date DESC NULLS LAST, line DESC
    ON CONFLICT (case_number) DO UPDATE SET {_SET}
    WHERE COALESCE(EXCLUDED.decision_date, '-infinity') >= COALESCE(f.decision_date, '-infinity')
      AND ({_OLD}) IS DISTINCT FROM ({_NEW})
"""
# A-19135-45291 (the FY2020-era form) or G-100-24160-000311 (the revised form).
_CASE = re.compile(r"[A-Z]-(?:\d{3}-)?\d{5}-\d{4,7}")
# The FY2020-era files spell worksite states out ("CALIFORNIA"); the revised form uses codes.
STATE_NAMES = {state.name.upper(): state.code for state in STATES}


def raw_key(name) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", cell_text(name).replace("\ufeff", "").upper()).strip("_")


def read_layout(header: list) -> tuple[dict[str, int], str]:
    """Where each wanted column is, and which layout the header is; a file that is not a
    PERM disclosure file is refused here, in one line."""
    keys = [raw_key(name) for name in header]
    if "CASE_NUMBER" not in keys and "CASE_NO" not in keys:
        raise BadFile("not a PERM disclosure file: no CASE_NUMBER column")
    if not PERM_ONLY & set(keys):
        raise BadFile(
            "not a PERM disclosure file: no PW_SOC_CODE, PWD_SOC_CODE or WAGE_OFFER_FROM column"
        )
    position: dict[str, int] = {}
    for index, key in enumerate(keys):
        position.setdefault(ALIASES.get(key, key), index)
    if "EMPLOYER_NAME" not in position:
        raise BadFile("not a PERM disclosure file: no EMPLOYER_NAME or EMP_BUSINESS_NAME column")
    layout = "revised ETA-9089 form (FY2024 on)" if NEW_FORM in keys else "FY2020-era form"
    return {name: position[name] for name in WANTED if name in position}, layout


def _fiscal_year(cells: dict) -> int:
    for name in ("DECISION_DATE", "RECEIVED_DATE"):
        day = parse_date(cells.get(name, ""))
        if day:
            return fiscal_year_of(day)
    raise RowError("no decision or received date")


def worksite_state(text: str) -> str:
    """A US state code; a territory or a blank is "" (the filing still counts)."""
    name = text.strip().upper()
    if name in STATE_NAMES:
        return STATE_NAMES[name]
    return name if len(name) == 2 and name.isalpha() else ""


def parse_row(row: list, columns: dict[str, int]) -> tuple:
    # One piece: the returned tuple follows the staging table's columns one to one.
    cells = {name: cell_text(row[i]) if i < len(row) else "" for name, i in columns.items()}
    case_number = cells["CASE_NUMBER"].upper()
    if not _CASE.fullmatch(case_number):
        raise RowError(f"not a case number ({case_number[:40]!r})")
    employer = cells["EMPLOYER_NAME"]
    normalized = normalize_employer_name(employer)
    if not normalized:
        raise RowError("no employer name")
    status = cells.get("CASE_STATUS", "")
    status = STATUSES.get(re.sub(r"\s+", "", status.lower()), status)[:40]
    wage_from = parse_money(cells.get("WAGE_FROM", ""))
    wage_unit = cells.get("WAGE_UNIT", "")[:10]
    naics = cells.get("NAICS_CODE", "")
    return (
        case_number,
        status,
        _fiscal_year(cells),
        parse_date(cells.get("DECISION_DATE", "")),
        employer[:300],
        normalized,
        naics[:6] if naics.isdigit() else "",
        soc_code(cells.get("SOC_CODE", "")),
        cells.get("SOC_TITLE", "")[:200],
        cells.get("JOB_TITLE", "")[:300],
        cells.get("WORKSITE_CITY", "").upper()[:100],
        worksite_state(cells.get("WORKSITE_STATE", "")),
        wage_from,
        parse_money(cells.get("WAGE_TO", "")),
        wage_unit,
        annualise(wage_from, wage_unit),
        LEVELS.get(cells.get("PW_LEVEL", "").strip().lower(), ""),
    )


def import_perm(path: str, show_progress: bool = False) -> Summary:
    raw, size = open_path(path)
    summary = Summary("DOL PERM disclosure data")
    with raw:
        if is_xlsx(raw):
            header, rows, position = xlsx_rows(raw)
            kind = "xlsx"
        else:
            table = open_table(raw, size)
            header, rows = table.header, table.rows()
            position = lambda: (table.counter.count, size)  # noqa: E731
            kind = "CSV"
        columns, layout = read_layout(header)
        summary.layout = f"{kind}, {layout}"
        bar, task = progress_bar(show_progress, "Importing PERM filings", position()[1])
        with bar, transaction.atomic(), connection.cursor() as cursor:
            stage = Staging(cursor, "perm_stage", FIELDS)
            stage.fill(
                rows,
                lambda row: parse_row(row, columns),
                summary,
                year_at=2,
                on_progress=lambda: bar.update(task, completed=position()[0]),
            )
            merge(cursor, MERGE_SQL, DataImport.Kind.PERM, path, summary)
    return summary
