"""A posting's experience level (entry, mid or senior), read at import from its title and
from the years of experience its text asks for. The title speaks first: "Senior", "Staff" or
"Principal" say senior whatever the text says; "Junior", "New Grad" or "Intern" say entry.
Otherwise the fewest years the posting asks for decide: up to 2 entry, 3 to 5 mid, 6 or more
senior. A posting that says neither has no level ("")."""

import re

ENTRY, MID, SENIOR = "entry", "mid", "senior"

_SENIOR_TITLE = re.compile(
    r"\b(senior|sr\.?|staff|principal|lead|head|director|distinguished|architect|vp|"
    r"vice president|manager)\b|\b(iii|iv|v)\s*$",
    re.I,
)
_ENTRY_TITLE = re.compile(
    r"\b(junior|jr\.?|entry[-\s]level|new\s+grad(?:uate)?|graduate|intern(?:ship)?|"
    r"apprentice|trainee|early\s+career|associate)\b|\b(i)\s*$",
    re.I,
)
_MID_TITLE = re.compile(r"\b(ii|mid[-\s]level|intermediate)\b", re.I)
# "3+ years of experience", "5-7 years' professional experience", "at least two years in",
# "minimum of 4 years of hands-on experience": the first number is the requirement.
_NUMBER = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
_YEARS = re.compile(
    rf"\b{_NUMBER}\s*(?:\+|\s*(?:-|–|to)\s*\d{{1,2}})?\s*\+?\s*years?['’]?"
    r"(?:\s+of)?(?:\s+[\w-]+){0,3}?\s+(?:experience|industry|professional|working|work)\b",
    re.I,
)
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip


def years_required(text: str) -> int | None:
    """The fewest years of experience the posting asks for, or None when it names none."""
    found = [_WORDS.get(m.group(1).lower()) or int(m.group(1)) for m in _YEARS.finditer(text)]
    found = [years for years in found if years <= 30]  # "401(k)" or a founding year is not it
    return min(found) if found else None


def experience_level(title: str, text: str) -> str:
    if _SENIOR_TITLE.search(title):
        return SENIOR
    if _ENTRY_TITLE.search(title):
        return ENTRY
    years = years_required(text[:20000])
    if years is not None:
        return ENTRY if years <= 2 else MID if years <= 5 else SENIOR
    return MID if _MID_TITLE.search(title) else ""
