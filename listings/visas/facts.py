"""Every visa fact the site states, in one table: a named value, what it means in words, the
official page it comes from, the day we last checked it and the rule it feeds. Routes, the
FAQ, the wage block and the candidate's clock read their numbers and dates from here, and
`/visas/` lists the table, so a fact is changed in one place and its age is always shown.

Facts a court or a pending rule may have changed say so in `caveat`; `confidence` is how
firmly the sources agree (H: primary text or several agreeing sources, M: practitioners only).
"""

from dataclasses import dataclass
from datetime import date, timedelta

REVIEW_AFTER = timedelta(days=180)  # a fact not checked for this long is due for review

USCIS = "https://www.uscis.gov/working-in-the-united-states"
H1B_PAGE = f"{USCIS}/h-1b-specialty-occupations"
REGISTRATION_PAGE = (
    f"{USCIS}/temporary-workers/h-1b-specialty-occupations/h-1b-electronic-registration-process"
)
OPT_PAGE = (
    f"{USCIS}/students-and-exchange-visitors/optional-practical-training-opt-for-f-1-students"
)
STEM_PAGE = (
    f"{USCIS}/students-and-exchange-visitors/"
    "optional-practical-training-extension-for-stem-students-stem-opt"
)
E3_PAGE = f"{USCIS}/temporary-workers/e-3-specialty-occupation-workers-from-australia"
O1_PAGE = (
    f"{USCIS}/temporary-workers/o-1-visa-individuals-with-extraordinary-ability-or-achievement"
)
GREEN_CARD_PAGE = "https://www.uscis.gov/green-card/green-card-eligibility/green-card-for-employment-based-immigrants"
ECFR_214_2 = "https://www.ecfr.gov/current/title-8/chapter-I/subchapter-B/part-214/section-214.2"
ECFR_214_6 = "https://www.ecfr.gov/current/title-8/chapter-I/subchapter-B/part-214/section-214.6"
ECFR_656_40 = "https://www.ecfr.gov/current/title-20/chapter-V/part-656/section-656.40"
WEIGHTED_RULE = "https://www.govinfo.gov/content/pkg/FR-2025-12-29/html/2025-23853.htm"
FLAG = "https://flag.dol.gov/"
DOL_LCA = "https://www.dol.gov/agencies/eta/foreign-labor/programs/h-1b"
STATE_DEPT = "https://travel.state.gov/content/travel/en/us-visas/employment.html"

CHECKED = date(2026, 12, 4)


@dataclass(frozen=True)
class Fact:
    key: str
    topic: str  # the route or subject the facts page groups it under
    value: object  # what the code reads
    says: str  # the fact in words, as the facts page shows it
    source: str
    url: str
    checked: date
    feeds: str  # the rule or page that reads it
    confidence: str = "H"
    caveat: str = ""  # what may have changed since, and why

    def due_for_review(self, today: date) -> bool:
        return today - self.checked > REVIEW_AFTER

    def checked_ago(self, today: date) -> int:
        return (today - self.checked).days


TOPICS = {
    "h-1b": "H-1B (cap-subject, cap-exempt and transfers)",
    "abroad": "Candidates outside the US",
    "opt": "F-1 OPT and STEM OPT",
    "tn": "TN (Canada and Mexico)",
    "e-3": "E-3 (Australia) and H-1B1 (Chile, Singapore)",
    "o-1a": "O-1A",
    "wages": "Wages and labor condition applications",
    "green-card": "Green cards through work",
}

