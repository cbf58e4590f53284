"""Turning feed text into our vocabulary: titles into roles, places into city and state (or
US-remote), HTML into plain text."""

import html
import re
from functools import lru_cache
from typing import NamedTuple

from listings.ingest import abroad
from listings.taxonomy.vocabulary import STATES

# --- text --------------------------------------------------------------------------------

_BLOCK_TAGS = re.compile(
    r"<\s*(?:br|/p|/div|/h[1-6]|/li|/ul|/ol|/tr|p|div|h[1-6]|tr)\b[^>]*>", re.I
)
_LIST_ITEM = re.compile(r"<\s*li\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\xa0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_DROPPED = re.compile(r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>", re.I | re.S)


def html_to_text(markup: str) -> str:
    """Plain text with a line per block and "- " per list item, entities decoded."""
    text = _DROPPED.sub(" ", markup)
    text = _LIST_ITEM.sub("\n- ", text)
    text = _BLOCK_TAGS.sub("\n", text)
    text = _SPACES.sub(" ", html.unescape(_TAG.sub(" ", text)))
    lines = (line.strip() for line in text.splitlines())
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<\s*(?:p|div|br|li|ul|ol|span|strong|b|h[1-6]|a)\b[^>]*>", text, re.I))


def text_to_html(text: str) -> str:
    """Plain text as paragraphs (blank-line separated) with line breaks kept."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)


# --- roles -------------------------------------------------------------------------------

_ABBREVIATIONS = [
    (r"\bsr\b\.?|\bsnr\b\.?", "senior"),
    (r"\bjr\b\.?", "junior"),
    (r"\bml\b", "machine learning"),
    (r"\bai/ml\b|\bml/ai\b", "machine learning"),
    (r"\bswe\b|\bsde\b", "software engineer"),
    (r"\beng\b\.?|\bengr\b\.?", "engineer"),
    (r"\bmgr\b\.?", "manager"),
    (r"\bdev\b(?!ops)", "developer"),
    (r"\bfront[-\s]end\b", "frontend"),
    (r"\bback[-\s]end\b", "backend"),
    (r"\bfull[-\s]stack\b", "fullstack"),
]
_LEVELS = re.compile(
    r"\b(?:senior|junior|staff|principal|lead|associate|intern(?:ship)?|entry[-\s]level|"
    r"mid[-\s]level|head|chief|[ivx]{1,4}|\d)\b"
)

# First match wins, so specific roles come before general ones.
_ROLE_RULES = [
    (
        "engineering-manager",
        r"engineering manager|manager,? (?:of )?(?:software )?engineering|"
        r"director,? (?:of )?(?:software )?engineering|head of engineering|"
        r"vp,? (?:of )?engineering",
    ),
    (
        "machine-learning-engineer",
        r"machine learning|deep learning|\bmlops\b|\bai engineer|"
        r"\bllm engineer|computer vision engineer|\bnlp engineer",
    ),
    ("data-scientist", r"data scien"),
    ("data-engineer", r"data engineer|analytics engineer|\betl\b|big data"),
    (
        "data-analyst",
        r"data analyst|analytics analyst|business intelligence|\bbi (?:analyst|"
        r"developer|engineer)|reporting analyst",
    ),
    ("research-scientist", r"research (?:scientist|engineer)|applied scientist"),
    ("site-reliability-engineer", r"site reliability|\bsre\b|reliability engineer"),
    (
        "devops-engineer",
        r"devops|platform engineer|infrastructure engineer|cloud engineer|"
        r"build (?:and|&) release|release engineer",
    ),
    (
        "security-engineer",
        r"security engineer|application security|\bappsec\b|security analyst|"
        r"cyber ?security|information security|penetration tester|detection engineer",
    ),
    ("frontend-engineer", r"frontend|\bui engineer|\bui developer|web developer"),
    ("mobile-engineer", r"\bios\b|android|mobile (?:engineer|developer)|react native"),
    (
        "qa-engineer",
        r"(?:\bqa\b|quality assurance) (?:engineer|analyst|automation|tester)|"
        r"test engineer|\bsdet\b|tester\b|test automation",
    ),
    ("product-manager", r"product manager|product owner|product lead|group product"),
    (
        "solutions-architect",
        r"solutions? architect|solutions? engineer|sales engineer|"
        r"cloud architect|enterprise architect|technical architect",
    ),
    ("database-administrator", r"database administrator|\bdba\b|database engineer"),
    ("business-analyst", r"business (?:systems )?analyst"),
    ("financial-analyst", r"financ(?:e|ial) analyst|fp&a|investment analyst"),
    ("electrical-engineer", r"electrical engineer|hardware engineer|electronics engineer"),
    ("mechanical-engineer", r"mechanical engineer"),
    ("ux-designer", r"\bux\b|user experience|product designer|interaction designer|ui designer"),
    (
        "software-engineer",
        r"software (?:engineer|developer|development)|developer|programmer|"
        r"backend|fullstack|"
        r"member of technical staff|application engineer|systems engineer|firmware",
    ),
]
_ROLE_PATTERNS = [(slug, re.compile(pattern)) for slug, pattern in _ROLE_RULES]
_NOT_ROLES = re.compile(r"marketing manager|product marketing|recruiter|sales (?:manager|rep)")


@lru_cache(maxsize=20_000)
def clean_title(title: str) -> str:
    """Lower case, abbreviations spelt out, punctuation as spaces."""
    text = title.lower()
    for pattern, replacement in _ABBREVIATIONS:
        text = re.sub(pattern, replacement, text)
    text = re.sub(r"[^\w&/+#\s-]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=20_000)
def role_for_title(title: str) -> str | None:
    """The slug of our role for a job title ("Sr. ML Engineer II" -> machine-learning-engineer),
    or None when the title is none of the roles we list."""
    text = clean_title(title)
    if _NOT_ROLES.search(text):
        return None
    for slug, pattern in _ROLE_PATTERNS:
        if pattern.search(text):
            return slug
    return None


@lru_cache(maxsize=20_000)
def title_key(title: str) -> str:
    """The title with seniority, levels and punctuation gone, for duplicate detection."""
    text = _LEVELS.sub(" ", clean_title(title))
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9 ]", " ", text)).strip()


# --- places ------------------------------------------------------------------------------


class Place(NamedTuple):
    city: str | None
    state: str | None  # two-letter code
    remote: bool
    hybrid: bool


_STATE_CODES = {state.code for state in STATES}
_STATE_NAMES = {state.name.lower(): state.code for state in STATES}
_STATE_NAMES["washington dc"] = _STATE_NAMES["washington d c"] = "DC"
_KNOWN_CITIES = {
    "new york": ("New York", "NY"),
    "new york city": ("New York", "NY"),
    "nyc": ("New York", "NY"),
    "manhattan": ("New York", "NY"),
    "brooklyn": ("New York", "NY"),
    "san francisco": ("San Francisco", "CA"),
    "sf": ("San Francisco", "CA"),
    "san francisco bay area": ("San Francisco", "CA"),
    "bay area": ("San Francisco", "CA"),
    "seattle": ("Seattle", "WA"),
    "bellevue": ("Bellevue", "WA"),
    "redmond": ("Redmond", "WA"),
    "boston": ("Boston", "MA"),
    "cambridge": ("Cambridge", "MA"),
    "austin": ("Austin", "TX"),
    "dallas": ("Dallas", "TX"),
    "houston": ("Houston", "TX"),
    "chicago": ("Chicago", "IL"),
    "los angeles": ("Los Angeles", "CA"),
    "san jose": ("San Jose", "CA"),
    "san diego": ("San Diego", "CA"),
    "palo alto": ("Palo Alto", "CA"),
    "mountain view": ("Mountain View", "CA"),
    "sunnyvale": ("Sunnyvale", "CA"),
    "menlo park": ("Menlo Park", "CA"),
    "atlanta": ("Atlanta", "GA"),
    "denver": ("Denver", "CO"),
    "boulder": ("Boulder", "CO"),
    "washington dc": ("Washington", "DC"),
    "washington d c": ("Washington", "DC"),
    "miami": ("Miami", "FL"),
    "pittsburgh": ("Pittsburgh", "PA"),
    "philadelphia": ("Philadelphia", "PA"),
    "portland": ("Portland", "OR"),
    "raleigh": ("Raleigh", "NC"),
    "salt lake city": ("Salt Lake City", "UT"),
    "phoenix": ("Phoenix", "AZ"),
    "minneapolis": ("Minneapolis", "MN"),
    "detroit": ("Detroit", "MI"),
    "nashville": ("Nashville", "TN"),
    "jersey city": ("Jersey City", "NJ"),
    "columbus": ("Columbus", "OH"),
    "baltimore": ("Baltimore", "MD"),
}
_US = re.compile(r"^(?:u\.?s\.?a?\.?|united states(?: of america)?|america|anywhere in the us)$")
_NOISE = re.compile(
    r"\b(?:office|hq|headquarters|campus|metro(?:politan)? area|area|greater|downtown|"
    r"onsite|on-site|in[-\s]office|hybrid|remote|flexible)\b"
)


def _one_place(part: str) -> Place | None:
    text = part.lower().strip()
    remote = "remote" in text or "telecommut" in text or "work from home" in text
    hybrid = "hybrid" in text
    if abroad.only_abroad(part) and not re.search(r"\b(?:us|usa)\b", text):
        return None
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"\b\d{5}(?:-\d{4})?\b", " ", text)
    text = _NOISE.sub(" ", text)
    pieces = [p.strip(" .-–—/") for p in re.split(r"[,\-–—/]", text)]
    pieces = [p for p in pieces if p and not _US.match(p)]
    if not pieces:
        return Place(None, None, True, False) if remote or _US.match(text.strip(" ,.-")) else None
    state = None
    for piece in reversed(pieces):
        code = piece.upper().replace(".", "")
        if len(code) == 2 and code in _STATE_CODES:
            state = code
        elif piece in _STATE_NAMES:
            state = _STATE_NAMES[piece]
        else:
            continue
        pieces.remove(piece)
        break
    city_key = re.sub(r"\s+", " ", pieces[0]).strip() if pieces else ""
    if city_key in _KNOWN_CITIES and (state is None or _KNOWN_CITIES[city_key][1] == state):
        name, state = _KNOWN_CITIES[city_key]
        return Place(name, state, remote, hybrid)
    if state is None:
        return Place(None, None, True, False) if remote and not city_key else None
    city = city_key.title() if city_key and len(city_key) <= 60 else None
    return Place(city, state, remote and city is None, hybrid)


@lru_cache(maxsize=20_000)
def parse_location(text: str) -> Place | None:
    """The first US place in a feed's location text; US-remote as (None, None, True); None
    when nothing in it is a US place we recognise."""
    if not text or len(text) > 500:
        return None
    remote_seen = False
    for part in re.split(r";|\||\bor\b|\band\b|\n", text):
        if not part.strip():
            continue
        place = _one_place(part)
        if place and place.state:
            return place
        remote_seen = remote_seen or bool(place and place.remote)
    return Place(None, None, True, False) if remote_seen else None


# --- near-duplicates ---------------------------------------------------------------------


def shingles(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return {" ".join(words[i : i + 3]) for i in range(max(0, len(words) - 2))}


def near_identical(a: str, b: str, threshold: float = 0.85) -> bool:
    """Descriptions whose word 3-shingles overlap almost entirely (Jaccard), so a repost with
    a changed date, requisition number or footer still counts as the same posting."""
    first, second = shingles(a), shingles(b)
    if not first or not second:
        return first == second
    return len(first & second) / len(first | second) >= threshold


# Employment types as feeds spell them, squeezed to lower-case letters, with the schema.org
# word each means (listings.models.Job.EmploymentType).
_EMPLOYMENT_WORDS = {
    "fulltime": "FULL_TIME",
    "permanent": "FULL_TIME",
    "regular": "FULL_TIME",
    "parttime": "PART_TIME",
    "contract": "CONTRACTOR",
    "contractor": "CONTRACTOR",
    "contracttohire": "CONTRACTOR",
    "temporary": "TEMPORARY",
    "temp": "TEMPORARY",
    "seasonal": "TEMPORARY",
    "intern": "INTERN",
    "internship": "INTERN",
    "coop": "INTERN",
}
# What a title says outright ("Software Engineer Intern", "Contract Data Analyst").
_EMPLOYMENT_TITLE = re.compile(
    r"\b(intern(?:ship)?|co-?op|part[-\s]time|contract(?:or)?|temporary|full[-\s]time)\b", re.I
)
# A posting's own sentence about the job, not benefits for "full-time employees".
_EMPLOYMENT_TEXT = re.compile(
    r"\b(?:this|the|it)\s+is\s+an?\s+(full[-\s]time|part[-\s]time|contract|temporary)"
    r"(?:,\s*\w+)?\s+(?:position|role|job|opportunity|internship)\b",
    re.I,
)


def employment_type(stated: str, title: str, text: str) -> str:
    """The schema.org employmentType a feed states, else one the title or the posting's
    text says outright ("This is a full-time position"); "" when nothing says."""
    word = re.sub(r"[^a-z]", "", stated.lower())
    if word in _EMPLOYMENT_WORDS:
        return _EMPLOYMENT_WORDS[word]
    for found in (_EMPLOYMENT_TITLE.search(title), _EMPLOYMENT_TEXT.search(text[:20000])):
        if found:
            key = re.sub(r"[^a-z]", "", found.group(1).lower())
            return _EMPLOYMENT_WORDS.get(key, "")
    return ""
