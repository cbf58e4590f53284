"""What a posting says about visa sponsorship: stated, refused or silent, with the sentence
that says it, quoted verbatim.

Most postings say nothing; most that do refuse. The classifier therefore looks, sentence by
sentence, for a refusal first (negated sponsorship, "without sponsorship", citizenship,
security clearance, export control) and only then for an offer. Words that merely look like
sponsorship ("employer-sponsored 401(k)", Visa the card network, "opt for", CPT billing codes,
E-Verify notices, EEO "citizenship status") are not signals, and a bare "must be authorized to
work in the US" is silent: visa holders are authorized too.
"""

import re
from dataclasses import dataclass, field

STATED = "stated"
REFUSED = "refused"
SILENT = "silent"

_MAX_EVIDENCE = 320


@dataclass(frozen=True)
class Classification:
    state: str
    evidence: str = ""
    visa_types: list[str] = field(default_factory=list)


# --- sentences ---------------------------------------------------------------------------

# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = re.compile(
    r"\b(?:U\.S\.A|U\.S|e\.g|i\.e|etc|Inc|Corp|Ltd|Co|No|Sr|Jr|vs)\.$", re.I
)
_BOUNDARY = re.compile(
    r"\n\s*\n|\n(?=\s*[-*•\u2022]|\s*[A-Z])|(?<=[.!?])\s+(?=[\"'(*\[A-Z0-9])"
    # Scraped text often glues sentences: "employees.FSA (flexible…)".
    r"|(?<=[a-z)]\.)(?=[A-Z0-9])|(?<=[.!?])(?=\*)"
)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of `text`, stripped of surrounding space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _ABBREVIATIONS.search(text[max(0, match.start() - 6) : match.start()]):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    result = []
    for a, b in spans:
        while a < b and text[a] in " \t\r\n*•-\u2022":
            a += 1
        while b > a and text[b - 1] in " \t\r\n*":
            b -= 1
        if b > a:
            result.append((a, b))
    return result


# --- signals -----------------------------------------------------------------------------