_FACTS = [
    # H-1B
    Fact("h1b_cap", "h-1b", 65_000, "The regular H-1B cap is 65,000 a year.",
         "INA 214(g)(1); USCIS H-1B page", H1B_PAGE, CHECKED, "FAQ, lottery"),
    Fact("masters_cap", "h-1b", 20_000,
         "A further 20,000 H-1Bs go to holders of a US master's degree or higher, drawn first; "
         "those not picked go into the regular draw.",
         "INA 214(g)(5)(C); USCIS H-1B page", H1B_PAGE, CHECKED, "FAQ, lottery"),
    Fact("weighted_entries", "h-1b", {0: 1, 1: 1, 2: 2, 3: 3, 4: 4},
         "From the FY2027 season each registration is entered by the wage level the offered "
         "pay reaches: Level I one entry, II two, III three, IV four.",
         "DHS weighted-selection final rule, 90 FR 60864", WEIGHTED_RULE, CHECKED,
         "Cap-subject H-1B route, wage block"),
    Fact("below_level_one_entries", "h-1b", 1,
         "Pay below Level I (allowed only with another valid wage source) gets one entry.",
         "DHS weighted-selection final rule, 90 FR 60864", WEIGHTED_RULE, CHECKED,
         "Wage block", confidence="M",
         caveat="Practitioners' summaries say so; the rule's own sentence was not retrieved."),
    Fact("lowest_worksite_level", "h-1b", True,
         "A job at several worksites is entered at the lowest level among them.",
         "DHS weighted-selection final rule, 90 FR 60864", WEIGHTED_RULE, CHECKED,
         "FAQ, cap-subject H-1B route"),
    Fact("registration_month", "h-1b", 3,
         "Employers register candidates in March (4 to 19 March 2026 for FY2027, $215 each); "
         "USCIS announces each year's dates.",
         "USCIS H-1B electronic registration", REGISTRATION_PAGE, CHECKED,
         "Cap-subject H-1B route, the candidate's clock",
         caveat="The FY2028 dates (March 2027) are not announced in the sources checked."),
    Fact("petition_filing_from", "h-1b", (4, 1),
         "Selected registrations may be filed as petitions from 1 April.",
         "8 CFR 214.2(h)(8)", ECFR_214_2, CHECKED, "The candidate's clock"),
    Fact("cap_start", "h-1b", (10, 1),
         "A cap-subject H-1B starts on 1 October, the first day of the fiscal year.",
         "8 CFR 214.2(h)(8)", ECFR_214_2, CHECKED, "The candidate's clock"),
    Fact("cap_exempt_employers", "h-1b",
         ("public or nonprofit institution of higher education",
          "nonprofit affiliated with such an institution",
          "nonprofit research organization", "government research organization"),
         "Exempt from the cap: public or nonprofit institutions of higher education, their "
         "affiliated nonprofits, and nonprofit or government research organizations (research "
         "a fundamental activity). For-profit colleges are not exempt.",
         "INA 214(g)(5)(A)-(B); 8 CFR 214.2(h)(8)(iii)(F); 20 USC 1001(a)", ECFR_214_2, CHECKED,
         "Cap-exempt flag on employers, cap-exempt H-1B route, employer page"),
    Fact("cap_exempt_not_counted", "h-1b", True,
         "Time with a cap-exempt employer does not count against the cap: someone who has only "
         "worked cap-exempt needs the lottery to move to a cap-subject employer.",
         "INA 214(g)(6)", H1B_PAGE, CHECKED, "H-1B transfer route"),
    Fact("portability", "h-1b", True,
         "Someone in the US in H-1B status may start with a new employer once it files a "
         "non-frivolous petition; from abroad they wait for approval and a visa.",
         "INA 214(n); 8 CFR 214.2(h)(2)(i)(H)", ECFR_214_2, CHECKED, "H-1B transfer route"),
    Fact("degree_equivalence_years", "h-1b", 3,
         "Three years of specialized work experience count for each year of university study "
         "missing (H-1B, E-3, H-1B1), shown by a credentials evaluation.",
         "8 CFR 214.2(h)(4)(iii)(D)(5)", ECFR_214_2, CHECKED, "Degree gate of the H-1B routes"),
    # Candidates abroad
    Fact("payment_100k", "abroad", 100_000,
         "New H-1B petitions filed from 21 September 2025 for people outside the US without a "
         "valid H-1B visa need a $100,000 employer payment. A change of status inside the US "
         "(F-1 or OPT to H-1B), an amendment or an extension is not covered. No exemption for "
         "cap-exempt employers was found. TN, E-3, H-1B1 and O-1 are not covered.",
         "Proclamation 10973 (19 September 2025) and USCIS guidance of 20 October 2025",
         H1B_PAGE, CHECKED, "Both H-1B routes for members outside the US", confidence="M",
         caveat="In litigation: upheld by a federal court in December 2025, vacated by another "
         "in June 2026, then put back by an administrative stay; later rulings and any "
         "extension past 21 September 2026 are not confirmed. Check the USCIS H-1B page."),
    Fact("payment_effective", "abroad", date(2025, 9, 21),
         "The payment applies to petitions filed on or after 21 September 2025.",
         "Proclamation 10973", H1B_PAGE, CHECKED, "Both H-1B routes for members outside the US",
         confidence="M"),
    Fact("consular_interview", "abroad", True,
         "Visa applicants are interviewed in person again, in their country of nationality or "
         "residence.", "US Department of State, employment visas", STATE_DEPT, CHECKED, "FAQ"),
    # OPT
    Fact("opt_months", "opt", 12, "Post-completion OPT lasts up to 12 months per degree level.",
         "8 CFR 214.2(f)(10)(ii)", OPT_PAGE, CHECKED, "OPT route"),
    Fact("opt_unemployment_days", "opt", 90,
         "On OPT you may be unemployed for at most 90 days in all.",
         "8 CFR 214.2(f)(10)(ii)(E)", OPT_PAGE, CHECKED, "The candidate's clock"),
    Fact("stem_unemployment_days", "opt", 150,
         "With the STEM extension the limit is 150 days across OPT and STEM OPT.",
         "8 CFR 214.2(f)(10)(ii)(E)", STEM_PAGE, CHECKED, "The candidate's clock"),
    Fact("stem_months", "opt", 24, "The STEM OPT extension adds 24 months.",
         "8 CFR 214.2(f)(10)(ii)(C)", STEM_PAGE, CHECKED, "STEM OPT route"),
    Fact("stem_filing_days", "opt", 90,
         "The STEM extension may be filed up to 90 days before the OPT end date, and no later "
         "than that date.", "8 CFR 214.2(f)(10)(ii)(C)", STEM_PAGE, CHECKED,
         "The candidate's clock"),
    Fact("stem_needs_e_verify", "opt", True,
         "The STEM extension needs an employer enrolled in E-Verify that signs a training plan "
         "(Form I-983) for paid work of at least 20 hours a week.",
         "8 CFR 214.2(f)(10)(ii)(C)", STEM_PAGE, CHECKED, "STEM OPT route, employer page"),
    Fact("cap_gap_until", "opt", (4, 1),
         "When a cap-subject H-1B petition asking for a change of status is filed while OPT is "
         "valid, F-1 status and OPT work permission continue until 1 April of the following "
         "year (cap-gap).", "H-1B modernization rule, 89 FR 103054; 8 CFR 214.2(f)(5)(vi)",
         ECFR_214_2, CHECKED, "The candidate's clock"),
    # TN
    Fact("tn_professions", "tn", "USMCA Chapter 16, Appendix 2",
         "TN is open to Canadian and Mexican citizens in the professions on the USMCA list, "
         "each with its own minimum: usually a bachelor's degree in the field; a Computer "
         "Systems Analyst or Graphic Designer may instead have a post-secondary diploma and "
         "three years' experience; an Engineer needs an engineering degree or a state or "
         "provincial licence. No cap and no lottery.",
         "USMCA Chapter 16, Appendix 2; 8 CFR 214.6(c)", ECFR_214_6, CHECKED, "TN route"),
    # E-3, H-1B1
    Fact("e3_quota", "e-3", 10_500,
         "The E-3 has 10,500 visas a year, a limit practitioners report has never been reached.",
         "INA 214(g)(11)", E3_PAGE, CHECKED, "E-3 route", confidence="M"),
    Fact("h1b1_quota", "e-3", {"CL": 1_400, "SG": 5_400},
         "The H-1B1 has 1,400 places a year for Chileans and 5,400 for Singaporeans, taken "
         "from the 65,000, outside the lottery.", "INA 214(g)(8)", H1B_PAGE, CHECKED,
         "H-1B1 route"),
    Fact("consular_filing", "e-3", True,
         "From abroad, E-3 and H-1B1 applicants apply at a US consulate with the employer's "
         "certified labor condition application; no USCIS petition is needed.",
         "US Department of State, employment visas", STATE_DEPT, CHECKED, "E-3, H-1B1 routes, FAQ"),
    # O-1A
    Fact("o1_criteria", "o-1a", 3,
         "An O-1A needs a major award or at least 3 of the 8 listed kinds of evidence "
         "(awards, publications, judging, high pay ...); an employer or an agent files it.",
         "8 CFR 214.2(o)(3)(iii)", O1_PAGE, CHECKED, "O-1A route"),
    # Wages
    Fact("actual_or_prevailing", "wages", True,
         "An employer filing a labor condition application must pay the higher of the actual "
         "wage it pays similar staff and the prevailing wage.",
         "INA 212(n)(1)(A); 20 CFR 655.731", DOL_LCA, CHECKED, "FAQ, wage block"),
    Fact("lca_visas", "wages", ("H-1B", "H-1B1", "E-3"),
         "Labor condition applications, and so the public LCA disclosure files, cover the "
         "H-1B, H-1B1 and E-3.", "20 CFR 655 subpart H", DOL_LCA, CHECKED,
         "Evidence lines, FAQ"),
    Fact("level_percentiles", "wages", (17, 34, 50, 67),
         "The four prevailing-wage levels sit near the 17th, 34th, 50th and 67th percentiles.",
         "DOL FLAG wage data", FLAG, CHECKED, "Wage block", confidence="M",
         caveat="A DOL proposal of 27 March 2026 would raise every level; whether it is "
         "final is not confirmed."),
    Fact("acwia_wages", "wages", "EDC_Export.csv",
         "Institutions of higher education, their affiliated nonprofits and nonprofit or "
         "government research organizations use the ACWIA wage table, lower than the "
         "all-industries table.", "INA 212(p); 20 CFR 656.40(e)", ECFR_656_40, CHECKED,
         "Wage block on cap-exempt employers' jobs, import_wages"),
    # Green cards
    Fact("green_card_paths", "green-card", ("PERM", "EB-1", "EB-2 NIW"),
         "Most work green cards (EB-2, EB-3) start with the employer's labor certification "
         "(PERM); EB-1 and the EB-2 national interest waiver need none.",
         "INA 203(b); USCIS employment-based green cards", GREEN_CARD_PAGE, CHECKED,
         "Green-card route, FAQ"),
]  # fmt: skip

FACTS: dict[str, Fact] = {fact.key: fact for fact in _FACTS}


def value(key: str):
    return FACTS[key].value


def by_topic() -> list[tuple[str, list[Fact]]]:
    return [(name, [f for f in _FACTS if f.topic == topic]) for topic, name in TOPICS.items()]


def due_for_review(today: date) -> list[Fact]:
    return [fact for fact in _FACTS if fact.due_for_review(today)]
