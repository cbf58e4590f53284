"""CSV, one job a row, read row by row. Our own column names, with the LinkedIn postings
export's names accepted as aliases:

    external_id (job_id), title, company (company_name), location, description,
    apply_url (job_posting_url, application_url), posted_at (listed_time), valid_through
    (expiry), salary_min (min_salary), salary_max (max_salary), salary_unit (pay_period),
    remote (remote_allowed), employment_type (formatted_work_type, work_type)
"""

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from listings.ingest.normalize import looks_like_html, text_to_html
from listings.ingest.readers.records import (
    FileRefused,
    RawJob,
    Skip,
    parse_date,
    parse_datetime,
    text,
)

SOURCE = "csv"
_MAX_FIELD = 2 * 1024 * 1024
_ALIASES = {
    "external_id": ["external_id", "job_id", "id"],
    "title": ["title"],
    "company": ["company", "company_name", "employer"],
    "location": ["location"],
    "description": ["description", "description_html"],
    "apply_url": ["apply_url", "job_posting_url", "application_url", "url"],
    "posted_at": ["posted_at", "listed_time", "original_listed_time", "date_posted"],
    "valid_through": ["valid_through", "expiry"],
    "salary_min": ["salary_min", "min_salary"],
    "salary_max": ["salary_max", "max_salary"],
    "salary_unit": ["salary_unit", "pay_period"],
    "remote": ["remote", "remote_allowed"],
    "employment_type": ["employment_type", "formatted_work_type", "work_type"],
}
_REQUIRED = ["external_id", "title", "company"]


def _columns(header: list[str]) -> dict[str, str]:
    names = {name.strip().lower().lstrip("\ufeff"): name for name in header}
    found = {}
    for field, aliases in _ALIASES.items():
        for alias in aliases:
            if alias in names:
                found[field] = names[alias]
                break
    missing = [f for f in _REQUIRED if f not in found]
    if missing or not ({"apply_url"} <= found.keys()):
        missing += [] if "apply_url" in found else ["apply_url"]
        raise FileRefused(f"not a jobs CSV: no column for {', '.join(missing)}")
    return found


def read(stream: BinaryIO, employer: str = "") -> Iterator[RawJob | Skip]:
    csv.field_size_limit(_MAX_FIELD)
    lines = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(lines, strict=True)
    try:
        header = reader.fieldnames
        if not header:
            raise FileRefused("the CSV has no header row")
        columns = _columns(header)
        for row in reader:
            line = reader.line_num
            if None in row:
                yield Skip(f"line {line}", "more fields than the header has columns")
                continue
            yield _job(row, columns, f"line {line}", employer)
    except csv.Error as error:
        raise FileRefused(f"malformed CSV near line {reader.line_num}: {error}") from error
    except UnicodeDecodeError as error:
        raise FileRefused(f"not UTF-8 text near byte {error.start}") from error
    finally:
        lines.detach()


def _job(row: dict, columns: dict[str, str], where: str, employer: str) -> RawJob:
    def get(field: str) -> str:
        return text(row.get(columns[field])) if field in columns else ""

    description = get("description")
    if description and not looks_like_html(description):
        description = text_to_html(description)
    salary = None
    if get("salary_min") or get("salary_max"):
        salary = (get("salary_min"), get("salary_max"), get("salary_unit").lower())
    return RawJob(
        where=where + (f" (id {get('external_id')[:40]})" if get("external_id") else ""),
        source=SOURCE,
        external_id=get("external_id"),
        title=get("title"),
        employer=get("company") or employer,
        location=get("location"),
        description_html=description,
        apply_url=get("apply_url"),
        posted_at=parse_datetime(get("posted_at")),
        valid_through=parse_date(get("valid_through")),
        salary=salary,
        remote=get("remote").lower() in ("1", "1.0", "true", "yes") or None,
        employment_type=get("employment_type"),
    )
