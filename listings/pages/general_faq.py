"""The site-wide FAQ at /faq/: visa types, the prevailing wage, the weighted H-1B selection,
a member's visa routes and how the site decides a job sponsors. Written once, as data, so the
page and its FAQPage JSON-LD say the same thing."""

from dataclasses import dataclass, field

from listings.models.outcomes import MIN_REPORTERS
from listings.pages.faq import Answer, Part
from listings.sponsors.wages import WAGE_SEARCH_URL
from listings.taxonomy.vocabulary import VISA_TYPES


@dataclass(frozen=True)
class Entry:
    anchor: str
    question: str
    paragraphs: list[Answer]
    terms: list[tuple[str, str]] = field(default_factory=list)  # shown before the paragraphs

    def __str__(self) -> str:
        terms = [f"{term}: {meaning}" for term, meaning in self.terms]
        return " ".join([*terms, *map(str, self.paragraphs)])


def _text(text: str) -> Answer:
    return Answer([Part(text)])


def general_faq() -> list[Entry]:
    # One piece: the page's entries in the order it shows them.
    return [
        Entry(
            "visas",
            "Which visas do the jobs here mention?",
            [_text(
                "Only some of these need an employer to sponsor you. An H-1B, H-1B1, E-3, O-1A "
                "or L-1 is filed by the employer; TN status is usually requested by you with a "
                "letter from the employer; OPT and STEM OPT come through your university, "
                "although the STEM extension needs an employer enrolled in E-Verify who signs a "
                "training plan; a green card through work starts with the employer's labor "
                "certification (PERM)."
            )],
            [(visa.name, visa.description) for visa in VISA_TYPES],
        ),
        Entry("wage", "What is the prevailing wage?", [
            _text(
                "Before filing an H-1B, H-1B1 or E-3 petition, an employer files a labor "
                "condition application (LCA) with the Department of Labor and promises to pay at "
                "least the higher of what it pays similar staff and the prevailing wage. The "
                "prevailing wage depends on the occupation (its SOC code, such as 15-1252 for "
                "software developers) and the area of the job, and has four levels by the "
                "experience and responsibility the job asks for: Level I for entry roles up to "
                "Level IV for fully competent, senior roles."
            ),
            Answer([
                Part("You can look up any occupation and area in the Department of Labor's "),
                Part("wage search", WAGE_SEARCH_URL),
                Part(". Where we have imported the wage tables, job pages here show the four "
                     "levels beside the posted salary."),
            ]),
        ]),
        Entry("lottery", "How does the weighted H-1B selection work?", [
            _text(
                "When more H-1B registrations arrive than the yearly cap allows, USCIS picks "
                "among them at random. From the FY2027 season each registration is entered by "
                "the wage level its offered salary reaches for the job's occupation and area: a "
                "Level I salary gives one entry, Level II two, Level III three and Level IV "
                "four. A higher offered wage therefore means a better chance of selection. An "
                "offered wage below Level I, which an employer may use only with another valid "
                "wage source such as a private survey, gets a single entry."
            ),
            _text(
                "Universities, their affiliated nonprofits and nonprofit or government research "
                "bodies are exempt from the cap, so their petitions skip the selection "
                "altogether. Signed-in users can filter to these cap-exempt employers."
            ),
        ]),
        Entry("routes", "Which visa routes fit me for a job?", [
            _text(
                "Members can keep a short visa profile: citizenship, current US status, highest "
                "degree and whether it is in a STEM field, and the OPT end date. Every job then "
                "shows the routes that fit that person and that job, each with the reason and "
                "the rule it rests on, and what rules out the others. Canadian and Mexican "
                "citizens may qualify for TN when the role is on the USMCA professions list; "
                "Australians for the E-3; citizens of Chile and Singapore for the H-1B1. "
                "Someone already in H-1B status can move with a transfer at any time of year. "
                "Cap-exempt employers can file an H-1B in any month, while the others wait for "
                "the March registration and the weighted selection. STEM OPT needs an employer "
                "enrolled in E-Verify, which we learn from the posting's own notice or from our "
                "records. The \"Open to my routes\" filter keeps the jobs where a route fits "
                "without waiting for the lottery. These are guides, not legal advice: the "
                "employer or an immigration lawyer has the last word."
            ),
            _text(
                "Members also tell us what happened after they applied. An employer's page "
                f"shows the counts once {MIN_REPORTERS} different members have reported on it, "
                "for the employer as a whole and never for one job or one person."
            ),
        ]),
        Entry("evidence", "How does this site decide a job sponsors visas?", [
            _text(
                "We read each posting: a job is listed when it says it offers sponsorship, and "
                "we quote the sentence. Most postings say nothing either way; such a job is "
                "listed only when its employer filed certified LCAs for the same occupation and "
                "state in the current fiscal year or the two before it, and the job card says "
                "so. Postings that refuse sponsorship are never listed. Employer pages show the "
                "public USCIS and Department of Labor records behind this, with the files they "
                "come from, and every job card links to its employer's page."
            ),
        ]),
    ]  # fmt: skip


def entries_as_pairs(entries: list[Entry]) -> list[tuple[str, str]]:
    """(question, answer text) pairs, as FAQPage JSON-LD takes them."""
    return [(entry.question, str(entry)) for entry in entries]
