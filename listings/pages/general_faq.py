"""The site-wide FAQ at /faq/: visa types, the prevailing wage, the weighted H-1B selection,
a member's visa routes and how the site decides a job sponsors. Written once, as data, so the
page and its FAQPage JSON-LD say the same thing."""

from dataclasses import dataclass, field

from django.urls import reverse

from listings.models.outcomes import MIN_REPORTERS
from listings.pages.faq import Answer, Part
from listings.sponsors.wages import WAGE_SEARCH_URL
from listings.taxonomy.vocabulary import VISA_TYPES
from listings.visas import facts
from listings.visas.facts import FACTS


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


def _day(day) -> str:
    return f"{day:%B %-d, %Y}"


def general_faq() -> list[Entry]:
    # One piece: the page's entries in the order it shows them. Numbers and dates come from
    # the facts table, whose page lists each one's source and checked date.
    payment = FACTS["payment_100k"]
    return [
        Entry(
            "visas",
            "Which visas do the jobs here mention?",
            [_text(
                "Only some of these need an employer to sponsor you. An H-1B, O-1A or L-1 "
                "starts with a petition to USCIS (an O-1A may also be filed by an agent). For "
                "an E-3 or H-1B1 from abroad you apply at a US consulate yourself, with the "
                "employer's certified labor condition application and no USCIS petition. TN "
                "status is requested by Canadians at the border with the employer's letter; "
                "Mexicans first get a TN visa at a consulate. OPT is recommended by your "
                "school's designated school official and granted by USCIS as a work permit; "
                "the STEM extension also needs an employer enrolled in E-Verify who signs a "
                "training plan (Form I-983). Most work green cards (EB-2, EB-3) start with the "
                "employer's labor certification (PERM); EB-1 and the EB-2 national interest "
                "waiver need no PERM."
            )],
            [(visa.name, visa.description) for visa in VISA_TYPES],
        ),
        Entry("wage", "What is the prevailing wage?", [
            _text(
                "Before an H-1B, H-1B1 or E-3, an employer files a labor condition application "
                "(LCA) with the Department of Labor and promises to pay at least the higher of "
                "the actual wage it pays similar staff and the prevailing wage. The prevailing "
                "wage depends on the occupation (its SOC code, such as 15-1252 for software "
                "developers) and the area of the job, and has four levels by the experience "
                "and responsibility the job asks for: Level I for entry roles up to Level IV "
                "for fully competent, senior roles. Universities, their affiliated nonprofits "
                "and nonprofit or government research organizations use the lower ACWIA wage "
                "table; everyone else the all-industries table. The LCA counts on employer "
                "pages cover all three visas, H-1B, H-1B1 and E-3."
            ),
            Answer([
                Part("You can look up any occupation and area in the Department of Labor's "),
                Part("wage search", WAGE_SEARCH_URL),
                Part(". Where we have imported the wage tables, job pages here show the four "
                     "levels beside the posted salary, from the table that applies to the "
                     "employer."),
            ]),
        ]),
        Entry("lottery", "How does the weighted H-1B selection work?", [
            _text(
                f"The regular cap is {facts.value('h1b_cap'):,} H-1Bs a year, and "
                f"{facts.value('masters_cap'):,} more go to holders of a US master's degree or "
                "higher, who are drawn first; those not picked join the regular draw. When "
                "more registrations arrive than the cap allows, USCIS draws at random, per "
                "person rather than per registration. From the FY2027 season each person is "
                "entered by the wage level the offered salary reaches for the job's occupation "
                "and area: Level I gives one entry, Level II two, Level III three and Level IV "
                "four. A job at several worksites counts at the lowest level among them. An "
                "offered wage below Level I, which an employer may use only with another valid "
                "wage source such as a private survey, gets a single entry."
            ),
            _text(
                "Public or nonprofit institutions of higher education, their affiliated "
                "nonprofits and nonprofit or government research organizations are exempt from "
                "the cap, so their petitions skip the selection altogether; for-profit "
                "colleges are not exempt. We mark an employer cap-exempt only after checking "
                "which of these it is, never from its industry code alone. Signed-in users can "
                "filter to these employers."
            ),
        ]),
        Entry("abroad", "I live outside the US. What changes for me?", [
            Answer([
                Part(f"New H-1B petitions for people outside the US without a valid H-1B visa "
                     f"have needed a ${payment.value:,} payment from the employer since "
                     f"{_day(facts.value('payment_effective'))}; no exemption for cap-exempt "
                     "employers was found. A change of status inside the US, such as from F-1 "
                     "or OPT to H-1B, is not covered, nor are TN, E-3, H-1B1 and O-1. The "
                     "payment is in litigation and may have changed since we last checked it "
                     f"on {_day(payment.checked)}: see the "),
                Part("USCIS H-1B page", payment.url),
                Part(" before you rely on it."),
            ]),
            Answer([
                Part("Visa interviews are in person again, in your country of nationality or "
                     "residence. Our "),
                Part("visa facts", reverse("listings:visa_facts")),
                Part(" page lists these rules with their sources and the dates we checked "
                     "them."),
            ]),
        ]),
        Entry("students", "I am on F-1 or OPT. Which dates matter?", [
            _text(
                f"Post-completion OPT lasts up to {facts.value('opt_months')} months, and you "
                f"may be unemployed for at most {facts.value('opt_unemployment_days')} days "
                f"({facts.value('stem_unemployment_days')} in all with the STEM extension). "
                f"With a STEM degree you can file for the {facts.value('stem_months')}-month "
                f"extension in the {facts.value('stem_filing_days')} days before your OPT ends. "
                "Employers register H-1B candidates in March and a cap-subject H-1B starts on "
                "October 1. If an employer files your cap petition while your OPT is valid, "
                "the cap-gap keeps your status and work permission until April 1 of the "
                "following year. Members who save their OPT end date see these dates, counted "
                "for them, on their profile, on every job and at the top of alert emails."
            ),
        ]),
        Entry("routes", "Which visa routes fit me for a job?", [
            _text(
                "Members can keep a short visa profile: citizenship, current US status, highest "
                "degree and whether it is in a STEM field, years of experience, the OPT end "
                "date, and for H-1B holders whether they were ever counted against the cap. "
                "Every job then shows the routes that fit that person and that job, each with "
                "the reason and the rule it rests on, and what rules out the others. Canadian "
                "and Mexican citizens may qualify for TN when the role is on the USMCA "
                "professions list and they meet that profession's own minimum; Australians for "
                "the E-3; citizens of Chile and Singapore for the H-1B1. Someone in H-1B status "
                "who was counted against the cap can move with a transfer at any time of year; "
                "someone who has only worked for cap-exempt employers needs the lottery to move "
                "to a cap-subject one. Experience can stand in for a degree: three years of "
                "work for each year of university. STEM OPT needs an employer enrolled in "
                "E-Verify, which we learn from any of its postings or from our records. The "
                "\"Open to my routes\" filter keeps the jobs where a route fits without "
                "waiting for the lottery (for members outside the US, H-1B routes carry the "
                "payment above), and \"No lottery needed\" keeps those whose route outlasts "
                "OPT. A route we cannot settle says \"check\". These are guides, not legal "
                "advice: the employer or an immigration lawyer has the last word."
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
                "listed only when its employer filed certified LCAs (H-1B, H-1B1 or E-3) for "
                "the same occupation and state in the current fiscal year or the two before "
                "it, and the job card says so. Postings that refuse sponsorship are never "
                "listed. Employer pages show the public USCIS and Department of Labor records "
                "behind this, with the files they come from, and every job card links to its "
                "employer's page."
            ),
        ]),
    ]  # fmt: skip


def entries_as_pairs(entries: list[Entry]) -> list[tuple[str, str]]:
    """(question, answer text) pairs, as FAQPage JSON-LD takes them."""
    return [(entry.question, str(entry)) for entry in entries]
