"""The cases rules get right, checked before and after the model: words that only look like
visa talk, answers in field form, citizenship and clearance requirements, and offers that
are not about a US job. Each rule is a general pattern of wording, not a list of postings."""

import re

from listings.ingest.casefold import Folded
from listings.ingest.sponsorship import formats
from listings.ingest.sponsorship.units import CUE, cue_words

# Senses of the cue words that are never about work visas: removed before a unit is judged,
# and a unit left with no cue is silent.
_NOT_VISA = (
    # Each family is tried only when its word is in the unit: one pattern of them all costs
    # a try of every branch at every character, and most units hold one family or two.
    (
        "sponsor",
        r"(?:employer|company|firm|self|state|government|federally|university)\s+sponsored|"
        r"-sponsored|sponsored\s+(?:events?|programs?|research|benefits?|plans?|insurance|health|"
        r"certific\w*|courses?|training|learning|memberships?|projects?|activities|outings|trips|"
        r"social|teams?|clubs?)|"
        r"(?:executive|technical|business|product|project|corporate|event|program|plan)\s+sponsors?|"
        r"sponsor(?:s|ing)?\s+(?:you\s+)?(?:for\s+)?(?:the\s+)?(?:annual|conferences?|events?|"
        r"retreats?|teams?|offsites?|certifications?|training|meetups?|hackathons?|clubs?)|"
        r"sponsor(?:ship)?s?\s+(?:and|or|&)\s+(?:donors?|partners?|grants?|fundrais\w*)|"
        r"(?:study|client|clinical|trial|research|grant|title|media|community|team)\s*/?\s*sponsors?|"
        r"sponsorships?\s+(?:sales|activation|packages?|revenue|deals?|inventory|partners?|assets|"
        r"opportunities|marketing)",
    ),
    ("opt", r"\b(?-i:[Oo]pt(?:s|ed|ing)?)[-\s]+(?:in|out|into|for|to)\b"),
    ("cpt", r"\bCPT\s*(?:®|codes?|coding|/|and\s+ICD)|ICD[-\s]?\d+\s*(?:/|and|,)\s*CPT"),
    ("tn", r",\s*TN\b|\bTN\s+\d{5}"),
    (
        "visa",
        r"(?:mastercard|amex|american\s+express|discover|paypal|stripe|apple\s+pay),?\s*"
        r"(?:and\s+|&\s*)?visa|"
        r"visa(?:,|\s+and|\s+or|\s*[/&+])\s*(?:mastercard|amex|american\s+express|discover)|"
        r"visa\s+inc\b|visa\s+(?:checkout|card|debit|credit|direct|payments?|network|token)|visanet|"
        # Visa the company: "At Visa, ...", "Visa's", "...United StatesVisa", "Visa will consider".
        r"(?-i:\b(?:[Aa]t|[Jj]oin|[Ww]ithin|[Aa]cross|[Ww]ith|[Ii]n)\s+(?:Visa|VISA)\b)(?!\s+"
        r"(?:sponsorship|support|status|transfer))|(?-i:\bVisa[’']s\b)|(?-i:(?<=[a-z])Visa\b)|"
        r"(?-i:\bVisa(?=\s+(?:will\s+consider|is\s+an?\b|has\b|was\b|provides\b|uses\b|reserves\b|"
        r"Inc\b|partners|clients|teams?|employees|products|technology|data\b)))",
    ),
    (
        "clearance",
        r"(?:medical|background|fingerprint|state|child\s+abuse|fbi|criminal|health|tb|drug|working|"
        r"minimum|history|law[’']?s?|credit|record)\s+clearances?|clearances?\s+(?:procedure|sale|rack)",
    ),
    ("verify", r"e-?verify"),
    (
        "citizen",
        r"(?:global|corporate|good|digital|responsible|world|community|senior|citizen)\s+"
        r"citizen(?:s|ship)?|citizenship\s+and\s+immigration\s+services",
    ),
    ("uscis", r"\buscis\b"),
)
# Written in lower case, a family is searched over lower-cased text (casefold.Folded); the
# families with a case-sensitive part ("Visa" the company, "CPT", "TN") ignore case as written.
_NOT_VISA = tuple(
    (word, Folded(pattern) if pattern == pattern.lower() else re.compile(pattern, re.I))
    for word, pattern in _NOT_VISA
)
_EEO = Folded(
    r"without\s+regard|regardless\s+of|discriminat|national\s+origin|protected\s+(?:veteran|"
    r"class|characteristic|status)|equal\s+(?:employment\s+)?opportunit|sexual\s+orientation|"
    r"gender\s+identity|marital\s+status|affirmative\s+action|citizenship\s+status(?!\s*:)|"
    r"immigration\s+status|veteran\s+status|genetic\s+information"
)
_QUESTION = Folded(
    r"\?\s*(?:\*|\(|yes|no|$)|^(?:will|do|are|would|have|can|does)\s+you\b|application\s+question|"
    r"\b(?:will|do|would)\s+you\s+(?:now\s+or\s+in\s+the\s+future\s+)?(?:require|need)"
)
# Where a question begins: after a sentence, or at "Are you", "Will you", ...
_ASKING = re.compile(
    r"[.!?]\s|\s(?=(?:Are|Do|Will|Would|Have|Can|Does|Is|What|How|Why|When)\s+you\b)"
)
_NEGATION = Folded(
    r"\b(?:not|no|unable|cannot|can't|won't|never|without|nor|don't|doesn't|isn't|aren't)\b"
)

