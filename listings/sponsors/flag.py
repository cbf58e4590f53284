"""OFLC FLAG wage data: `Geography.csv` (which wage area each county is in), `ALC_Export.csv`
(all-industries hourly wages, Levels I-IV, per area and SOC code) and `EDC_Export.csv` (the
ACWIA wages of institutions of higher education and research organizations, in the same
layout). A path may be any of the files, a folder holding them, or the downloaded
`OFLC_Wages_YYYY-YY.zip`."""

import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.db import connection, transaction

from listings.models import DataImport
from listings.progress import progress_bar
from listings.sponsors.tables import (
    BadFile,
    RowError,
    Staging,
    Summary,
    is_utf8,
    open_table,
    parse_money,
    state_code,
)
from listings.sponsors.wages import refresh_wage_levels

_SOC = re.compile(r"^\d{2}-\d{4}$")
_SUFFIXES = re.compile(r"\s+(COUNTY|PARISH|BOROUGH|CENSUS AREA|MUNICIPALITY|CITY AND BOROUGH)$")
WANTED = ("alc_export.csv", "edc_export.csv", "geography.csv")
ACWIA_FILE = "edc_export.csv"  # same columns as ALC_Export.csv: told apart by name


def county_key(name: str) -> str:
    """'St. Louis city' and 'ST LOUIS CITY' alike; 'King County' and 'KING' alike."""
    key = re.sub(r"[.']", "", name.upper())
    key = re.sub(r"\s+", " ", key.replace("-", " ")).strip()
    key = re.sub(r"^SAINT ", "ST ", key)
    return _SUFFIXES.sub("", key)


GEOGRAPHY_STAGE = {
    "line": "integer",
    "area": "text",
    "area_name": "text",
    "state": "text",
    "county": "text",
    "county_key": "text",
}
WAGE_STAGE = {
    "line": "integer",
    "area": "text",
    "soc_code": "text",
    "level1": "numeric",
    "level2": "numeric",
    "level3": "numeric",
    "level4": "numeric",
    "average": "numeric",
    "annual": "boolean",
}
MERGE_GEOGRAPHY_SQL = """
    INSERT INTO listings_wagearea (code, name, state)
    SELECT area, max(area_name), mode() WITHIN GROUP (ORDER BY state) FROM geography_stage
    GROUP BY area
    ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, state = EXCLUDED.state
    WHERE (listings_wagearea.name, listings_wagearea.state)
        IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.state);
    INSERT INTO listings_wagecounty (state, county, county_key, area_id)
    SELECT DISTINCT ON (g.state, g.county) g.state, g.county, g.county_key, a.id
    FROM geography_stage g JOIN listings_wagearea a ON a.code = g.area
    ORDER BY g.state, g.county, g.line DESC
    ON CONFLICT (state, county) DO UPDATE SET area_id = EXCLUDED.area_id,
        county_key = EXCLUDED.county_key
    WHERE listings_wagecounty.area_id IS DISTINCT FROM EXCLUDED.area_id
       OR listings_wagecounty.county_key IS DISTINCT FROM EXCLUDED.county_key;
"""
MERGE_WAGES_SQL = """
    INSERT INTO listings_wagearea (code, name, state)
    SELECT DISTINCT area, '', '' FROM wage_stage ON CONFLICT (code) DO NOTHING;
    INSERT INTO listings_prevailingwage (area_id, soc_code, level1, level2, level3, level4,
                                         average, annual)
    SELECT DISTINCT ON (a.id, w.soc_code) a.id, w.soc_code, w.level1, w.level2, w.level3,
           w.level4, w.average, w.annual
    FROM wage_stage w JOIN listings_wagearea a ON a.code = w.area
    ORDER BY a.id, w.soc_code, w.line DESC
    ON CONFLICT (soc_code, area_id) DO UPDATE SET level1 = EXCLUDED.level1,
        level2 = EXCLUDED.level2, level3 = EXCLUDED.level3, level4 = EXCLUDED.level4,
        average = EXCLUDED.average, annual = EXCLUDED.annual
    WHERE (listings_prevailingwage.level1, listings_prevailingwage.level2,
           listings_prevailingwage.level3, listings_prevailingwage.level4,
           listings_prevailingwage.average, listings_prevailingwage.annual)
        IS DISTINCT FROM (EXCLUDED.level1, EXCLUDED.level2, EXCLUDED.level3, EXCLUDED.level4,
                          EXCLUDED.average, EXCLUDED.annual);
"""
MERGE_ACWIA_SQL = MERGE_WAGES_SQL.replace("listings_prevailingwage", "listings_acwiawage").replace(
    "wage_stage", "acwia_stage"
)

