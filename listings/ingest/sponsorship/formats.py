"""Formats of their own, settled before the general rules: short fields and one-line
requirements ("Visa: ONLY US CITIZENS/ GC", "Clearance: Active TS/SCI", "Citizenship: U.S."),
government "who may apply" fields, staffing-agency status lists, structured visa fields of
startup job sites, partial offers, and the sentences that only look like one of these.

Each pattern is a way of wording, checked against the labelled postings in `training/`;
`settled` returns 'refused', 'stated', 'silent' or None (for the general rules and the model)."""

import re

from listings.ingest.casefold import Folded

# Job boards and career sites glue lines together ("Clearance requiredExperience with ..."):
# a capital right after a lower-case letter starts a new word.
_GLUED = re.compile(r"(?<=[a-z)])(?=[A-Z][a-z])")

_CITIZEN = r"(?:us|u\.s\.?|usa|united\s+states|american)\s+citizen(?:s|ship)?|citizens?(?:hip)?|usc"
_RESIDENT = r"gc|green[-\s]?cards?(?:\s+holders?)?|permanent\s+residen(?:ts?|cy)|lprs?|gc[-\s]?ead"
_STUDENT_EAD = r"(?:opt|stem[-\s]?opt|h-?4|l-?2|tn)?[-\s]?ead|opt"
_STATUS = rf"(?:{_CITIZEN}|{_RESIDENT}|{_STUDENT_EAD})"
_LIST_SEP = r"\s*(?:/|,|&|\+|\bor\b|\band\b|\band/or\b)\s*"
# A field whose answer is a list of statuses, citizens or residents among them:
# "Visa: ONLY US CITIZENS/ GC", "Residency Status: US Citizen or Green Card Holder ONLY".
_STATUS_FIELD = re.compile(
    rf"\b(?:visas?(?:\s+status)?|work\s+authori[sz]ation|work\s+status|citizenship(?:\s+status|"
    rf"\s+requirements?)?|residency\s+status|minimum\s+citizenship|eligibility|license|"
    rf"candidates?|clearance)\s*[:\-–]\s*(?:only\s+)?(?:{_STATUS})(?:{_LIST_SEP}(?:{_STATUS}))*"
    rf"(?:\s+only)?\s*(?:\(w-?2\)|w-?2)?(?=\s*(?:$|[|;.*)\-]|\(|only\b|[A-Z]|\s+(?!or\b|and\b)"
    rf"[a-z]))",
    re.I,
)
# The same list with "only" and no label: "USC/GC only", "GREEN CARD OR CITIZENSHIP REQUIRED".
_STATUS_ONLY = Folded(
    rf"(?:{_STATUS})(?:{_LIST_SEP}(?:{_STATUS}))+\s+(?:only|required)\b|"
    rf"\bonly\s+(?:(?:support|accept|consider|hire|welcome|work\s+with)\w*\s+)?(?:candidates\s+)?"
    rf"(?:with\s+)?(?:[\w\s]{{0,20}}?\s)?(?:{_CITIZEN}|{_RESIDENT})\b"
)
_AUTHORIZED_TOO = Folded(r"authori[sz]ed\s+to\s+work|work\s+authori[sz]ation\b(?!\s*:)")
_CLEARANCE_LEVEL = (
    r"(?:active\s+|current\s+|final\s+)?(?:dod\s+|doe\s+|u\.?s\.?\s+)?(?:ts/sci|top[-\s]secret|"
    r"secret|q(?:[-\s]level)?|l(?:[-\s]level)?|ts)\b"
)
# "Clearance: TS/SCI w/Full scope polygraph", "Clearance Level Required: Top Secret/SCI".
_CLEARANCE_FIELD = Folded(
    rf"\b(?:security\s+)?clearance(?:\s+level)?(?:\s+(?:required|needed|must\s+currently\s+"
    rf"possess|requirements?))?\s*[:\-–]\s*(?:an?\s+|minimum\s+)?{_CLEARANCE_LEVEL}"
)
_CLEARANCE_NONE = Folded(
    r"\bclearance(?:\s+(?:level|type))?(?:\s+[\w\s]{0,30})?\s*:\s*(?:none|n/a|not\s+required|"
    r"public\s+trust)\b|\bno\s+clearance\b|not\s+require\s+(?:an?\s+)?(?:security\s+)?clearance"
)
# "TS/SCI and Security+ needed", "Top Secret clearance is required".
_CLEARANCE_NEEDED = Folded(
    rf"\b{_CLEARANCE_LEVEL}(?:[\w\s/+-]{{0,40}}?)\b(?:needed|required|mandatory)(?![a-z])|"
    # "Position requires a Top Secret security clearance".
    rf"\brequires?\s+(?:an?\s+)?{_CLEARANCE_LEVEL}\s+(?:security\s+)?clearance"
)
# What may be obtained later beside a clearance held now: "Active TS with the ability to obtain
# an SCI", "Top Secret clearance with SCI Eligibility", "willing and able to obtain a CI
# Polygraph": the clearance itself is still required.
_EXTRA_LATER = Folded(
    r"\b(?:with|and)\s+(?:the\s+)?(?:ability\s+to\s+obtain\s+|be\s+willing\s+and\s+able\s+to\s+"
    r"obtain\s+)?(?:an?\s+)?(?:sci|ci\s+poly\w*|full[-\s]scope\s+poly\w*|poly\w*)"
    r"(?:\s+(?:eligibility|access|adjudication))?\b"
)
# "Security Clearance Required: Secret (Preferred)": the level is wished for, not required.
_LEVEL_WISHED = Folded(rf"{_CLEARANCE_LEVEL}\s*\(?\s*(?:preferred|desired|a\s+plus)\b")
_CLEARANCE_OBTAINABLE = Folded(
    r"\b(?:obtain\w*|eligib\w*|able\s+to\s+get|clearable|ability\s+to\s+get|will\s+be\s+"
    r"cleared|post[-\s]hire)\b"
)
_CITIZENSHIP_FIELD = Folded(
    r"\b(?:minimum\s+)?citizenship(?:\s+requirements?)?\s*[:\-–]\s*(?:u\.?s\.?|us|united\s+"
    r"states)(?:\s+citizen(?:ship)?)?\b"
)
# A header's list of places and terms with a bare "US Citizen" in it.
_BARE_CITIZEN = Folded(r"^\s*(?:us|u\.s\.|usa)\s+citizens?(?:hip)?(?:\s+(?:only|required))?\s*$")
_US_PERSONS = Folded(
    r"\bu\.?s\.?\s+persons?\b(?:\s+(?:only|required|status)|\s*\(|\s+as\s+defined)|\bonly\s+"
    r"(?:hire\s+)?u\.?s\.?\s+persons\b"
)
_EXISTING_VISA = Folded(
    r"\b(?:existing|current|valid)\s+(?:us\s+|u\.s\.\s+)?(?:work\s+)?(?:visa|authori[sz]ation)\s+"
    r"(?:is\s+)?required|\bmust\s+(?:already\s+)?(?:hold|have)\s+(?:an?\s+)?(?:existing|current)\s+"
    r"(?:us\s+|u\.s\.\s+)?work\s+visa"
)
_FIELD_NO = Folded(
    r"\b(?:visas?\s*(?:/|&|and|\+)\s*relocation|relocation\s*(?:/|&|and|\+)\s*visas?)\s*"
    r"[:\-–?]\s*(?:no|none|n/a|not\s+(?:available|offered|provided))\b|"
    r"\bno\s+(?:stem[-\s]?)?opts?\b(?!\s*(?:in|out)\b)|"
    # "NO VISA TRANSFERS AVAILABLE AT THIS TIME".
    r"\bno\s+(?:visa|h-?1-?b)\s+transfers?\b"
)
# Government postings: who may apply.
_WHO_MAY_APPLY = Folded(
    r"\b(?:who\s+may\s+apply|open\s+to|area\s+of\s+consideration|appointment\s+eligibility|"
    r"this\s+job\s+is\s+open\s+to)\s*[:\-–]?\s*(?:all\s+)?(?:u\.?s\.?|united\s+states)\s+"
    r"citizens|\bnon-?citizens\s+may\s+only\s+be\s+appointed"
)
# "We are not able to work with C2C, H1, or OPT".
_NOT_TAKEN = Folded(
    r"\b(?:not|unable|cannot|can't|won't)\b[^.;|]{0,50}\b(?:work\s+with|accept|consider|hire|"
    r"take)\b[^.;|]{0,30}\b(?:h-?1-?b?s?|opts?|cpt|visa\s+holders?|f-?1)\b"
)
# "US Citizen with the ability to gain a Public Trust clearance", "Permanent US Work
# Authorization Required", "no clearance requirement ... other than US Citizenship".
_CITIZEN_AND = Folded(
    r"\b(?:us|u\.s\.)\s+citizen(?:ship)?\s+(?:with|and)\s+(?:the\s+|an?\s+)?(?:ability|able|"
    r"eligib\w*|active|current|clearable)|\bpermanent(?:ly)?\s+(?:us\s+|u\.s\.\s+)?(?:work\s+)?"
    r"authori[sz]\w*(?:\s+(?:is\s+)?required)?|\bother\s+than\s+(?:us|u\.s\.|united\s+states)\s+"
    r"citizenship\b"
)
# A bare clearance line: "Active TS/SCI with Poly".
_BARE_CLEARANCE = Folded(
    r"^(?:must\s+(?:have|hold|possess)\s+)?(?:an?\s+)?(?:active|current)\s+(?:dod\s+|doe\s+)?"
    r"(?:ts/sci|top\s+secret|secret)\b"
)
_WISHED = Folded(r"\b(?:preferred|a\s+plus|desired|nice\s+to\s+have|bonus)\b")
# "TS/SCI with active Poly": a polygraph held now means the clearance is held now.
_ACTIVE_POLY = Folded(
    rf"{_CLEARANCE_LEVEL}\s+with\s+(?:an?\s+)?(?:active|current)\s+(?:ci\s+|full[-\s]scope\s+)?poly"
)
# "Secret Or DOD Public Trust Clearance": a public-trust alternative bars no one by citizenship.
_OR_PUBLIC_TRUST = Folded(rf"{_CLEARANCE_LEVEL}\s+or\s+(?:dod\s+|doe\s+)?public\s+trust\b")
# "Currently eligible to work in the US (permanent resident or citizen)": the statuses that
# count as eligible, named in brackets.
_ELIGIBLE_MEANS = Folded(
    rf"\b(?:eligible|authori[sz]ed)\s+to\s+work\b[^.;|()]{{0,40}}\(\s*(?:{_STATUS})"
    rf"(?:{_LIST_SEP}(?:{_STATUS}))+\s*\)"
)
_NOT_SPONSORING_AGENCY = Folded(r"\bnot\s+a\s+sponsoring\s+agency\b")
_HEDGED_FOR_THIS = Folded(
    r"\b(?:generally|typically|usually)\s+(?:does|do|will)\s+not\s+sponsor\b[^.]{0,80}"
    r"\bfor\s+this\s+(?:position|role|job)"
)
_UNRESTRICTED = Folded(r"\bunrestricted\s+(?:work\s+)?authori[sz]ation")
_CLEARABLE_CITIZEN = Folded(r"\b(?:clearable|cleared)\s+(?:us|u\.s\.)\s+citizens?\b")

