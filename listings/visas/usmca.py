"""Our roles against the USMCA professions list, the occupations TN status is open to.

The list is Appendix 2 to Chapter 16 of the USMCA (the same list as NAFTA's Appendix
1603.D.1), which 8 CFR 214.6(c) applies. Each profession on it comes with its own minimum
credentials, which `credentials` reads against a member's profile. Border officers decide case
by case from the job offer letter, so where a role could sit under more than one profession,
or under one only when the duties and the degree line up, we say the match is uncertain and
tell the member to check with the employer.
"""

from typing import NamedTuple

from listings.visas.profile import UNIVERSITY_DEGREES, Degree, Profile

SOURCE = "USMCA Chapter 16, Appendix 2; 8 CFR 214.6(c)"
SOURCE_URL = "https://www.ecfr.gov/current/title-8/chapter-I/subchapter-B/part-214/section-214.6"
DIPLOMA_YEARS = 3  # Computer Systems Analyst, Graphic Designer: a diploma and 3 years' work
CONSULTANT_YEARS = 5  # Management Consultant: a degree, or 5 years' experience instead


class Profession(NamedTuple):
    name: str  # as the list names it
    minimum: str  # its credentials, in words
    certain: bool = False  # False: the duties decide, so the member should check
    code: str = ""  # its name in the search filter's terms (listings.visas.terms)

    def admits(self, p: Profile) -> bool | None:
        """True: the profile meets the minimum; None: only a licence we cannot see would;
        False: it does not."""
        degree = p.degree in UNIVERSITY_DEGREES
        if self is ENGINEER:
            return True if degree and p.stem else None
        if self in (ANALYST, DESIGNER):
            diploma = p.degree == Degree.ASSOCIATE and p.experience >= DIPLOMA_YEARS
            return degree or diploma
        if self is CONSULTANT:
            return degree or p.experience >= CONSULTANT_YEARS
        return degree


ENGINEER = Profession(
    "Engineer",
    "a bachelor's degree in engineering or a state or provincial engineering licence",
    code="engineer",
)
ANALYST = Profession(
    "Computer Systems Analyst",
    "a bachelor's degree, or a post-secondary diploma and three years' experience",
    code="analyst",
)
DESIGNER = Profession(
    "Graphic Designer",
    "a bachelor's degree, or a post-secondary diploma and three years' experience",
    code="designer",
)
MATHEMATICIAN = Profession(
    "Mathematician (including Statistician)", "a bachelor's degree", code="mathematician"
)
CONSULTANT = Profession(
    "Management Consultant",
    "a bachelor's degree, or five years' experience in consulting",
    code="consultant",
)
ALL = (ENGINEER, ANALYST, DESIGNER, MATHEMATICIAN, CONSULTANT)

# Roles left out (product and engineering managers, financial analysts) have no profession on
# the list that fits their usual duties. Electrical and mechanical engineers are plainly the
# Engineer profession; every other match depends on the duties.
PROFESSIONS: dict[str, tuple[Profession, ...]] = {
    "software-engineer": (ENGINEER, ANALYST),
    "machine-learning-engineer": (ENGINEER, ANALYST),
    "mobile-engineer": (ENGINEER, ANALYST),
    "site-reliability-engineer": (ENGINEER, ANALYST),
    "devops-engineer": (ANALYST,),
    "data-engineer": (ANALYST,),
    "database-administrator": (ANALYST,),
    "security-engineer": (ANALYST,),
    "frontend-engineer": (ANALYST,),
    "qa-engineer": (ANALYST,),
    "solutions-architect": (ENGINEER, ANALYST),
    "data-scientist": (MATHEMATICIAN,),
    "data-analyst": (MATHEMATICIAN,),
    "research-scientist": (MATHEMATICIAN, ANALYST),
    "business-analyst": (CONSULTANT,),
    "ux-designer": (DESIGNER,),
    "electrical-engineer": (ENGINEER,),
    "mechanical-engineer": (ENGINEER,),
}
CERTAIN = {"electrical-engineer", "mechanical-engineer"}


def could_qualify(p: Profile) -> bool:
    """Whether the profile meets the loosest minimum on the list we use."""
    degree = p.degree in UNIVERSITY_DEGREES
    diploma = p.degree == Degree.ASSOCIATE and p.experience >= DIPLOMA_YEARS
    return degree or diploma or p.experience >= CONSULTANT_YEARS


def names(professions: tuple[Profession, ...]) -> str:
    return ", or ".join(profession.name for profession in professions)
