"""The one definition of "abroad": places outside the US that postings name, and the US places
that outweigh them. The importer uses it to skip jobs whose only places are abroad; the
sponsorship classifier uses it to tell an offer for an office abroad from a US offer. Both
read the same lists, so a city can never be abroad for one and at home for the other."""

import re

from listings.ingest.casefold import lowered

# Countries, regions and the cities postings name most. Places that share a name with a US
# city or state ("Georgia", "Paris, TX") are left out, or outweighed by the US test below.
_PLACES = (
    r"uk|u\.k\.|united\s+kingdom|great\s+britain|england|scotland|wales|london|manchester|"
    r"edinburgh|glasgow|belfast|ireland|dublin|canada|toronto|vancouver|montreal|ottawa|"
    r"calgary|waterloo|europe|emea|apac|latam|eu|germany|berlin|munich|hamburg|frankfurt|"
    r"netherlands|amsterdam|rotterdam|belgium|brussels|france|paris|spain|barcelona|madrid|"
    r"portugal|lisbon|poland|warsaw|krakow|sweden|stockholm|denmark|copenhagen|norway|oslo|"
    r"finland|helsinki|switzerland|zurich|geneva|austria|vienna|italy|milan|rome|greece|"
    r"athens|israel|tel\s+aviv|india|bangalore|bengaluru|hyderabad|pune|mumbai|chennai|"
    r"delhi|noida|gurgaon|singapore|australia|sydney|melbourne|new\s+zealand|auckland|japan|"
    r"tokyo|china|beijing|shanghai|shenzhen|hong\s+kong|taiwan|taipei|korea|seoul|"
    r"philippines|manila|vietnam|indonesia|jakarta|malaysia|thailand|bangkok|pakistan|"
    r"mexico|brazil|sao\s+paulo|argentina|buenos\s+aires|colombia|bogota|chile|santiago|"
    r"dubai|uae|egypt|cairo|nigeria|lagos|kenya|nairobi|south\s+africa|cape\s+town|"
    r"estonia|tallinn|czech|prague|romania|bucharest|ukraine|kyiv|lithuania|vilnius|"
    r"serbia|belgrade|hungary|budapest|turkey|istanbul"
)


def by_first_letter(alternatives: str) -> str:
    """The same alternatives grouped under their first letter ("a(?:msterdam|thens)|b(?:...)"):
    the engine tries each alternative at every word, so a long flat list costs a try of each;
    grouped, a word is only tried against the names that begin with its letter. Matches the
    same places; only alternatives that begin with a plain letter are grouped."""
    groups: dict[str, list[str]] = {}
    rest = []
    for alternative in alternatives.split("|"):
        if alternative[:1].isalpha():
            groups.setdefault(alternative[0], []).append(alternative[1:])
        else:
            rest.append(alternative)
    grouped = [f"{first}(?:{'|'.join(tails)})" for first, tails in groups.items()]
    return "|".join(grouped + rest)


PLACES = by_first_letter(_PLACES)
_PLACE = re.compile(rf"\b(?:{PLACES})\b", re.I)
# The same, for text already in lower case (see lowered()): case-sensitive, the engine skips
# an alternative on its first letter without trying it.
_PLACE_LOWER = re.compile(rf"\b(?:{PLACES})\b")
# "US", "USA", "NYC" and "DC" as written; lower-case "us" is the pronoun.
_US_CODES = re.compile(r"\b(?:US|U\.S\.A?\.?|USA|NYC|SF|DC|D\.C\.)(?![\w.])")
_US_NAME_LIST = (
    r"united\s+states|(?<!latin )(?<!south )(?<!central )america|new\s+york|"
    r"san\s+francisco|bay\s+area|silicon\s+valley|"
    r"boston|seattle|austin|chicago|los\s+angeles|denver|atlanta|miami|washington|"
    r"portland|san\s+diego|san\s+jose|palo\s+alto|mountain\s+view|sunnyvale|menlo\s+park|"
    r"oakland|berkeley|pittsburgh|philadelphia|dallas|houston|phoenix|salt\s+lake|"
    r"minneapolis|detroit|nashville|raleigh|pasadena|santa\s+monica|santa\s+clara|irvine|"
    r"redwood\s+city|san\s+mateo|cupertino|brooklyn|manhattan|somerville|ann\s+arbor|"
    r"boulder|baltimore|columbus|cincinnati|cleveland|st\.?\s+louis|kansas\s+city|"
    r"charlotte|durham|orlando|tampa|las\s+vegas|sacramento|hoboken|jersey\s+city|"
    r"stamford|princeton|arlington|reston|bethesda|honolulu|bellevue|redmond|kirkland|"
    r"providence|new\s+haven|buffalo|rochester|ithaca|hartford|burlington|tucson|"
    r"albuquerque|san\s+antonio|fort\s+worth|plano|indianapolis|milwaukee|omaha|richmond|"
    r"provo|lehi|los\s+gatos|emeryville|santa\s+barbara|cambridge,?\s+ma|remote\s*\(us|"
    r"madison|los\s+gatos|"
    r"alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|"
    r"hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|"
    r"massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|"
    r"new\s+hampshire|new\s+jersey|new\s+mexico|north\s+carolina|north\s+dakota|ohio|"
    r"oklahoma|oregon|pennsylvania|rhode\s+island|south\s+carolina|south\s+dakota|"
    r"tennessee|texas|utah|vermont|virginia|wisconsin|wyoming"
)
_US_NAMES = re.compile(rf"\b(?:{by_first_letter(_US_NAME_LIST)})\b", re.I)
# "Austin, TX": a city and a state code.
_US_STATE = re.compile(
    r"\b[A-Z][a-z]+,\s*(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|"
    r"MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC)\b"
)


def names_abroad(text: str) -> bool:
    """Does the text name a place outside the US?"""
    lower = lowered(text)
    if lower is None:
        return _PLACE.search(text) is not None
    return _PLACE_LOWER.search(lower) is not None


def names_us(text: str) -> bool:
    """Does the text name the US, a US state or a US city?"""
    return any(pattern.search(text) for pattern in (_US_CODES, _US_NAMES, _US_STATE))


def only_abroad(text: str) -> bool:
    """Places are named, all of them outside the US: "London, UK", "Remote (EMEA)"."""
    return names_abroad(text) and not names_us(text)