# -- offers --------------------------------------------------------------------------------

_STARTUP_FIELD = Folded(
    r"\bvisa\s*[:\-–]?\s*(?:will\s+sponsor|sponsorship\s+available)\b|"
    r"\bsponsors?\s*visa\s*[:\-–]\s*(?:yes|true|will\s+sponsor)\b"
)
_STARTUP_REFUSED = Folded(r"\b(?:us|u\.s\.)\s+citizen\s*/\s*visa\s+only\b")
_STARTUP_SILENT = Folded(
    r"\bcitizenship\s*/\s*visa\s+not\s+required\b|\bvisa\s*:\s*(?:any|n/a|not\s+applicable)\b|"
    # What a recruiter asks candidates to send: "Expected Salary ... Visa Status ...".
    r"(?:expected\s+salary|total\s+experience|current\s+location|lead\s+time|notice\s+period)"
    r"[^.]{0,80}\bvisa\s+status\b|\bvisa\s+status\b[^.]{0,60}(?:current\s+location|expected\s+"
    r"salary|notice\s+period)|"
    # How clearances work, or a rule that applies to citizens, is not this job's requirement.
    r"\bclearances?\b[^;|\n]{0,40}?\b(?:granted|issued)\b|"
    r"\bclearances?,?\s+(?:which\s+)?requires?\s+(?:u\.?s\.?\s+|united\s+states\s+)?citizenship\b|"
    r"\bapplies\s+only\s+to\s+(?:u\.?s\.?\s+)?"
    r"citizens|^\s*(?:security\s+)?clearance(?:\s+level)?\s*:?\s*$"
)
_OFFERS = Folded(
    r"\b(?:visas?|h-?1-?bs?|green\s+cards?|immigration)\b[^.;|]{0,30}?\b(?:processing|sponsorship|"
    r"support|petitions?|filings?)\s+(?:is\s+|are\s+)?(?:available|offered|provided)\b|"
    r"\bsupports?\s+(?:us\s+|u\.s\.\s+)?(?:immigration|visa|h-?1-?b)\s+sponsorship\b|"
    r"\bwill\s+consider\s+sponsor\w*|\bmay\s+agree\s+to\s+sponsor\b|\bwith\s+or\s+without\s+(?:\w+\s+)?sponsorship\b|"
    r"\bdoes\s+support\s+(?:visa\s+)?sponsorship\b|\bpossible\s+(?:visa\s+)?sponsorship\b|"
    r"\b(?:will|can|would)\s+(?:also\s+)?do\s+(?:an?\s+)?(?:green\s+card|h-?1-?b|visa|immigration)\s+"
    r"(?:sponsorship|transfer|petition)s?\b|"
    r"\b(?:candidates|applicants|those|people)\s+(?:who|that)\s+(?:will\s+|may\s+|now\s+or\s+in\s+"
    r"the\s+future\s+)?(?:need|require)\s+(?:\w+\s+){0,3}(?:sponsorship|visas?)\s+(?:are\s+)?"
    r"(?:welcome|encouraged|invited|eligible)|"
    r"\bauthori[sz]ation\s+is\s+through\s+(?:cpt|opt)\b|"
    r"\boffers?\s+(?:[\w-]+,?\s+){1,3}sponsor(?:ship)?\b|"
    r"\bopen\s+to\s+(?:\w+\s+){0,3}(?:on\s+)?(?:stem[-\s]?)?(?:opt|cpt)\b"
)
# A perk in a list: "Immigration sponsorship for qualified candidates".
_PERK = Folded(r"^(?:immigration|visa|h-?1-?b)\s+(?:sponsorship|support|assistance)\b")
# "Happy to sponsor/extend visas, but you need to already be authorized": transfers only.
_OFFER_BUT_EXISTING = Folded(
    r"\b(?:sponsor|transfer|extend)\w*(?:/\w+)?\s+(?:\w+\s+){0,2}visas?\b[^.]{0,40}\bbut\b"
    r"[^.]{0,60}\balready\b"
)
# New visas for some citizens only: "we sponsor new visas only for Canadian or Australian
# citizens", "TN and E-3 only".
_LIMITED_OFFER = Folded(
    r"\b(?:sponsor\w*|visas?|petitions?)\b[^.;|]{0,50}\bonly\s+(?:for\s+)?(?:\w+\s+){0,2}"
    r"(?:canadian|mexican|australian|chilean|singaporean)\b|"
    r"\b(?:tn|e-?3|h-?1-?b1)(?:\s*(?:/|,|and|or)\s*(?:tn|e-?3|h-?1-?b1))*\s+(?:visas?\s+)?only\b"
)

