"""Salary wording in feeds and postings ("$120k - $150k a year", "USD 55/hr") turned into a
range and a unit, with implausible figures dropped."""

import re
from typing import NamedTuple


class Salary(NamedTuple):
    minimum: int | None
    maximum: int | None
    unit: str  # year, month, week, day, hour


_UNIT_WORDS = {
    "year": "year", "yr": "year", "annum": "year", "annually": "year", "annual": "year",
    "yearly": "year",
    "hour": "hour", "hr": "hour", "hourly": "hour", "month": "month", "mo": "month",
    "monthly": "month", "week": "week", "wk": "week", "weekly": "week", "day": "day",
    "daily": "day",
}  # fmt: skip
_AMOUNT = r"\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*([kK])?"
_SALARY = re.compile(
    _AMOUNT + r"\s*(?:-|–|—|to)\s*(?:USD\s*)?" + _AMOUNT + r"(?:\s*(?:USD|usd))?\s*"
    r"(?:/|per|an|a|each)?\s*(year|yr|annum|annually|annual|hour|hr|hourly|month|mo|monthly|"
    r"week|wk|weekly|day|daily)?\b"
)
_PLAUSIBLE = {"year": (10_000, 5_000_000), "month": (1_000, 500_000), "week": (200, 100_000),
              "day": (50, 20_000), "hour": (7, 2_000)}  # fmt: skip


def _amount(whole: str, cents: str | None, thousands: str | None) -> float:
    value = float(whole.replace(",", "") + ("." + cents if cents else ""))
    return value * 1000 if thousands else value


def unit_for(word: str | None) -> str | None:
    if not word:
        return None
    word = word.strip().lower().replace("per-", "").replace("-salary", "").replace("1 ", "")
    return _UNIT_WORDS.get(word)


def make_salary(low, high, unit: str | None) -> Salary | None:
    """A checked range: numbers, ordered, plausible for the unit (an hourly $40 is fine, a
    yearly $40 is a parsing accident). Unit guessed from the size when not given."""
    try:
        low = float(low) if low not in (None, "") else None
        high = float(high) if high not in (None, "") else None
    except (TypeError, ValueError):
        return None
    if low is None and high is None:
        return None
    low, high = (low if low is not None else high), (high if high is not None else low)
    if low > high:
        low, high = high, low
    unit = unit or ("year" if high >= 10_000 else "hour" if high < 2_000 else None)
    if unit not in _PLAUSIBLE:
        return None
    floor, ceiling = _PLAUSIBLE[unit]
    if low < floor or high > ceiling:
        return None
    return Salary(round(low), round(high), unit)


def parse_salary_text(text: str) -> Salary | None:
    """The first dollar range in free text: "$124,900 - $187,300 per year", "$55-$60/hr"."""
    for match in _SALARY.finditer(text or ""):
        low = _amount(match[1], match[2], match[3])
        high = _amount(match[4], match[5], match[6])
        if match[3] is None and match[6] and low < 1000:
            low *= 1000  # "$120-150K"
        salary = make_salary(low, high, unit_for(match[7]))
        if salary:
            return salary
    return None