# "sponsor" in the immigration sense: not "company-sponsored", "sponsored events", "executive
# sponsor", "corporate sponsorship" (fundraising), "Sponsored Programs" or "sponsor you for
# conferences".
_SPONSOR = re.compile(r"(?<![-\w])sponsor(?:ship|ships|ing|s)?\b(?!-)", re.I)
_SPONSOR_ANY = re.compile(r"sponsor", re.I)
_NOT_IMMIGRATION = re.compile(
    r"executive\s+(?:technical\s+)?sponsor|corporate\s+sponsor|event\s+sponsor|"
    r"sponsors?\s+(?:and|or)\s+(?:donors|partners)|sponsor\s+information|fundrais|"
    r"sponsor(?:s|ing)?\s+(?:you\s+)?(?:for\s+)?(?:the\s+)?(?:annual|conferences?|events?|"
    r"retreats?|teams?|offsites?|certifications?|training|trade\s+shows?|meetups?|hackathons?)",
    re.I,
)
_IMMIGRATION = re.compile(
    r"visa|immigra|work\s+authori[sz]|employment\s+authori[sz]|authori[sz]ed\s+to\s+work|"
    r"legally|work\s+permit|H-?1-?B|green\s+card|\bOPT\b|\bTN\b|\bCPT\b|permanent\s+resid|"
    r"employment[-\s]based|petition|status|in\s+the\s+(?:U\.?S\.?A?|United\s+States)|"
    r"for\s+(?:this|the)\s+(?:position|role|job|opening|opportunity)|"
    r"this\s+(?:position|role|job|opening|opportunity)|candidates?|applicants?|"
    r"at\s+this\s+time|now\s+or\s+in\s+the\s+future|at\s+any\s+(?:later\s+)?time",
    re.I,
)
_NEGATION = re.compile(
    r"\b(?:not|no|unable|cannot|can't|can\s?not|won't|will\s+not|never|without|nor|neither|"
    r"isn't|aren't|doesn't|don't|didn't|unfortunately)\b|\bn't\b",
    re.I,
)
_HEDGE = re.compile(r"\b(?:generally|typically|usually|may\s+not\s+be\s+able)\b", re.I)
_STRUCTURED_NO = re.compile(
    r"\b(?:visa|immigration)\s+sponsorship\s*(?:available|offered|provided)?\s*[:?\-–]?\s*"
    r"(?:no|none|not\s+available|n/a)\b(?!\s+(?:longer|matter))",
    re.I,
)
_STRUCTURED_YES = re.compile(
    r"\b(?:visa|immigration)\s+sponsorship\s*(?:available|offered|provided)?\s*[:\-–]?\s*"
    r"(?:yes|available)\b|\bvisa\s*:\s*will\s+sponsor\b",
    re.I,
)
_CITIZENSHIP = re.compile(
    r"(?:U\.?S\.?|United\s+States|American)\s+citizen(?:s|ship)?\b|\bcitizens?\s+(?:of\s+the\s+)?"
    r"(?:U\.?S\.?|United\s+States)|\bcitizenship\b|\bGC/USC\b|\bUSC/GC\b",
    re.I,
)
_CITIZENSHIP_REQUIRED = re.compile(
    r"\b(?:requir|must|only|restricted|limited|mandatory|need\s+to\s+be|minimum\s+requirement|"
    r"eligible\s+to\s+apply)",
    re.I,
)
_EEO = re.compile(
    r"regard(?:less)?|discriminat|protected|citizenship\s+(?:or\s+immigration\s+)?status|"
    r"citizen\s+status|equal\s+(?:employment\s+)?opportunity|consideration\s+for\s+employment|"
    r"immigration\s+status|national\s+origin|preferred|\bpreference\b",
    re.I,
)
_CLEARANCE = re.compile(
    r"\b(?:security|secret|TS/SCI|top\s+secret|DoD|government|public\s+trust)\s+"
    r"(?:security\s+)?clearance|\bTS/SCI\b|\bclearance\s+(?:is\s+)?required",
    re.I,
)
_CLEARANCE_REQUIRED = re.compile(
    r"\b(?:requir|must|active|current|eligib|obtain|possess|maintain|hold)", re.I
)
_OPTIONAL = r"(?:preferred|a\s+plus|nice\s+to\s+have|bonus|desired|desirable|advantage|helpful)"
_CLEARANCE_OPTIONAL = re.compile(
    rf"clearance[^.;]{{0,40}}\b{_OPTIONAL}\b|\b{_OPTIONAL}\b[^.;]{{0,25}}clearance", re.I
)
# A negation right before the word: "unable to offer sponsorships", "no sponsorship for".
_NEGATED_SPONSOR = re.compile(
    r"\b(?:not|no|unable\s+to|cannot|can't|won't|never|without)\b[\w\s',/-]{0,40}?"
    r"(?<![-\w])sponsor(?:ship|ships|ing|s)?\b(?!-)",
    re.I,
)
# A form-style field on its own line: "VISA Sponsorship" then "No".
_FIELD_LABEL = re.compile(r"^(?:us\s+|u\.s\.\s+)?(?:visa|immigration)\s+sponsorship:?$", re.I)
_EXPORT = re.compile(r"U\.?S\.?\s+persons?\b|\bITAR\b|export\s+control|\bEAR\b", re.I)
_EXPORT_REQUIRED = re.compile(r"\b(?:must|requir|only|eligible|qualify)", re.I)
_STATUS_LIST = re.compile(r"\bF-?1\b|\bOPT\b|\bCPT\b|H-?1-?B|\bTN\b|\bL-?1\b|\bJ-?1\b|\bEAD\b")
_NOT_CONSIDERED = re.compile(
    r"(?:will|would|are|is|can)\s+not\s+(?:be\s+)?(?:considered|eligible|accepted)|"
    r"not\s+(?:be\s+)?considered|ineligible|cannot\s+(?:be\s+)?(?:considered|accepted|hire)|"
    r"(?:does|do)\s+not\s+(?:support|accept|hire)",
    re.I,
)
_OFFER = re.compile(
    r"\b(?:will|can|do|does|are\s+able\s+to|is\s+able\s+to|happy\s+to|willing\s+to|"
    r"open\s+to|glad\s+to|currently|proudly|we)\s+(?:\w+\s+)?(?:consider\s+)?sponsor(?:ing|s)?\b|"
    r"\bsponsorship\s+(?:is\s+|may\s+be\s+)?(?:available|offered|provided|possible)\b|"
    r"\b(?:offers?|offering|provide[sd]?|providing|support(?:s|ing)?)\s+(?:\w+\s+){0,3}"
    r"(?:visa|immigration|H-?1-?B|green\s+card)\s+sponsorship|"
    r"\b(?:eligible|available)\s+for\s+(?:\w+\s+)?(?:visa\s+|immigration\s+)?sponsorship|"
    r"(?:transfers?|candidates\s+on\s+[^.]{0,40})\s+(?:are\s+)?(?:welcome|will\s+be\s+considered)|"
    r"\bwelcomes?\s+(?:\w+\s+){0,3}(?:H-?1-?B|visa)\s+transfers?|"
    r"\bcan\s+sponsor\b",
    re.I,
)
_QUESTION = re.compile(
    r"\?\s*$|^(?:will|do|are|would|have|can)\s+you\b|\b(?:yes|no)\s*/\s*(?:no|yes)\b", re.I
)