# -- answers that settle the unit -----------------------------------------------------------

_FIELD_NO = Folded(
    r"\b(?:visas?|sponsorship|visa\s+sponsorship|immigration\s+sponsorship|h-?1-?bs?|"
    r"(?:visa|immigration)\s+(?:support|assistance))"
    r"(?:\s+(?:available|offered|provided|support))?\s*[:\-–?]*\s*(?:no|none|n/a|not\s+"
    r"(?:available|offered|provided|possible|supported))\b(?!\s+(?:longer|matter|problem))|"
    r"(?:^|[|,;/(]\s*)no\s+(?:[\w-]+\s+(?:or|and|nor|/)\s+)?(?:us\s+|u\.s\.\s+)?"
    r"(?:visas?|sponsorships?|h-?1-?bs?)\b"
)
_FIELD_YES = Folded(
    r"\b(?:visas?|sponsorship|visa\s+sponsorship|immigration\s+sponsorship|h-?1-?bs?|"
    r"(?:visa|immigration)\s+(?:support|assistance))"
    r"(?:\s+(?:potentially\s+)?(?:available|offered|provided))?\s*[:\-–]\s*"
    r"(?:yes|available|offered|provided|ok|okay|will\s+sponsor)\b"
)
_STUDENT_WELCOME = Folded(
    r"\b(?:stem[-\s]opt|opt|cpt|f-?1)\b[^.;|]{0,40}?\b(?:accepted|welcome[ds]?|supported|ok|okay|"
    r"considered|eligible|encouraged)\b|\b(?:accept|welcome|support|consider)\w*\s+[^.;|]{0,30}?"
    r"\b(?:stem[-\s]opt|opt|cpt)\b"
)
_TRANSFER_WELCOME = Folded(
    r"\b(?:h-?1-?b|visa)s?\s+transfers?\s+(?:are\s+|is\s+)?(?:welcome[ds]?|ok|okay|accepted|"
    r"possible|available|considered|supported)|\bwelcomes?\s+(?:\w+\s+){0,2}(?:h-?1-?b|visa)\s+"
    r"transfers?"
)
_CAVEAT_THEN_OFFER = Folded(
    r"not\s+(?:every|all)\s+(?:of\s+our\s+)?(?:roles?|positions?|jobs?|openings?)[^.]{0,60}?"
    r"(?:,|;|but|-|–)\s*(?:but\s+)?(?:this|the|these)\s+(?:one|role|position|job|opening)s?\s+"
    r"(?:can|is|are|does|will)\b"
    r"|\b(?:cannot|can't|unable\s+to|not\s+able\s+to|do\s+not|don't|won't)\b[^.]{0,60}?\bbut\s+"
    r"(?:we\s+)?(?:can|will|do|are\s+happy\s+to|are\s+able\s+to)\s+(?:\w+\s+){0,2}"
    r"(?:sponsor|transfer|support|consider)"
)
_CITIZENS_ONLY = Folded(
    r"\bcitizen(?:s|ship)?\b[^.|;]{0,40}?\bonly\b|\bonly\b[^.|;]{0,40}\b(?:us|u\.s\.|united\s+"
    r"states|american)\s+citizens|^(?:must\s+)?(?:be\s+)?(?:an?\s+)?(?:us|u\.s\.|united\s+states)\s+"
    r"citizen(?:ship)?\b(?!\s+requirements?\b)|(?:us|u\.s\.)\s+citizens?\s*(?:/|or|&)\s*(?:green[-\s]?card|gc|"
    r"permanent)|\busc\s*(?:/|or|and)\s*gc\b|\bgc\s*(?:/|or|"
    r"and)\s*usc\b|\bcitizenship\s*[:(]?\s*(?:is\s+)?\(?(?:required|mandatory)|\brequires?\s+(?:us\s+|u\.s\.\s+)?"
    r"citizenship|\brequires?\s+(?:an?\s+)?(?:us|u\.s\.|united\s+states)\s+citizens?\b|"
    r"must\s+(?:be|hold)\s+(?:an?\s+)?(?:us|u\.s\.|united\s+states)\s+citizen"
)
_ACTIVE_CLEARANCE = Folded(
    r"\b(?:active|current)\s+(?:[\w/()-]+\s+){0,6}clearance|clearance\s+(?:is\s+)?required|"
    r"must\s+(?:have|hold|possess)\s+(?:an?\s+)?(?:active\s+)?[\w/-]*\s*(?:secret|ts/sci|"
    r"top\s+secret|security)\s+clearance"
)
# Agreeing to a polygraph later is not obtaining the clearance later.
_POLYGRAPH = Folded(
    r"\b(?:and\s+)?(?:the\s+)?(?:ability|able|willing\w*)\s+(?:to\s+)?(?:obtain|undergo|pass)\s+"
    r"(?:an?\s+)?(?:\w+\s+)?(?:polygraph|poly)\b"
)
# Being able to obtain a clearance, or having one as a bonus, does not shut out visa holders.
_CLEARANCE_OPEN = Folded(
    r"\b(?:obtain\w*|gain|acquire|get|preferred|a\s+plus|nice\s+to\s+have|desired|bonus|"
    r"preference\s+given|"
    r"advantage|helpful|eligib\w*\s+(?:for|to))\b"
)
_WITHOUT_SPONSORSHIP = Folded(
    r"without\s+(?:the\s+)?(?:need\s+(?:for|of)\s+)?(?:[\w-]+\s+){0,4}sponsorship|"
    r"\bsponsorship\b[^.;|]{0,30}?\b(?:is|are|will\s+be)\s+not\s+(?:available|offered|"
    r"provided|possible|supported)"
)
_SPONSORSHIP_AVAILABLE = Folded(
    r"\bsponsorship\s+(?:is\s+|may\s+be\s+)?(?:available|offered|provided|possible)\b|"
    r"\bvisas?\b(?:\s*(?:/|and|&|\+)\s*relocation)?\s+(?:sponsorship\s+)?(?:is\s+)?"
    r"(?:available|assistance|support(?:ed)?|ok|okay|welcome|considered|possible|provided|"
    r"offered)\b|\b(?:relocation|reloc)\s*(?:/|and|&|\+)\s*visas?\b|"
    r"(?:,|;|\+|&|\band)\s*(?:visa|immigration|h-?1-?b)\s+(?:sponsorship|support|assistance)\b|"
    r"\b(?:visa|immigration)\s+(?:sponsorship|support|assistance)\s*(?:,|;|\+|&|\band\b)"
)
# The convention of forum hiring threads: "ONSITE, VISA", "Full-time | REMOTE | VISA".
_HEADER_VISA = Folded(
    r"(?:^|[,|/+&]\s*)(?:visas?(?:\s+(?:ok|okay|sponsorship|sponsor|support|considered|possible|"
    r"transfers?|welcome))?|(?:will\s+|can\s+)?sponsor(?:s|ship)?(?:\s+(?:available|ok|visas?|"
    r"h-?1-?bs?))?)\s*(?:[,|/+&]|$)"
)
_REQUIREMENT_LIFTED = Folded(
    r"\b(?:citizenship|visa)[^.|;]{0,25}\bnot\s+(?:required|needed)|citizens\s+(?:and|or)\s+"
    r"(?:persons|people|individuals|those|others|non-?citizens)\s+(?:\w+\s+){0,2}authori[sz]ed|"
    r"citizen\w*(?:\s+of)?,?\s+(?:or|and/or)\s+(?:\w+\s+){0,2}(?:work\s+permit|visa|ead|"
    r"work\s+authori)|\bif\s+you\s+are\s+not\s+an?\s+(?:u\.?s\.?\s+)?citizen|"
    r"may\s+or\s+may\s+not\s+be\s+available\s+to"
)
# A refusal names what is refused: sponsorship, a visa, citizenship, a clearance, export law.
# "Must be authorized to work in the US" alone names none: visa holders are authorized too.
_REFUSAL_WORD = Folded(
    r"sponsor|visa|citizen|h-?1-?b|\b(?:opt|cpt|f-?1|tn|l-?1|j-?1|gc|usc|itar)\b|clearance|"
    r"ts/sci|polygraph|persons?\b|export|green[-\s]?card|permanent\s+resid|immigra|transfer"
)
# "Sponsor" about immigration comes with words about people, status or this job.
_IMMIGRATION_CONTEXT = Folded(
    r"visa|immigra|authori[sz]|legally|work\s+permit|h-?1-?b|green\s+card|\b(?:opt|tn|cpt)\b|"
    r"permanent\s+resid|employment|status|petition|candidates?|applicants?|hires?|"
    r"(?:this|the)\s+(?:position|role|job|opening|opportunity)|at\s+this\s+time|"
    r"now\s+or\s+in\s+the\s+future|\bfuture\b|individuals|you|work|offer|provide|sponsorship"
)
# A refusal restricts: it negates, requires or limits. "We sponsor green cards" does neither.
_RESTRICTIVE = Folded(
    r"\b(?:not|no|never|unable|cannot|without|nor|only|must|requir\w*|citizens?\w*|clearance|"
    r"persons?|itar|export|restricted|limited|eligib\w*|ineligible|regret|unfortunately|"
    r"except|already|currently|permanent\w*|unrestricted|independent\w*)\b|n't\b"
)
_REQUIREMENT = Folded(
    r"must|only|requir|eligib|restricted|limited|need|condition|mandatory|have\s+to"
)
_ONLY_SPONSOR_CUE = Folded(r"sponsor")
# How clearances work ("clearances are only granted to US citizens") is the condition of a
# clearance one may still obtain, not a requirement of the job.
_CLEARANCE_NEEDS_CITIZENSHIP = Folded(
    r"clearances?\b[^;|\n]{0,80}?\b(?:granted|issued|obtain\w*)\b[^;|\n]{0,60}?\bcitizen|"
    r"obtain\w*\s+(?:[\w.-]+\s+){0,6}clearances?\b[^;|\n]{0,40}?\brequires?\b[^;|\n]{0,30}citizen"
)
# A negation right before the word: "will not sponsor", "unable to offer sponsorships".
_WILL_NOT_SPONSOR = Folded(
    r"\b(?:not|unable\s+to|cannot|can't|won't|never|no\s+longer)\b[\w\s',/\"“”-]{0,40}?"
    r"(?:(?<![-\w])sponsor(?:ship|ships|ing|s)?\b(?!-)|(?:support|offer|provide|assist|help)\w*"
    r"\s+(?:with\s+)?(?:\w+\s+){0,2}(?:visas?|immigration|h-?1-?bs?)\b)"
)
_OFFER = Folded(
    r"\b(?:does|do|will|can|we|happy\s+to|glad\s+to|willing\s+to|able\s+to)\s+(?:\w+\s+)?"
    r"(?:offer|provide|sponsor|support|file|help|assist)\w*\s+(?:with\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:visas?|immigration|"
    r"h-?1-?bs?|sponsorship|green\s+cards?)\b|\b(?:open\s+to|welcomes?|consider)\s+(?:\w+\s+){0,2}"
    r"(?:candidates|applicants|people|those)\s+who\s+(?:will\s+)?(?:need|require)\s+"
    r"(?:[\w-]+\s+){0,2}(?:sponsorship|visas?)"
)
_NOT_CONSIDERED = Folded(
    r"\b(?:f-?1|opt|cpt|h-?1-?bs?|tn|l-?1|j-?1|visas?|sponsorship)\b[^.;|]{0,80}?\b(?:will|would|"
    r"can|are|is)\s+not\s+be\s+(?:considered|eligible|accepted)"
)
_EXPORT_CONTROL = Folded(
    r"(?:(?:must|required|only|eligib\w*|qualify)[^.;|]{0,60}(?:u\.?s\.?|united\s+states)\s+"
    r"persons?\b|\bitar\b[^.;|]{0,80}(?:must|required|only)|(?:must|required|only)[^.;|]{0,80}"
    r"\bitar\b|export\s+control[^.;|]{0,80}(?:must|required|only))"
)
_HEDGED_REFUSAL = Folded(
    r"\b(?:generally|typically|usually|in\s+most\s+cases|may\s+not\s+be\s+able)\b|"
    r"\bexcept\s+in\s+(?:very\s+|extremely\s+)?"
    r"(?:limited|rare|exceptional)"
)
_PREFERENCE = Folded(
    r"\b(?:preferred|a\s+plus|desired(?!\s+(?:skills|qualifications|experience|characteristics))|"
    r"nice\s+to\s+have)\b"
)


