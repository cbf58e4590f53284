"""What every format's reader yields: a raw job record in our terms, a skip, or a refusal."""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime


class FileRefused(Exception):
    """The whole file is unusable (malformed, truncated, empty, wrong format, unreachable).
    Nothing of it is written."""


@dataclass
class Skip:
    where: str  # "line 12" or "record 3 (id 123)"
    reason: str
    # A readable posting that is not for this site (another role, no US place), as opposed
    # to a record we could not read: a feed of only these is read fine.
    out_of_scope: bool = False


@dataclass
class RawJob:
    """A posting as read from a feed, before normalising. `where` locates it for messages."""

    where: str
    source: str
    external_id: str
    title: str
    employer: str
    location: str
    description_html: str
    apply_url: str
    posted_at: datetime | None
    valid_through: date | None = None
    # Extra text the classifier reads besides the description (Lever lists, Greenhouse
    # long-text metadata); not shown on the page.
    extra_text: str = ""
    salary: tuple | None = None  # (min, max, unit word) from structured pay data
    salary_text: str = ""
    remote: bool | None = None
    hybrid: bool = False
    employment_type: str = ""  # the feed's own word ("FullTime", "Full-time", "Intern")
    places: list[str] = field(default_factory=list)  # further locations to try in order


def text(value, limit: int | None = None) -> str:
    """A field as stripped text; numbers become text, anything else (lists, objects) is ""."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else str(value)
    if not isinstance(value, str):
        return ""
    value = value.replace("\x00", "").strip()
    return value[:limit] if limit else value


def parse_datetime(value) -> datetime | None:
    """ISO 8601 with or without offset, unpadded dates ("2026-5-15"), epoch seconds or
    milliseconds. Naive values are taken as UTC."""

    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 10**11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    raw = text(value, 64)
    if not raw:
        return None
    if re.fullmatch(r"\d{9,14}(?:\.\d+)?", raw):
        return parse_datetime(float(raw))
    raw = raw.replace("Z", "+00:00").replace(" ", "T", 1)
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        parts = raw.split("T")[0].split("-")
        try:
            parsed = datetime(int(parts[0]), int(parts[1]), int(parts[2]))
        except (ValueError, IndexError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_date(value) -> date | None:
    parsed = parse_datetime(value)
    return parsed.date() if parsed else None