_VISAS = [
    ("H-1B1", re.compile(r"\bH-?1-?B-?1\b", re.I)),
    ("H-1B", re.compile(r"\bH-?1-?B(?!-?1)\b|\bH1Bs?\b", re.I)),
    ("E-3", re.compile(r"\bE-3\b|\bE3\s+visa", re.I)),
    ("TN", re.compile(r"\bTN\b(?!,?\s*(?:\d{5}|USA?\b|United\s+States))")),
    ("O-1A", re.compile(r"\bO-?1A?\b")),
    ("L-1", re.compile(r"\bL-?1[AB]?\b")),
    ("F-1 STEM OPT", re.compile(r"\bSTEM[-\s]+OPT\b|\bOPT[-\s]+STEM\b|\bSTEM\s+extension", re.I)),
    ("F-1 OPT", re.compile(r"\b(?<!STEM )(?<!STEM-)OPT\b(?![-\s]+STEM)|\bF-?1\b")),
    ("J-1", re.compile(r"\bJ-?1\b")),
    (
        "Green card",
        re.compile(r"green[-\s]?cards?|permanent\s+residen|\bPERM\b|\bEB-?[123]\b", re.I),
    ),
]


def _is_refusal(sentence: str) -> bool:
    if _QUESTION.search(sentence):
        return False
    if _STRUCTURED_NO.search(sentence):
        return True
    if _SPONSOR.search(sentence) and not _NOT_IMMIGRATION.search(sentence):
        if _HEDGE.search(sentence):
            return False
        if _NEGATED_SPONSOR.search(sentence):
            return True
        if _NEGATION.search(sentence) and _IMMIGRATION.search(sentence):
            return True
    # "…without need for current or future employer-sponsored work authorization."
    if re.search(r"without\s+(?:the\s+)?need\s+for\s+[^.]{0,40}sponsor", sentence, re.I):
        return True
    if re.search(r"take\s+over\s+(?:the\s+)?sponsorship|transfer\s+sponsorship", sentence, re.I):
        return bool(_NEGATION.search(sentence))
    if (
        _CITIZENSHIP.search(sentence)
        and _CITIZENSHIP_REQUIRED.search(sentence)
        and not _EEO.search(sentence)
    ):
        return True
    if (
        _CLEARANCE.search(sentence)
        and _CLEARANCE_REQUIRED.search(sentence)
        and not _CLEARANCE_OPTIONAL.search(sentence)
    ):
        return True
    if _EXPORT.search(sentence) and _EXPORT_REQUIRED.search(sentence) and not _EEO.search(sentence):
        return True
    return bool(_STATUS_LIST.search(sentence) and _NOT_CONSIDERED.search(sentence))


def _is_offer(sentence: str) -> bool:
    if _QUESTION.search(sentence) or not _SPONSOR_ANY.search(sentence + " sponsor"):
        return False
    if _STRUCTURED_YES.search(sentence):
        return True
    if not _OFFER.search(sentence) or _NOT_IMMIGRATION.search(sentence):
        return False
    if _NEGATION.search(sentence):
        return False
    # An offer must be about immigration, not a benefit or an event.
    return bool(
        re.search(
            r"visa|immigra|H-?1-?B|green\s+card|\bOPT\b|\bTN\b|work\s+authori|"
            r"employment\s+authori|permanent\s+resid|relocation\s+and\s+visa|case[-\s]by[-\s]case",
            sentence,
            re.I,
        )
    )