def visa_text(text: str) -> str:
    """The unit without the words that merely look like visa talk."""
    lowered = text.lower()
    for word, pattern in _NOT_VISA:
        if word in lowered:
            text = pattern.sub(" ", text)
    return text


def boilerplate(text: str) -> bool:
    """EEO lists name citizenship status among protected grounds: never evidence."""
    return bool(_EEO.search(text))


def ignored(text: str, header: bool = False) -> bool:
    """Application-form questions and look-alike words say nothing. In a posting's header
    ("NYC | Onsite | Will sponsor") the bare word needs no more context."""
    if _asks(text):
        return True
    rest = visa_text(text)
    cues = cue_words(rest)
    if not cues:
        return True
    # "Collaborates with study sponsors": the bare word, with nothing about people or status.
    if not all(_ONLY_SPONSOR_CUE.fullmatch(cue) for cue in cues):
        return False
    return not (header or _IMMIGRATION_CONTEXT.search(rest) or _NEGATION.search(rest))


def settled(text: str, header: bool = False, field: bool = False) -> str | None:
    """'refused', 'stated', 'silent' or None (for the model to judge)."""
    if state := formats.settled(text, header, field):
        return state
    text = formats.unglue(text)
    if header and len(text) < 100 and _HEADER_VISA.search(text) and not _NEGATION.search(text):
        return "stated"
    if _CAVEAT_THEN_OFFER.search(text):
        return "stated"
    if _FIELD_NO.search(text):
        return "refused"
    if _FIELD_YES.search(text):
        return "stated"
    if _REQUIREMENT_LIFTED.search(text):
        return "silent"
    if _HEDGED_REFUSAL.search(text):
        return None
    return _about_sponsorship(text) or _about_citizenship(text)


