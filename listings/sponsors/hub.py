"""USCIS H-1B Employer Data Hub files, in each layout USCIS has published:

- the legacy FY2009-2023 CSV (`Initial Approvals`, ..., quoted "3,175" counts);
- the FY2024+ hub export (UTF-16 with BOM, tab-separated, `Fiscal Year   `, six
  approval/denial pairs, one per Form I-129 basis for classification);
- the re-saved hybrid (UTF-8 with BOM, commas, new names, initial/continuing pairs).

Counts are summed per normalised employer name, fiscal year and petitioner state."""

import re

from django.db import connection, transaction

from listings.models import DataImport
from listings.progress import progress_bar
from listings.sponsors.names import normalize_employer_name
from listings.sponsors.tables import (
    BadFile,
    RowError,
    Staging,
    Summary,
    merge,
    open_path,
    open_table,
    parse_count,
    state_code,
)

# The hub's six categories fold into the legacy pair: new employment and new concurrent
# employment are initial petitions; the rest continue or change an existing one.
SIX_PAIRS = {
    "initial_approvals": ["new employment approval", "new concurrent approval"],
    "initial_denials": ["new employment denial", "new concurrent denial"],
    "continuing_approvals": [
        "continuation approval",
        "change with same employer approval",
        "change of employer approval",
        "amended approval",
    ],
    "continuing_denials": [
        "continuation denial",
        "change with same employer denial",
        "change of employer denial",
        "amended denial",
    ],
}
TWO_PAIRS = {
    "initial_approvals": ["initial approval"],
    "initial_denials": ["initial denial"],
    "continuing_approvals": ["continuing approval"],
    "continuing_denials": ["continuing denial"],
}
ALIASES = {
    "employer": "employer",
    "employer (petitioner) name": "employer",
    "fiscal year": "fiscal year",
    "state": "state",
    "petitioner state": "state",
    "naic": "naics",
    "industry (naics) code": "naics",
}
COUNTS = list(SIX_PAIRS)
STAGE_COLUMNS = {
    "line": "integer",
    "normalized_name": "text",
    "employer_name": "text",
    "fiscal_year": "integer",
    "state": "text",
    "naics": "text",
    **{name: "integer" for name in COUNTS},
}

MERGE_SQL = f"""
    INSERT INTO listings_h1bapproval (normalized_name, employer_name, fiscal_year, state, naics,
                                      {", ".join(COUNTS)})
    SELECT normalized_name, max(employer_name), fiscal_year, state, max(naics),
           {", ".join(f"sum({c})" for c in COUNTS)}
    FROM hub_stage GROUP BY normalized_name, fiscal_year, state
    ON CONFLICT (normalized_name, fiscal_year, state) DO UPDATE SET
        employer_name = EXCLUDED.employer_name, naics = EXCLUDED.naics,
        {", ".join(f"{c} = EXCLUDED.{c}" for c in COUNTS)}
    WHERE (listings_h1bapproval.employer_name, listings_h1bapproval.naics,
           {", ".join(f"listings_h1bapproval.{c}" for c in COUNTS)})
        IS DISTINCT FROM (EXCLUDED.employer_name, EXCLUDED.naics,
           {", ".join(f"EXCLUDED.{c}" for c in COUNTS)})
"""


def _header_key(name: str) -> str:
    """'Fiscal Year   ' -> 'fiscal year'; 'Initial Approvals' -> 'initial approval'."""
    key = re.sub(r"\s+", " ", name.replace("\ufeff", "").strip().lower())
    return key[:-1] if key.endswith("s") else key


def read_layout(header: list[str]) -> tuple[str, dict[str, list[int]], dict[str, int]]:
    """Column positions for this header, or BadFile naming what is missing."""
    keys = [_header_key(name) for name in header]
    position = {key: index for index, key in reversed(list(enumerate(keys)))}
    fields = {ALIASES[k]: i for k, i in position.items() if k in ALIASES}
    if "initial approval" in position:
        pairs, layout = TWO_PAIRS, "initial/continuing counts"
    elif "new employment approval" in position:
        pairs, layout = SIX_PAIRS, "hub export with six petition categories"
    else:
        raise BadFile(
            "not a USCIS H-1B Employer Data Hub file: no 'Initial Approvals' or "
            "'New Employment Approval' column"
        )
    missing = [c for cs in pairs.values() for c in cs if c not in position]
    missing += [f for f in ("employer", "fiscal year") if f not in fields]
    if missing:
        raise BadFile(f"the hub file lacks these columns: {', '.join(missing)}")
    if "employer" in position:
        layout = f"legacy {layout}"
    elif pairs is TWO_PAIRS:
        layout = "hub export names with initial/continuing counts (re-saved hybrid)"
    columns = {target: [position[c] for c in sources] for target, sources in pairs.items()}
    return layout, columns, fields


def parse_row(row: list[str], columns: dict[str, list[int]], fields: dict[str, int]) -> tuple:
    def cell(index: int) -> str:
        return row[index].strip() if index < len(row) else ""

    name = cell(fields["employer"])
    normalized = normalize_employer_name(name)
    if not normalized:
        raise RowError("no employer name")
    year_text = cell(fields["fiscal year"])
    if not (year_text.isdigit() and 2000 <= int(year_text) <= 2100):
        raise RowError(f"fiscal year is not a year ({year_text[:20]!r})")
    state = state_code(cell(fields["state"])) if "state" in fields else ""
    naics = cell(fields["naics"]).split(" ", 1)[0] if "naics" in fields else ""
    naics = naics if naics.isdigit() else ""
    counts = [
        sum(parse_count(cell(i), target.replace("_", " ")) for i in indexes)
        for target, indexes in columns.items()
    ]
    return (normalized, name[:300], int(year_text), state, naics[:6], *counts)


def import_hub(path: str, show_progress: bool = False) -> Summary:
    raw, size = open_path(path)
    summary = Summary("USCIS H-1B Employer Data Hub")
    with raw:
        table = open_table(raw, size)
        summary.layout, columns, fields = read_layout(table.header)
        bar, task = progress_bar(show_progress, "Importing hub counts", size)
        with bar, transaction.atomic(), connection.cursor() as cursor:
            stage = Staging(cursor, "hub_stage", STAGE_COLUMNS)
            stage.fill(
                table.rows(),
                lambda row: parse_row(row, columns, fields),
                summary,
                year_at=2,
                on_progress=lambda: bar.update(task, completed=table.counter.count),
            )
            merge(cursor, MERGE_SQL, DataImport.Kind.HUB, path, summary)
    return summary
