"""schema.org JobPosting as JSON-LD: a JSON file holding one posting, a list of them or an
`@graph`; or a career page (HTML) with <script type="application/ld+json"> blocks."""

import html
import json
import re
from collections.abc import Iterator
from typing import BinaryIO

from listings.ingest.readers.records import (
    FileRefused,
    RawJob,
    Skip,
    parse_date,
    parse_datetime,
    text,
)
from listings.ingest.readers.streams import iter_jobs

SOURCE = "jsonld"
_MAX_PAGE = 20 * 1024 * 1024
_SCRIPT = re.compile(
    r"<script[^>]*type\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script>", re.I | re.S
)
_UNITS = {"YEAR": "year", "MONTH": "month", "WEEK": "week", "DAY": "day", "HOUR": "hour"}


def _postings(node) -> Iterator[dict]:
    if isinstance(node, list):
        for item in node:
            yield from _postings(item)
    elif isinstance(node, dict):
        kind = node.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "JobPosting" in kinds:
            yield node
        elif "@graph" in node:
            yield from _postings(node["@graph"])


def _first(value):
    return value[0] if isinstance(value, list) and value else value


def _place(posting: dict) -> tuple[str, list[str]]:
    places = []
    locations = posting.get("jobLocation")
    for location in locations if isinstance(locations, list) else [locations]:
        address = location.get("address") if isinstance(location, dict) else None
        if isinstance(address, dict):
            parts = [text(address.get(k)) for k in ("addressLocality", "addressRegion")]
            country = address.get("addressCountry")
            country = text(country.get("name")) if isinstance(country, dict) else text(country)
            places.append(", ".join(p for p in [*parts, country] if p))
        elif isinstance(address, str):
            places.append(address)
    return (places[0] if places else ""), places[1:]


def _salary(posting: dict) -> tuple | None:
    base = _first(posting.get("baseSalary"))
    if not isinstance(base, dict) or text(base.get("currency")).upper() not in ("", "USD"):
        return None
    value = base.get("value")
    if isinstance(value, dict):
        unit = _UNITS.get(text(value.get("unitText")).upper())
        low = value.get("minValue", value.get("value"))
        return (low, value.get("maxValue", low), unit)
    if isinstance(value, int | float):
        return (value, value, None)
    return None


def parse(posting: dict, where: str, employer: str = "") -> RawJob:
    identifier = posting.get("identifier")
    external_id = (
        text(identifier.get("value")) if isinstance(identifier, dict) else text(identifier)
    ) or text(posting.get("url"))
    organisation = _first(posting.get("hiringOrganization"))
    name = text(organisation.get("name")) if isinstance(organisation, dict) else text(organisation)
    location, places = _place(posting)
    description = html.unescape(text(posting.get("description")))
    telecommute = text(posting.get("jobLocationType")).upper() == "TELECOMMUTE"
    return RawJob(
        where=where + (f" (id {external_id[:40]})" if external_id else ""),
        source=SOURCE,
        external_id=external_id,
        title=html.unescape(text(posting.get("title"))),
        employer=name or employer,
        location=location or ("Remote, US" if telecommute else ""),
        places=places,
        description_html=description,
        apply_url=text(posting.get("url")) or text(posting.get("sameAs")),
        posted_at=parse_datetime(posting.get("datePosted")),
        valid_through=parse_date(posting.get("validThrough")),
        extra_text=text(posting.get("eligibilityToWorkRequirement"))
        + "\n"
        + text(posting.get("securityClearanceRequirement")),
        salary=_salary(posting),
        remote=telecommute,
        employment_type=text(_first(posting.get("employmentType"))),
    )


def _from_page(data: bytes) -> Iterator[dict]:
    page = data.decode("utf-8", "replace")
    blocks = _SCRIPT.findall(page)
    if not blocks:
        raise FileRefused('no JSON-LD (<script type="application/ld+json">) on the page')
    for block in blocks:
        block = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$", "", block.strip())
        try:
            yield from _postings(json.loads(block))
        except json.JSONDecodeError:
            continue  # one broken block on a page does not spoil the others


def read(stream: BinaryIO, employer: str = "") -> Iterator[RawJob | Skip]:
    head = stream.peek(512)[:512] if hasattr(stream, "peek") else b""
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        data = stream.read(_MAX_PAGE + 1)
        if len(data) > _MAX_PAGE:
            raise FileRefused("an HTML page over 20 MB is not a career page")
        postings = _from_page(data)
    else:
        postings = (p for node in iter_jobs(stream, "@graph") for p in _postings(node))
    for number, posting in enumerate(postings, start=1):
        yield parse(posting, f"posting {number}", employer)