def _about_sponsorship(text: str) -> str | None:
    if any(p.search(text) for p in (_WITHOUT_SPONSORSHIP, _NOT_CONSIDERED, _WILL_NOT_SPONSOR)):
        return "refused"
    offers = (_STUDENT_WELCOME, _TRANSFER_WELCOME, _SPONSORSHIP_AVAILABLE, _OFFER)
    if not _NEGATION.search(text) and any(p.search(text) for p in offers):
        return "stated"
    return None


def _about_citizenship(text: str) -> str | None:
    """Citizens-only lines, export control and active clearances; never inside EEO lists."""
    if _EEO.search(text):
        return None
    if _CLEARANCE_NEEDS_CITIZENSHIP.search(text):
        return "silent"
    if _EXPORT_CONTROL.search(text):
        return "refused"
    if (only := _CITIZENS_ONLY.search(text)) and not _wished(text, only):
        return "refused"
    if (active := _ACTIVE_CLEARANCE.search(text)) and not _clearance_open(text, active):
        return "refused"
    return None


def _asks(text: str) -> bool:
    """A question about visas ("Will you require sponsorship?"); a question elsewhere in the
    unit ("...a clearance Are you excited ...?") does not make the rest of it one."""
    if not _QUESTION.search(text):
        return False
    text = formats.unglue(text)
    for match in _QUESTION.finditer(text):
        at = match.start()
        if text[at] == "?":
            starts = [m.end() for m in _ASKING.finditer(text, 0, at)]
            asked = text[max(starts, default=0) : at]
        else:
            stop = re.search(r"[.!?]", text[at:])
            asked = text[at : at + stop.end() if stop else len(text)]
        if CUE.search(visa_text(asked)):
            return True
    return False


