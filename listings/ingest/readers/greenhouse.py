"""Greenhouse Job Board API: `{"jobs": [...]}` from /v1/boards/{token}/jobs?content=true, or
one job from /jobs/{id}. `content` is entity-escaped HTML."""

import html
from collections.abc import Iterator
from typing import BinaryIO

from listings.ingest.normalize import html_to_text
from listings.ingest.readers.records import RawJob, Skip, parse_datetime, text
from listings.ingest.readers.streams import iter_jobs

SOURCE = "greenhouse"


def read(stream: BinaryIO, employer: str = "") -> Iterator[RawJob | Skip]:
    for number, job in enumerate(iter_jobs(stream, "jobs"), start=1):
        if not isinstance(job, dict):
            yield Skip(f"record {number}", "not a JSON object")
            continue
        yield parse(job, number, employer)


def parse(job: dict, number: int, employer: str = "") -> RawJob:
    external_id = text(job.get("id"))
    content = html.unescape(text(job.get("content")))
    extra, salary = [], None
    for item in job.get("metadata") or []:
        if not isinstance(item, dict):
            continue
        value = item.get("value")
        if item.get("value_type") == "currency_range" and isinstance(value, dict):
            if text(value.get("unit")).upper() in ("", "USD"):
                salary = (value.get("min_value"), value.get("max_value"), None)
        elif item.get("value_type") == "long_text" and isinstance(value, str):
            extra.append(html_to_text(html.unescape(value)))
    offices = [text(o.get("location") or o.get("name")) for o in job.get("offices") or []
               if isinstance(o, dict)]  # fmt: skip
    location = job.get("location")
    return RawJob(
        where=f"record {number}" + (f" (id {external_id[:40]})" if external_id else ""),
        source=SOURCE,
        external_id=external_id,
        title=text(job.get("title")),
        employer=text(job.get("company_name")) or employer,
        location=text(location.get("name")) if isinstance(location, dict) else text(location),
        places=[o for o in offices if o],
        description_html=content,
        apply_url=text(job.get("absolute_url")),
        posted_at=parse_datetime(job.get("first_published") or job.get("updated_at")),
        valid_through=None,
        extra_text="\n".join(extra),
        salary=salary,
        salary_text=html_to_text(content) if salary is None and content else "",
    )