# Each of our cities in one wage area: a county or New England town of the same name, else a
# principal city named in a metro area's title ("Atlanta-Sandy Springs-Roswell, GA"), else the
# county most LCA filings give for worksites in that city.
REFRESH_CITY_AREAS_SQL = r"""
    DELETE FROM listings_citywagearea;
    WITH places AS (
        SELECT c.id AS city_id, s.code AS state,
               upper(regexp_replace(regexp_replace(c.name, '[.'']', '', 'g'),
                                    '^saint ', 'st ', 'i')) AS key
        FROM listings_city c JOIN listings_state s ON s.id = c.state_id
    ),
    principal AS (
        SELECT a.id AS area_id, upper(trim(place)) AS key
        FROM listings_wagearea a,
             regexp_split_to_table(regexp_replace(a.name, '[ ,]+[A-Z]{2}(-[A-Z]{2})*$', ''),
                                   '-') AS place
        WHERE a.name <> ''
    ),
    candidates AS (
        SELECT p.city_id, wc.area_id, 1 AS rank, 0 AS weight
        FROM places p JOIN listings_wagecounty wc ON wc.state = p.state AND wc.county_key = p.key
        UNION ALL
        SELECT p.city_id, pr.area_id, 2, 0
        FROM places p JOIN principal pr ON pr.key = p.key
        WHERE EXISTS (SELECT 1 FROM listings_wagecounty wc
                      WHERE wc.area_id = pr.area_id AND wc.state = p.state)
        UNION ALL
        SELECT p.city_id, wc.area_id, 3, count(*)
        FROM places p
        JOIN listings_lcafiling f ON f.worksite_state = p.state AND f.worksite_city = p.key
        JOIN listings_wagecounty wc ON wc.state = p.state AND wc.county_key = f.worksite_county
        GROUP BY p.city_id, wc.area_id
    )
    INSERT INTO listings_citywagearea (city_id, area_id)
    SELECT DISTINCT ON (city_id) city_id, area_id FROM candidates
    ORDER BY city_id, rank, weight DESC, area_id;
"""