def _clause(text: str, match: re.Match) -> str:
    """The requirement a match is part of: a little before it, up to the end of its clause."""
    end = re.search(r"[,;.]|\s-\s", text[match.end() :])
    stop = match.end() + (end.start() if end else len(text))
    return text[max(0, match.start() - 60) : stop]


def _clearance_open(text: str, active: re.Match) -> bool:
    """Is the required clearance one the applicant may obtain later, or only a bonus? Read
    around the requirement itself, up to the end of its clause: in "an active Secret
    clearance, Top Secret preferred" the preference is for the higher level."""
    before = text[max(0, active.start() - 60) : active.start()]
    after = _POLYGRAPH.sub(" ", _clause(text, active)[len(before) :])
    return bool(
        _CLEARANCE_OPEN.search(before)
        or _PREFERENCE.search(after)
        or re.search(r"\bor\b[^,;.]{0,40}\b(?:obtain|eligib|gain|get)", after, re.I)
    )


def _wished(text: str, match: re.Match) -> bool:
    """A preference rather than a requirement: "US citizenship preferred", "Preferred: ..."."""
    after = _clause(text, match)[match.start() - max(0, match.start() - 60) :]
    before = text[max(0, match.start() - 40) : match.start()]
    labelled = re.search(r"(?:preferred|desired|plus)\W*$", before, re.I)
    return bool(_PREFERENCE.search(after) or labelled)


