"""The visa types an offer names, as the names of `VisaType` rows."""

import re

_VISAS = [
    ("H-1B1", re.compile(r"\bH-?1-?B-?1\b", re.I)),
    ("H-1B", re.compile(r"\bH-?1-?B(?!-?1)s?\b|\bH1Bs?\b", re.I)),
    ("E-3", re.compile(r"\bE-?3(?:'?s)?\b(?!\s*(?:engineer|level))", re.I)),
    # Not "Nashville, TN" or "TN 37203": Tennessee.
    ("TN", re.compile(r"\bTN\b(?!,?\s*(?:\d{5}|USA?\b|United\s+States))")),
    ("O-1A", re.compile(r"\bO-?1A?(?:'?s)?\b")),
    ("L-1", re.compile(r"\bL-?1[AB]?\b")),
    ("F-1 STEM OPT", re.compile(r"\bSTEM[-\s]+OPT\b|\bOPT[-\s]+STEM\b|\bSTEM\s+extension", re.I)),
    ("F-1 OPT", re.compile(r"\b(?<!STEM )(?<!STEM-)OPT\b(?![-\s]+STEM)|\bF-?1\b")),
    ("J-1", re.compile(r"\bJ-?1\b")),
    (
        "Green card",
        re.compile(r"green[-\s]?cards?|permanent\s+residen|\bPERM\b|\bEB-?[123]\b|\bGC\b", re.I),
    ),
]
_STEM_PHRASE = re.compile(r"\bF-?1\s+(?=STEM)|\bSTEM[-\s]+OPT\b|\bOPT[-\s]+STEM\b", re.I)


def visa_types_in(sentence: str) -> list[str]:
    found = [name for name, pattern in _VISAS if pattern.search(sentence)]
    # "F-1 STEM OPT extension" names the extension, not plain OPT as well.
    if "F-1 STEM OPT" in found and "F-1 OPT" in found:
        rest = _STEM_PHRASE.sub(" ", sentence)
        if not dict(_VISAS)["F-1 OPT"].search(rest):
            found.remove("F-1 OPT")
    return found