# -- not about visas -------------------------------------------------------------------------

# "Citizenship is required for most positions": not necessarily this one. "Citizens of
# China, Iran, ... who are not green-card holders may not enter the site": some nationalities
# are barred from a facility, which is not a citizens-only rule.
_HEDGED_CITIZENSHIP = Folded(
    r"(?:citizenship|resident)\b[^.;|]{0,12}?\s+(?:is\s+)?required\s+for\s+(?:most|the\s+majority\s+"
    r"of)\s+(?:our\s+)?positions|\bcitizens\s+of\s+(?:the\s+)?"
    r"(?:people'?s\s+republic|islamic\s+republic|russian\s+federation|china|iran|russia)"
)
# "Those authorized to work without sponsorship are encouraged to apply": an invitation,
# not a requirement.
# "We will never ask for payment to process applications or visas": a warning about scams.
_FRAUD_WARNING = Folded(
    r"\bnever\s+(?:ask|request|require|charge)\b[^.]{0,150}\b(?:pay|payment|fees?|money)\b"
)
_ENCOURAGED = Folded(r"\b(?:authori[sz]ed|citizens?)\b[^.]{0,80}\bare\s+encouraged\s+to\s+apply\b")
_DIVERSITY = Folded(
    r"\bnon-?\s?(?:us|u\.s\.)\s+citizens?\b[^.;|]{0,80}\b(?:welcome|encourage\w*|divers\w*|"
    r"inclusi\w*|regardless)|\b(?:welcome|encourage\w*|divers\w*|inclusi\w*|regardless)\b[^.;|]"
    r"{0,80}\bnon-?\s?(?:us|u\.s\.)\s+citizens?\b"
)


