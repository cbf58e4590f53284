"""Whether an offer of sponsorship is for a job outside the US: "visa support for our Berlin
office", a UK work visa, or a header whose only place is abroad. Such an offer says nothing
about a US visa, so the unit counts as silent."""

import re

_ABROAD = (
    r"uk|u\.k\.|united\s+kingdom|england|scotland|london|manchester|edinburgh|ireland|dublin|"
    r"canada|toronto|vancouver|montreal|ottawa|waterloo|europe|eu|germany|berlin|munich|"
    r"hamburg|frankfurt|netherlands|amsterdam|rotterdam|france|paris|spain|barcelona|madrid|"
    r"portugal|lisbon|poland|warsaw|krakow|sweden|stockholm|denmark|copenhagen|norway|oslo|"
    r"finland|helsinki|switzerland|zurich|geneva|austria|vienna|italy|milan|israel|tel\s+aviv|"
    r"india|bangalore|bengaluru|singapore|australia|sydney|melbourne|new\s+zealand|japan|"
    r"tokyo|china|beijing|shanghai|hong\s+kong|taiwan|korea|seoul|mexico|brazil|argentina|"
    r"dubai|uae|estonia|tallinn|czech|prague|romania|ukraine|kyiv|lithuania|vilnius"
)
_ABROAD_ADJECTIVE = (
    r"uk|british|canadian|european|eu|german|dutch|french|irish|australian|japanese|"
    r"schengen|swiss|israeli|singapore"
)
_OFFER_ABROAD = re.compile(
    rf"(?:visa|sponsor\w*|work\s+permit|relocat\w*)[^.|;]{{0,50}}\b(?:in|to|for|at|into)\s+"
    rf"(?:our\s+|the\s+)?(?:{_ABROAD})\b|\b(?:{_ABROAD_ADJECTIVE})\s+(?:work\s+)?"
    rf"(?:visas?|work\s+permits?|sponsorship)|\b(?:blue\s+card|tier\s*2|skilled\s+worker\s+visa|"
    rf"critical\s+skills|lmia|global\s+talent)\b|\b(?:{_ABROAD})[-\s]+(?:office|team|hub|site|"
    rf"location|based)",
    re.I,
)
# "Visa/relocation available, and options in Germany as well": abroad is an addition.
_ALSO = re.compile(r"\b(?:as\s+well|also|too|in\s+addition)\b", re.I)
_PLACE_ABROAD = re.compile(rf"\b(?:{_ABROAD})\b", re.I)
_US_CODES = re.compile(r"\b(?:US|U\.S\.A?\.?|USA|NYC|SF|LA|DC|D\.C\.)(?![\w.])")
_US_NAMES = re.compile(
    r"\b(?:united\s+states|america|american|new\s+york|san\s+francisco|bay\s+area|"
    r"silicon\s+valley|boston|seattle|austin|chicago|los\s+angeles|denver|atlanta|miami|"
    r"washington|portland|san\s+diego|san\s+jose|palo\s+alto|mountain\s+view|sunnyvale|"
    r"menlo\s+park|oakland|berkeley|pittsburgh|philadelphia|dallas|houston|phoenix|"
    r"salt\s+lake|minneapolis|detroit|nashville|raleigh|cambridge,?\s+ma|remote\s*\(us|"
    r"pasadena|santa\s+monica|santa\s+clara|santa\s+barbara|irvine|redwood\s+city|san\s+mateo|"
    r"cupertino|los\s+gatos|emeryville|palo\s+alto|brooklyn|manhattan|somerville|ann\s+arbor|"
    r"madison|boulder|baltimore|columbus|cincinnati|cleveland|st\.?\s+louis|kansas\s+city|"
    r"charlotte|durham|orlando|tampa|las\s+vegas|sacramento|hoboken|jersey\s+city|stamford|"
    r"providence|new\s+haven|princeton|arlington|reston|bethesda|honolulu|provo|lehi|bellevue|"
    r"redmond|kirkland|tucson|albuquerque|san\s+antonio|fort\s+worth|plano|indianapolis|"
    r"milwaukee|omaha|richmond|buffalo|rochester|ithaca|hartford|burlington|alabama|alaska|"
    r"arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|"
    r"illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|"
    r"minnesota|mississippi|missouri|montana|nebraska|nevada|new\s+hampshire|new\s+jersey|"
    r"new\s+mexico|north\s+carolina|north\s+dakota|ohio|oklahoma|oregon|pennsylvania|"
    r"rhode\s+island|south\s+carolina|south\s+dakota|tennessee|texas|utah|vermont|virginia|"
    r"wisconsin|wyoming)\b",
    re.I,
)
# "Austin, TX": a city and a state code.
_US_STATE = re.compile(
    r"\b[A-Z][a-z]+,\s*(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|"
    r"MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC)\b"
)


def offered_abroad(text: str, start: int, end: int, field: bool) -> bool:
    """True when the offer at text[start:end] is tied to a place outside the US: in its own
    words, or (for a header field) by the only places its header line names."""
    unit = text[start:end]
    if _OFFER_ABROAD.search(unit) and not _mentions_us(unit) and not _ALSO.search(unit):
        return True
    if not field:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    return bool(_PLACE_ABROAD.search(line)) and not _mentions_us(line)


def _mentions_us(text: str) -> bool:
    return any(pattern.search(text) for pattern in (_US_CODES, _US_NAMES, _US_STATE))
