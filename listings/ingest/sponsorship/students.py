"""What a posting says to F-1 students, apart from sponsorship: OPT (STEM OPT included) and CPT
need no petition from the employer, so "we do not sponsor, OPT candidates welcome" is a real
route for a student, and "no OPT" closes it even where sponsorship is silent.

Each unit naming OPT or CPT is read on its own: a welcome ("OPT welcome", "US citizen / GC /
OPT-EAD", "If your work authorization is through CPT, ...") opens it, a refusal that names it
("no OPT", "not ... F-1 ... OPT", "except OPT", a sponsorship refusal listing F-1 or OPT)
closes it. A refusal anywhere beats a welcome, as it does for sponsorship."""

import re

from listings.ingest.sponsorship.rules import visa_text

_OPT = (
    r"(?:stem[-\s]*)?opt(?:[-\s]*ead)?s?|f-?1|optional\s+practical\s+training|"
    r"practical\s+training"
)
_CPT = r"cpts?|curricular\s+practical\s+training"
_NAMES = {
    "opt": re.compile(rf"\b(?:{_OPT})(?![\w-])|\bopt(?=ead)", re.I),
    "cpt": re.compile(rf"\b(?:{_CPT})\b", re.I),
}
_ANY = rf"(?:{_OPT}|{_CPT}|opt(?=ead))"
_WELCOME = re.compile(
    rf"\b{_ANY}\b[^.;|]{{0,40}}?\b(?:welcome[ds]?|accepted|ok|okay|considered|eligible|"
    rf"encouraged|supported|friendly|sponsor\w*)\b|"
    rf"\b(?:accept|welcome|support|consider|open\s+to|hire|offer|ok|okay)\w*\b[^.;|]{{0,40}}?"
    rf"\b{_ANY}|"
    # A list of the statuses taken, OPT among them: "US Citizen / GC / OPT-EAD".
    rf"\b(?:usc|citizens?|gc|green\s*cards?)\w*\s*(?:[/,&]|\bor\b)[^.;|]{{0,40}}?\b{_ANY}|"
    rf"\bonly\b[^.;|]{{0,30}}?\b(?:gc|citizen)\w*\s*{_ANY}|"
    rf"authori[sz]ation\s+is\s+through\s+{_ANY}",
    re.I,
)
_REFUSE = re.compile(
    rf"\b(?:no|not|cannot|can't|unable|won't|without|except|excluding|nor)\b[^.;|]{{0,120}}?"
    rf"\b{_ANY}|"
    rf"\b{_ANY}\b[^.;|]{{0,60}}?\b(?:not\s+(?:be\s+)?(?:considered|eligible|accepted|available|"
    rf"supported)|ineligible)",
    re.I,
)


_HINTS = ("opt", "cpt", "f-1", "f1", "practical")


def named(unit_text: str) -> set[str]:
    """The students the unit names, "opt" and "cpt" (look-alike senses removed)."""
    lowered = unit_text.lower()
    if not any(hint in lowered for hint in _HINTS):
        return set()
    text = visa_text(unit_text)
    return {name for name, pattern in _NAMES.items() if pattern.search(text)}


def verdict(unit_text: str, refused: bool) -> bool | None:
    """True: the unit welcomes the students it names; False: it shuts them out; None: it
    names them without saying either. `refused`: the unit refuses sponsorship."""
    text = visa_text(unit_text)
    if _REFUSE.search(text):
        # "We do not sponsor, but OPT candidates are welcome": the welcome is the point.
        after = re.split(r"\bbut\b|\bhowever\b", text, maxsplit=1, flags=re.I)
        return len(after) == 2 and bool(_WELCOME.search(after[1])) and not _REFUSE.search(after[1])
    if _WELCOME.search(text):
        return True
    return False if refused else None
