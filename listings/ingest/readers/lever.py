"""Lever postings API: a bare JSON array from /v0/postings/{site}?mode=json. Sponsorship
wording often sits in `lists` or `additionalPlain`, so the classifier reads those too."""

import re
from collections.abc import Iterator
from typing import BinaryIO

from listings.ingest.normalize import html_to_text
from listings.ingest.readers.records import FileRefused, RawJob, Skip, parse_datetime, text
from listings.ingest.readers.streams import iter_jobs

SOURCE = "lever"


def _site_name(url: str) -> str:
    match = re.match(r"https://jobs\.(?:eu\.)?lever\.co/([^/?#]+)/", url)
    return match[1].replace("-", " ").title() if match else ""


def read(stream: BinaryIO, employer: str = "") -> Iterator[RawJob | Skip]:
    # One piece: a Lever posting's fields map to a RawJob in one place, read top to bottom.
    for number, job in enumerate(iter_jobs(stream, "postings"), start=1):
        if not isinstance(job, dict):
            yield Skip(f"record {number}", "not a JSON object")
            continue
        if job.get("ok") is False:
            raise FileRefused(f"the feed answered with an error: {text(job.get('error'), 200)}")
        external_id = text(job.get("id"))
        where = f"record {number}" + (f" (id {external_id[:40]})" if external_id else "")
        categories = job.get("categories") if isinstance(job.get("categories"), dict) else {}
        lists = [
            f"{text(item.get('text'))}\n{html_to_text(text(item.get('content')))}"
            for item in job.get("lists") or []
            if isinstance(item, dict)
        ]
        description = text(job.get("description")) or text(job.get("descriptionPlain"))
        sections = [
            f"<h3>{text(item.get('text'))}</h3><ul>{text(item.get('content'))}</ul>"
            for item in job.get("lists") or []
            if isinstance(item, dict)
        ]
        parts = [description, *sections, text(job.get("additional"))]
        salary_range = job.get("salaryRange") if isinstance(job.get("salaryRange"), dict) else {}
        salary = None
        if salary_range and text(salary_range.get("currency")).upper() in ("", "USD"):
            salary = (salary_range.get("min"), salary_range.get("max"),
                      text(salary_range.get("interval")))  # fmt: skip
        url = text(job.get("hostedUrl")) or text(job.get("applyUrl"))
        workplace = text(job.get("workplaceType")).lower()
        yield RawJob(
            where=where,
            source=SOURCE,
            external_id=external_id,
            title=text(job.get("text")),
            employer=employer or _site_name(url),
            location=text(categories.get("location")),
            places=[text(p) for p in categories.get("allLocations") or [] if text(p)],
            description_html="".join(str(p) for p in parts if p),
            apply_url=url,
            posted_at=parse_datetime(job.get("createdAt")),
            extra_text="\n".join([*lists, text(job.get("additionalPlain"))]),
            employment_type=text(categories.get("commitment")),
            salary=salary,
            salary_text=text(job.get("salaryDescriptionPlain")),
            remote=workplace == "remote",
            hybrid=workplace == "hybrid",
        )