_BUT = re.compile(r",?\s+but\s+", re.I)
_VISA_WORDS = Folded(r"visa|sponsor|h-?1-?b|immigra|green\s+card|citizen|opt\b|cpt\b|transfer")


def unglue(text: str) -> str:
    return _GLUED.sub(" ", text)


def settled(text: str, header: bool, field: bool) -> str | None:
    text = unglue(text)
    # Which words the unit holds decides which patterns can match: most units skip most.
    lowered = text.lower()
    words = {word for word in _WORDS if word in lowered}
    for check in (_silent, _refused, _no_clearance, _stated):
        state = check(text, words, field)
        if state:
            return state
    return None


_WORDS = (
    "visa", "citizen", "clearance", "secret", "ts/sci", "never", "encouraged", "sponsor",
    "relocation", "opt", "authori", "unrestricted", "person", "permanent", "only", "required",
    "already", "us", "u.s", "gc", "green", "resid", "ead", "not", "no ", "unable", "n't",
    "cannot", "immigration", "h1", "h-1", "offer", "open", "transfer", "cpt", "with",
)  # fmt: skip


def _silent(text: str, words: set[str], field: bool) -> str | None:
    if words & {"visa", "clearance", "citizen"} and _STARTUP_SILENT.search(text):
        return "silent"
    if "clearance" in words and _OR_PUBLIC_TRUST.search(text):
        return "silent"
    if "never" in words and _FRAUD_WARNING.search(text):
        return "silent"
    if "citizen" in words and (_HEDGED_CITIZENSHIP.search(text) or _DIVERSITY.search(text)):
        return "silent"
    if "encouraged" in words and _ENCOURAGED.search(text):
        return None if re.search(r"\b(?:unable|cannot|not)\b", text, re.I) else "silent"
    return None


