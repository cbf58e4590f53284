"""Offers that cover some visas only. "New visas only for Canadian or Australian citizens (TN,
E-3)" is an offer to a TN or E-3 candidate and to no one else; "H-1B transfers welcome" or
"you need to already hold a work visa" is an offer to someone already in H-1B status. Both are
offers (stated), limited to the routes they name, so the routes panel opens only those.

The limit is a list of codes: the visa types' codes, and TRANSFER for moving an existing
H-1B to a new employer."""

import re

from listings.taxonomy.vocabulary import H1B_TRANSFER as TRANSFER

# VisaType.code of each name visas.visa_types_in() returns.
CODES = {
    "H-1B": "h-1b",
    "H-1B1": "h-1b1",
    "E-3": "e-3",
    "TN": "tn",
    "O-1A": "o-1a",
    "L-1": "l-1",
    "F-1 OPT": "f-1-opt",
    "F-1 STEM OPT": "f-1-stem-opt",
    "J-1": "j-1",
    "Green card": "green-card",
}
_TRANSFER = re.compile(r"\btransfer(?:s|red|ring)?\b", re.I)
# Words that offer new sponsorship as well as transfers.
_NEW_TOO = re.compile(
    r"\b(?:sponsor(?:ship|s|ing)?|new\s+(?:visas?|h-?1-?bs?|petitions?)|lottery\s+(?:ok|welcome))"
    r"\b(?!\s*/?\s*transfer)",
    re.I,
)
_EXISTING_ONLY = re.compile(
    r"\b(?:already|existing|current(?:ly)?)\s+(?:\w+\s+){0,3}(?:authori[sz]ed|h-?1-?bs?|visas?|"
    r"status|holders?)|\bcan(?:no|')t\s+(?:handle|do|enter|sponsor\s+new)\s+(?:\w+\s+){0,2}"
    r"(?:lottery|cap|new)|\btransfers?\s+only\b|\bonly\s+(?:h-?1-?b\s+|visa\s+)?transfers?\b",
    re.I,
)
# "Only for Canadian or Australian citizens", "TN and E-3 only", "limited to TN".
_ONLY = re.compile(
    r"\bonly\b|(?<!not )\blimited\s+to\b|\brestricted\s+to\b|\bexclusively\b|\bexcept\b", re.I
)
# "Transferring H1B Visa sponsorship", "transfers of H1 sponsorship": the sponsorship moved is
# an existing one, not a new petition.
_SPONSORSHIP_MOVED = re.compile(
    r"\btransfer\w*\s+(?:of\s+)?(?:(?:h-?1-?b?|visa|work)\s+)*sponsorships?\b", re.I
)
# "Canadian or Australian citizens": a nationality, perhaps one of a list, then the people.
_PEOPLE = r"(?:\s*(?:,|\bor\b|\band\b)\s*[a-z]+)*\s+(?:citizens?|nationals?|candidates?)"
_CITIZENS = {
    "tn": re.compile(rf"\b(?:canadian|mexican){_PEOPLE}", re.I),
    "e-3": re.compile(rf"\baustralian{_PEOPLE}", re.I),
    "h-1b1": re.compile(rf"\b(?:chilean|singaporean){_PEOPLE}", re.I),
}


def with_limits(visa_names: list[str], limits: tuple[str, ...]) -> list[str]:
    """The visa types an offer names, and those its limit names in other words ("Canadian or
    Australian citizens": TN and E-3), in the visa table's order."""
    named = set(visa_names) | {name for name, code in CODES.items() if code in limits}
    return [name for name in CODES if name in named]


def limited_to(unit_text: str, visa_names: list[str]) -> tuple[str, ...]:
    """The codes an offer is limited to; () when it is open to any visa it may need."""
    codes = [CODES[name] for name in visa_names if name in CODES]
    codes += [code for code, pattern in _CITIZENS.items() if pattern.search(unit_text)]
    transfer = _TRANSFER.search(unit_text)
    new_too = _NEW_TOO.search(_SPONSORSHIP_MOVED.sub("transfer", unit_text))
    if transfer and (_EXISTING_ONLY.search(unit_text) or not new_too):
        # Transfers alone; other visas named beside them ("TN, OPT or H-1B transfer") are
        # offered as they are named.
        codes = [c for c in codes if c != "h-1b"] + [TRANSFER]
    elif _EXISTING_ONLY.search(unit_text):
        codes = [c for c in codes if c != "h-1b"] + [TRANSFER]
    elif not (_ONLY.search(unit_text) and codes):
        return ()
    return tuple(sorted(set(codes)))
