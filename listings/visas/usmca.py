"""Our roles against the USMCA professions list, the occupations TN status is open to.

The list is Appendix 2 to Chapter 16 of the USMCA (the same list as NAFTA's Appendix
1603.D.1), which 8 CFR 214.6(c) applies. Each profession on it comes with its own minimum
(usually a bachelor's or licenciatura degree in the field). Border officers decide case by
case from the job offer letter, so where a role could sit under more than one profession, or
under one only when the duties and the degree line up, we say the match is uncertain and tell
the member to check with the employer.
"""

from typing import NamedTuple

SOURCE = "USMCA Chapter 16, Appendix 2; 8 CFR 214.6(c)"
SOURCE_URL = "https://www.ecfr.gov/current/title-8/chapter-I/subchapter-B/part-214/section-214.6"


class Profession(NamedTuple):
    name: str  # as the list names it
    certain: bool  # False: the duties or the degree decide, so the member should check


ENGINEER_OR_ANALYST = Profession("Engineer, or Computer Systems Analyst", certain=False)
ANALYST = Profession("Computer Systems Analyst", certain=False)

# Roles left out (product and engineering managers, financial analysts) have no profession on
# the list that fits their usual duties.
PROFESSIONS: dict[str, Profession] = {
    "software-engineer": ENGINEER_OR_ANALYST,
    "machine-learning-engineer": ENGINEER_OR_ANALYST,
    "mobile-engineer": ENGINEER_OR_ANALYST,
    "site-reliability-engineer": ENGINEER_OR_ANALYST,
    "devops-engineer": ANALYST,
    "data-engineer": ANALYST,
    "database-administrator": ANALYST,
    "security-engineer": ANALYST,
    "frontend-engineer": ANALYST,
    "qa-engineer": ANALYST,
    "solutions-architect": ENGINEER_OR_ANALYST,
    "data-scientist": Profession("Mathematician (including Statistician)", certain=False),
    "data-analyst": Profession("Mathematician (including Statistician)", certain=False),
    "research-scientist": Profession(
        "Mathematician (including Statistician), or Computer Systems Analyst", certain=False
    ),
    "business-analyst": Profession("Management Consultant", certain=False),
    "ux-designer": Profession("Graphic Designer", certain=False),
    "electrical-engineer": Profession("Engineer", certain=True),
    "mechanical-engineer": Profession("Engineer", certain=True),
}