def _no_clearance(text: str, words: set[str], field: bool) -> str | None:
    return "silent" if "clearance" in words and _CLEARANCE_NONE.search(text) else None


def _refused(text: str, words: set[str], field: bool) -> str | None:
    citizen = bool(words & {"citizen", "us", "u.s", "gc", "green", "resid", "ead", "opt"})
    checks = (
        ("citizen" in words, (_STARTUP_REFUSED, _WHO_MAY_APPLY, _CITIZENSHIP_FIELD)),
        ("citizen" in words, (_CLEARABLE_CITIZEN,)),
        (words & {"not", "no ", "unable", "n't", "cannot"}, (_NOT_TAKEN,)),
        ("sponsor" in words, (_NOT_SPONSORING_AGENCY, _HEDGED_FOR_THIS)),
        (words & {"relocation", "opt", "visa", "h1", "h-1"}, (_FIELD_NO,)),
        (words & {"visa", "authori"}, (_EXISTING_VISA,)),
        ("unrestricted" in words, (_UNRESTRICTED,)),
        (words & {"person", "citizen", "permanent"}, (_US_PERSONS, _CITIZEN_AND)),
        (words & {"citizen", "resid", "green", "gc"}, (_ELIGIBLE_MEANS,)),
    )
    for relevant, patterns in checks:
        if relevant and any(pattern.search(text) for pattern in patterns):
            return "refused"
    clearance = bool(words & {"clearance", "secret", "ts/sci"})
    bare = clearance and len(text.split()) <= 8 and _BARE_CLEARANCE.search(text)
    if bare and not _WISHED.search(text):
        return "refused"
    if clearance and _ACTIVE_POLY.search(text):
        return "refused"
    if field and "citizen" in words and _BARE_CITIZEN.match(text):
        return "refused"
    statuses = citizen and (_STATUS_FIELD.search(text) or _STATUS_ONLY.search(text))
    if statuses and not _AUTHORIZED_TOO.search(text):
        return "refused"
    if clearance and (_CLEARANCE_FIELD.search(text) or _CLEARANCE_NEEDED.search(text)):
        if _LEVEL_WISHED.search(text):
            return "silent"
        later = _CLEARANCE_OBTAINABLE.search(_EXTRA_LATER.sub(" ", text))
        return "silent" if later else "refused"
    return None


def _stated(text: str, words: set[str], field: bool) -> str | None:
    if "visa" in words and _STARTUP_FIELD.search(text):
        return "stated"
    if "already" in words and _OFFER_BUT_EXISTING.search(text):
        return "stated"
    # "..., but currently there is no relocation (or interview) assistance": a negation in a
    # closing clause about something else does not take back the offer before it.
    parts = _BUT.split(text, maxsplit=1)
    if len(parts) == 2 and not _VISA_WORDS.search(parts[1]):
        text = parts[0]
    negated = re.search(r"\b(?:not|no|none|unable|cannot|can't|won't)\b|n't\b", text, re.I)
    limited = "only" in words and _LIMITED_OFFER.search(text)
    if limited and not re.search(r"\b(?:not|no|unable)\b", text, re.I):
        return "stated"
    if negated:
        return None
    if _OFFERS.search(text):
        return "stated"
    if not field and _PERK.match(text) and len(text.split()) <= 8:
        return "stated"
    return None