def _evidence(text: str, start: int, end: int) -> str:
    """The sentence verbatim; a run-on longer than the limit is cut to the clause that
    carries the signal (still a verbatim piece of the text)."""
    sentence = text[start:end]
    if len(sentence) <= _MAX_EVIDENCE:
        return sentence
    focus = (
        _SPONSOR.search(sentence) or _CITIZENSHIP.search(sentence) or _CLEARANCE.search(sentence)
    )
    centre = focus.start() if focus else 0
    left = max(0, centre - _MAX_EVIDENCE // 2)
    right = min(len(sentence), left + _MAX_EVIDENCE)
    # Prefer clause edges (glued sentences, semicolons) over mid-word cuts.
    edge = max(sentence.rfind(";", left, centre), sentence.rfind(". ", left, centre))
    if edge > 0:
        left = edge + 1
        right = min(len(sentence), left + _MAX_EVIDENCE)
    piece = sentence[left:right]
    if right < len(sentence) and " " in piece:
        piece = piece[: piece.rfind(" ")]
    return piece.strip()


_STEM_PHRASE = re.compile(r"\bF-?1\s+(?=STEM)|\bSTEM[-\s]+OPT\b|\bOPT[-\s]+STEM\b", re.I)


def visa_types_in(sentence: str) -> list[str]:
    found = [name for name, pattern in _VISAS if pattern.search(sentence)]
    # "F-1 STEM OPT extension" names the extension, not plain OPT as well.
    if "F-1 STEM OPT" in found and "F-1 OPT" in found:
        rest = _STEM_PHRASE.sub(" ", sentence)
        if not dict(_VISAS)["F-1 OPT"].search(rest):
            found.remove("F-1 OPT")
    return found


# Every signal above needs one of these words; most postings have none and stop here.
_TRIGGER_WORDS = ("sponsor", "visa", "citizen", "clearance", "export", "person")
_TRIGGER_CODES = re.compile(
    r"\b(?:OPT|CPT|H-?1|TN|L-?1|J-?1|F-?1|EAD|EAR|ITAR|TS/SCI|GC/USC|USC/GC)\b"
)
_TRIGGER = re.compile(
    r"(?i:sponsor|visa|citizen|clearance|export\s+control|u\.?s\.?\s+person)|"
    + _TRIGGER_CODES.pattern
)


def _may_signal(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in _TRIGGER_WORDS) or bool(_TRIGGER_CODES.search(text))


def _signal_sentences(text: str) -> list[tuple[int, int, tuple[int, int] | None]]:
    """(start, end, next sentence) for each sentence holding a trigger word. Sentences are
    found in a window around each trigger, so a long posting is never split whole."""
    found: dict[tuple[int, int], tuple[int, int] | None] = {}
    covered = -1
    for match in _TRIGGER.finditer(text):
        if match.start() < covered:
            continue
        low = max(0, match.start() - _WINDOW)
        high = min(len(text), match.end() + _WINDOW)
        spans = [(a + low, b + low) for a, b in sentences(text[low:high])]
        for index, (a, b) in enumerate(spans):
            if a <= match.start() < b:
                following = spans[index + 1] if index + 1 < len(spans) else None
                found[(a, b)] = following
                covered = b
                break
    return [(a, b, following) for (a, b), following in sorted(found.items())]


_WINDOW = 800


def classify(text: str) -> Classification:
    if not text or not _may_signal(text):
        return Classification(SILENT)
    candidates = _signal_sentences(text)
    for start, end, following in candidates:
        if following and _FIELD_LABEL.match(text[start:end]):
            next_start, next_end = following
            if text[end:next_start].strip():
                continue
            answer = text[next_start:next_end].strip(" .").lower()
            if answer in ("no", "none", "not available", "n/a"):
                return Classification(REFUSED, text[start:next_end])
            if answer in ("yes", "available"):
                return Classification(STATED, text[start:next_end])
    for start, end, _ in candidates:
        if _is_refusal(text[start:end]):
            return Classification(REFUSED, _evidence(text, start, end))
    for start, end, _ in candidates:
        if _is_offer(text[start:end]):
            evidence = _evidence(text, start, end)
            return Classification(STATED, evidence, visa_types_in(evidence))
    return Classification(SILENT)
