"""Whether an offer of sponsorship is for a job outside the US: "visa support for our Berlin
office", a UK work visa, or a header whose only place is abroad. Such an offer says nothing
about a US visa, so the unit counts as silent."""

import re

from listings.ingest import abroad

_ABROAD_ADJECTIVE = (
    r"uk|british|canadian|european|eu|german|dutch|french|irish|australian|japanese|"
    r"schengen|swiss|israeli|singapore|indian|mexican|brazilian"
)
_OFFER_ABROAD = re.compile(
    rf"(?:visa|sponsor\w*|work\s+permit|relocat\w*)[^.|;]{{0,50}}\b(?:in|to|for|at|into)\s+"
    rf"(?:our\s+|the\s+)?(?:{abroad.PLACES})\b|\b(?:{_ABROAD_ADJECTIVE})\s+(?:work\s+)?"
    rf"(?:visas?|work\s+permits?|sponsorship)|\b(?:blue\s+card|tier\s*2|skilled\s+worker\s+visa|"
    rf"critical\s+skills|lmia|global\s+talent)\b|\b(?:{abroad.PLACES})[-\s]+(?:office|team|hub|site|"
    rf"location|based)",
    re.I,
)
# "Visa/relocation available, and options in Germany as well": abroad is an addition.
_ALSO = re.compile(r"\b(?:as\s+well|also|too|in\s+addition)\b", re.I)


def offered_abroad(text: str, start: int, end: int, field: bool) -> bool:
    """True when the offer at text[start:end] is tied to a place outside the US: in its own
    words, or (for a header field) by the places its header line names, all of them abroad."""
    unit = text[start:end]
    if _OFFER_ABROAD.search(unit) and not abroad.names_us(unit) and not _ALSO.search(unit):
        return True
    if not field:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return abroad.only_abroad(text[line_start : len(text) if line_end < 0 else line_end])
