"""Ashby posting API: `{"apiVersion": "1", "jobs": [...]}` from
/posting-api/job-board/{board}?includeCompensation=true. The board names no employer: it
comes from --employer, or from the board name in the job URL."""

import re
from collections.abc import Iterator
from typing import BinaryIO

from listings.ingest.readers.records import RawJob, Skip, parse_datetime, text
from listings.ingest.readers.streams import iter_jobs

SOURCE = "ashby"


def _board_name(url: str) -> str:
    match = re.match(r"https://jobs\.ashbyhq\.com/([^/?#]+)/", url)
    return match[1].replace("-", " ").title() if match else ""


def _address(job: dict) -> str:
    postal = (job.get("address") or {}).get("postalAddress") or {}
    if not isinstance(postal, dict):
        return ""
    parts = [text(postal.get(k)).split(",")[0] for k in ("addressLocality", "addressRegion")]
    country = text(postal.get("addressCountry"))
    return ", ".join(p for p in [*parts, country] if p)


def _salary(job: dict) -> tuple | None:
    compensation = job.get("compensation")
    if not isinstance(compensation, dict):
        return None
    for tier in compensation.get("compensationTiers") or []:
        for part in (tier or {}).get("components") or []:
            if not isinstance(part, dict) or part.get("compensationType") != "Salary":
                continue
            if text(part.get("currencyCode")).upper() not in ("", "USD"):
                continue
            unit = text(part.get("interval")).lower().replace("1 ", "")
            return (part.get("minValue"), part.get("maxValue"), unit)
    return None


def read(stream: BinaryIO, employer: str = "") -> Iterator[RawJob | Skip]:
    for number, job in enumerate(iter_jobs(stream, "jobs"), start=1):
        if not isinstance(job, dict):
            yield Skip(f"record {number}", "not a JSON object")
            continue
        external_id = text(job.get("id"))
        where = f"record {number}" + (f" (id {external_id[:40]})" if external_id else "")
        if job.get("isListed") is False:
            yield Skip(where, "not listed on the board", out_of_scope=True)
            continue
        url = text(job.get("jobUrl")) or text(job.get("applyUrl"))
        secondary = [
            text(s.get("location")) for s in job.get("secondaryLocations") or []
            if isinstance(s, dict)
        ]  # fmt: skip
        workplace = text(job.get("workplaceType")).lower()
        summary = job.get("compensation") or {}
        yield RawJob(
            where=where,
            source=SOURCE,
            external_id=external_id,
            title=text(job.get("title")),
            employer=employer or _board_name(url),
            location=text(job.get("location")),
            places=[p for p in [*secondary, _address(job)] if p],
            description_html=text(job.get("descriptionHtml")),
            apply_url=url,
            posted_at=parse_datetime(job.get("publishedAt")),
            salary=_salary(job),
            salary_text=text(summary.get("scrapeableCompensationSalarySummary"))
            if isinstance(summary, dict)
            else "",
            remote=job.get("isRemote") is True or workplace == "remote",
            hybrid=workplace == "hybrid",
            employment_type=text(job.get("employmentType")),
        )