# Headings of the lists a requirement can sit in, wanted or merely welcome.
_HEADING = re.compile(
    r"\b(?P<bonus>preferred|desired|nice[-\s]to[-\s]have|nice\s+if\s+you\s+have|bonus|pluses|differentiators|"
    r"above\s+and\s+beyond(?:\s+our\s+minimum(?:\s+qualifications)?)?|even\s+better|it\s+would\s+be\s+great)\b|"
    r"\b(?:required|requirements|minimum\s+(?:qualifications|requirements)|basic\s+qualifications|"
    r"must[-\s]have|what\s+you\s+need|you\s+have:)",
    re.I,
)
_REQUIRED = Folded(r"\b(?:required|requires?|requirements?|must|mandatory|needed)\b")
_CLEARANCE_ONLY = Folded(r"sponsor|citizen|visa|authori[sz]|person|itar|export")


_ELIGIBILITY = Folded(r"\beligibility\s+requirements?\b[^;]{0,30}?\bcitizen")
_OBTAIN_CLEARANCE = Folded(
    r"\b(?:obtain|eligib\w*\s+for)\b[^.;]{0,60}\bclearance|\bsubject\s+to\s+an?\s+(?:\w+\s+){0,3}"
    r"clearance\s+investigation"
)


def clearance_condition(text: str, start: int, unit_text: str) -> bool:
    """ "Able to obtain a Secret clearance. ... Eligibility requirements include U.S.
    citizenship": the citizenship is the condition of a clearance one may still obtain."""
    if not _ELIGIBILITY.search(unit_text):
        return False
    return bool(_OBTAIN_CLEARANCE.search(text, max(0, start - 300), start + len(unit_text)))


def wished_for(text: str, start: int, unit_text: str) -> bool:
    """A clearance listed under "Preferred" or "Differentiators" is a bonus, not a bar: the
    last list heading before the unit decides."""
    if _REQUIRED.search(unit_text):
        return False
    if (
        _CLEARANCE_ONLY.search(unit_text)
        or "clearance" not in unit_text.lower()
        and not (re.search(r"ts/sci|top\s+secret|\bsecret\b", unit_text, re.I))
    ):
        return False
    headings = list(_HEADING.finditer(text, max(0, start - 600), start))
    return bool(headings and headings[-1].group("bonus"))


def overruled(text: str, state: str) -> bool:
    """A judgement of the model that the wording cannot carry."""
    if state == "refused":
        if _HEDGED_REFUSAL.search(text) or not _REFUSAL_WORD.search(text):
            return True
        if _PREFERENCE.search(text) and not re.search(r"sponsor", text, re.I):
            return True
        if not _RESTRICTIVE.search(text):
            return True
        named = {word.lower() for word in _REFUSAL_WORD.findall(text)}
        if named <= {"citizen"} and not _REQUIREMENT.search(text):
            return True
        mentions_clearance = "clearance" in text.lower()
        about_people = re.search(r"sponsor|citizen|visa|authori[sz]", text, re.I)
        return bool(mentions_clearance and _CLEARANCE_OPEN.search(text) and not about_people)
    return False