def refresh_city_areas() -> None:
    """Each city's wage area, then each job's wage level, which the areas and the wage
    tables decide (run after every government-data import)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(REFRESH_CITY_AREAS_SQL)
        refresh_wage_levels()


def parse_geography(row: list[str], columns: dict[str, int]) -> tuple:
    def cell(name: str) -> str:
        index = columns[name]
        return row[index].strip() if index < len(row) else ""

    area = cell("area")
    if not area.isdigit() or len(area) > 10:
        raise RowError(f"not a wage area code ({area[:20]!r})")
    county = cell("countytownname")
    if not county:
        raise RowError("no county or town name")
    return (
        area,
        cell("areaname")[:200],
        state_code(cell("stateab")),
        county[:100],
        county_key(county)[:100],
    )


def parse_wage(row: list[str], columns: dict[str, int]) -> tuple:
    def cell(name: str) -> str:
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    area, soc = cell("area"), cell("soccode")
    if not area.isdigit() or len(area) > 10:
        raise RowError(f"not a wage area code ({area[:20]!r})")
    if not _SOC.match(soc):
        raise RowError(f"not a standard SOC code ({soc[:20]!r})")
    levels = [parse_money(cell(f"level{n}")) for n in range(1, 5)]
    if any(level is not None and level >= 10**6 for level in levels):
        raise RowError("a wage level is out of range")
    if all(level is None for level in levels):
        raise RowError("no levelled wage")
    average = parse_money(cell("average"))
    average = average if average is not None and average < 10**6 else None
    return (area, soc, *levels, average, cell("label").lower() == "annual wage")


KINDS = {
    "geography": (
        {"area", "areaname", "stateab", "countytownname"},
        parse_geography,
        GEOGRAPHY_STAGE,
        MERGE_GEOGRAPHY_SQL,
    ),
    "wages": (
        {"area", "soccode", "level1", "level2", "level3", "level4"},
        parse_wage,
        WAGE_STAGE,
        MERGE_WAGES_SQL,
    ),
}


def _is_zip(file: Path) -> bool:
    with file.open("rb") as raw:
        return raw.read(4) == b"PK\x03\x04"


@contextmanager
def _members(path: str) -> Iterator[list[tuple[str, IO[bytes], int]]]:
    """The wage files a path holds, as (name, binary stream, size); Geography first, so wages
    can name their areas."""
    file = Path(path)
    if not file.exists():
        raise BadFile(f"{path}: no such file or folder")
    opened: list = []
    archive = None
    try:
        if file.is_dir():
            found = [p for p in sorted(file.rglob("*")) if p.name.lower() in WANTED]
            opened = [(p.name, p.open("rb"), p.stat().st_size) for p in found]
        elif _is_zip(file):
            if not zipfile.is_zipfile(file):
                raise zipfile.BadZipFile
            archive = zipfile.ZipFile(file)
            infos = [i for i in archive.infolist() if Path(i.filename).name.lower() in WANTED]
            opened = [(Path(i.filename).name, archive.open(i), i.file_size) for i in infos]
        else:
            opened = [(file.name, file.open("rb"), file.stat().st_size)]
        if not opened:
            raise BadFile(f"{path} holds no ALC_Export.csv, EDC_Export.csv or Geography.csv")
        opened.sort(key=lambda member: member[0].lower() != "geography.csv")
        yield opened
    except zipfile.BadZipFile:
        raise BadFile(f"{path}: broken zip archive") from None
    finally:
        for _, stream, _ in opened:
            stream.close()
        if archive:
            archive.close()


def _read_member(name, stream, size, summary, cursor, show_progress) -> None:
    # Some years' files are in Windows-1252, not UTF-8; the files are a few MB, so look first.
    encoding = None
    if stream.seekable():
        encoding = None if is_utf8(stream) else "cp1252"
        stream.seek(0)
    table = open_table(stream, size, encoding)
    keys = [re.sub(r"\s+", "", h.replace("\ufeff", "").lower()) for h in table.header]
    columns = {key: index for index, key in reversed(list(enumerate(keys)))}
    kind = next((k for k, (need, *_) in KINDS.items() if need <= set(columns)), None)
    if kind is None:
        raise BadFile(f"{name} is not a FLAG ALC_Export.csv, EDC_Export.csv or Geography.csv")
    _, parse, stage_columns, merge = KINDS[kind]
    stage_name = {"geography": "geography_stage", "wages": "wage_stage"}[kind]
    if kind == "wages" and name.lower() == ACWIA_FILE:
        kind, stage_name, merge = "ACWIA wages", "acwia_stage", MERGE_ACWIA_SQL
    stage = Staging(cursor, stage_name, stage_columns)
    bar, task = progress_bar(show_progress, f"Importing {name}", size)
    rows_before = summary.rows
    with bar:
        for line, row in table.rows():
            summary.rows += 1
            if summary.rows % 2000 == 0:
                bar.update(task, completed=table.counter.count)
            try:
                stage.add((line, *parse(row, columns)))
            except RowError as error:
                summary.skip(line, f"{name}: {error}")
    stage.flush()
    if summary.rows == rows_before:
        raise BadFile(f"{name} has no data rows")
    cursor.execute(merge)
    summary.written += cursor.rowcount
    summary.layout = ", ".join(filter(None, [summary.layout, f"{name} ({kind})"]))


def import_wages(path: str, show_progress: bool = False) -> Summary:
    summary = Summary("OFLC prevailing wage data")
    with _members(path) as members, transaction.atomic(), connection.cursor() as cursor:
        for name, stream, size in members:
            _read_member(name, stream, size, summary, cursor, show_progress)
        if summary.rows == summary.skipped:
            raise BadFile("no importable rows")
        DataImport.objects.create(
            kind=DataImport.Kind.WAGES,
            file_name=str(path).rstrip("/").rsplit("/", 1)[-1][:300],
            rows=summary.rows - summary.skipped,
            skipped=summary.skipped,
        )
    return summary
