"""The fixed vocabularies the site is built on: US states, visa types and the roles we list.

Rows for these live in the database (for foreign keys and the admin) and are created from
these lists by a data migration; filters read their choices from here without a query.
"""

from typing import NamedTuple


class StateDef(NamedTuple):
    code: str
    name: str

    @property
    def slug(self) -> str:
        return self.name.lower().replace(" ", "-")


class RoleDef(NamedTuple):
    name: str
    slug: str
    soc_code: str
    soc_title: str


class VisaDef(NamedTuple):
    code: str
    name: str
    description: str


STATES = [
    StateDef("AL", "Alabama"),
    StateDef("AK", "Alaska"),
    StateDef("AZ", "Arizona"),
    StateDef("AR", "Arkansas"),
    StateDef("CA", "California"),
    StateDef("CO", "Colorado"),
    StateDef("CT", "Connecticut"),
    StateDef("DE", "Delaware"),
    StateDef("DC", "District of Columbia"),
    StateDef("FL", "Florida"),
    StateDef("GA", "Georgia"),
    StateDef("HI", "Hawaii"),
    StateDef("ID", "Idaho"),
    StateDef("IL", "Illinois"),
    StateDef("IN", "Indiana"),
    StateDef("IA", "Iowa"),
    StateDef("KS", "Kansas"),
    StateDef("KY", "Kentucky"),
    StateDef("LA", "Louisiana"),
    StateDef("ME", "Maine"),
    StateDef("MD", "Maryland"),
    StateDef("MA", "Massachusetts"),
    StateDef("MI", "Michigan"),
    StateDef("MN", "Minnesota"),
    StateDef("MS", "Mississippi"),
    StateDef("MO", "Missouri"),
    StateDef("MT", "Montana"),
    StateDef("NE", "Nebraska"),
    StateDef("NV", "Nevada"),
    StateDef("NH", "New Hampshire"),
    StateDef("NJ", "New Jersey"),
    StateDef("NM", "New Mexico"),
    StateDef("NY", "New York"),
    StateDef("NC", "North Carolina"),
    StateDef("ND", "North Dakota"),
    StateDef("OH", "Ohio"),
    StateDef("OK", "Oklahoma"),
    StateDef("OR", "Oregon"),
    StateDef("PA", "Pennsylvania"),
    StateDef("RI", "Rhode Island"),
    StateDef("SC", "South Carolina"),
    StateDef("SD", "South Dakota"),
    StateDef("TN", "Tennessee"),
    StateDef("TX", "Texas"),
    StateDef("UT", "Utah"),
    StateDef("VT", "Vermont"),
    StateDef("VA", "Virginia"),
    StateDef("WA", "Washington"),
    StateDef("WV", "West Virginia"),
    StateDef("WI", "Wisconsin"),
    StateDef("WY", "Wyoming"),
]

# SOC codes from the 2018 Standard Occupational Classification, as used on LCA filings.
ROLES = [
    RoleDef("Software Engineer", "software-engineer", "15-1252", "Software Developers"),
    RoleDef(
        "Machine Learning Engineer",
        "machine-learning-engineer",
        "15-2051",
        "Data Scientists",
    ),
    RoleDef("Data Scientist", "data-scientist", "15-2051", "Data Scientists"),
    RoleDef(
        "Data Engineer",
        "data-engineer",
        "15-1243",
        "Database Architects",
    ),
    RoleDef(
        "Data Analyst",
        "data-analyst",
        "15-2041",
        "Statisticians",
    ),
    RoleDef(
        "Research Scientist",
        "research-scientist",
        "15-1221",
        "Computer and Information Research Scientists",
    ),
    RoleDef(
        "DevOps Engineer",
        "devops-engineer",
        "15-1244",
        "Network and Computer Systems Administrators",
    ),
    RoleDef(
        "Site Reliability Engineer",
        "site-reliability-engineer",
        "15-1252",
        "Software Developers",
    ),
    RoleDef(
        "Security Engineer",
        "security-engineer",
        "15-1212",
        "Information Security Analysts",
    ),
    RoleDef(
        "Frontend Engineer",
        "frontend-engineer",
        "15-1254",
        "Web Developers",
    ),
    RoleDef(
        "Mobile Engineer",
        "mobile-engineer",
        "15-1252",
        "Software Developers",
    ),
    RoleDef(
        "QA Engineer",
        "qa-engineer",
        "15-1253",
        "Software Quality Assurance Analysts and Testers",
    ),
    RoleDef(
        "Product Manager",
        "product-manager",
        "11-2021",
        "Marketing Managers",
    ),
    RoleDef(
        "Engineering Manager",
        "engineering-manager",
        "11-3021",
        "Computer and Information Systems Managers",
    ),
    RoleDef(
        "Solutions Architect",
        "solutions-architect",
        "15-1299",
        "Computer Occupations, All Other",
    ),
    RoleDef(
        "Database Administrator",
        "database-administrator",
        "15-1242",
        "Database Administrators",
    ),
    RoleDef(
        "Business Analyst",
        "business-analyst",
        "13-1111",
        "Management Analysts",
    ),
    RoleDef(
        "Financial Analyst",
        "financial-analyst",
        "13-2051",
        "Financial and Investment Analysts",
    ),
    RoleDef(
        "Electrical Engineer",
        "electrical-engineer",
        "17-2071",
        "Electrical Engineers",
    ),
    RoleDef(
        "Mechanical Engineer",
        "mechanical-engineer",
        "17-2141",
        "Mechanical Engineers",
    ),
    RoleDef(
        "UX Designer",
        "ux-designer",
        "15-1255",
        "Web and Digital Interface Designers",
    ),
]

VISA_TYPES = [
    VisaDef(
        "h-1b",
        "H-1B",
        "Specialty occupations; employer-sponsored, capped by lottery unless the employer is "
        "cap-exempt.",
    ),
    VisaDef("h-1b1", "H-1B1", "Specialty occupations for citizens of Chile and Singapore."),
    VisaDef("e-3", "E-3", "Specialty occupations for Australian citizens."),
    VisaDef("tn", "TN", "USMCA professionals from Canada and Mexico."),
    VisaDef("o-1a", "O-1A", "People with extraordinary ability in sciences, business, education."),
    VisaDef("l-1", "L-1", "Intracompany transfers from an office abroad."),
    VisaDef("f-1-opt", "F-1 OPT", "Work after study for F-1 students."),
    VisaDef("f-1-stem-opt", "F-1 STEM OPT", "The 24-month STEM extension of OPT."),
    VisaDef("j-1", "J-1", "Exchange visitors: researchers, trainees, interns."),
    VisaDef(
        "green-card",
        "Green card",
        "Permanent residence: through PERM for most EB-2/EB-3; EB-1 and EB-2 NIW without it.",
    ),
]

STATE_BY_SLUG = {state.slug: state for state in STATES}
ROLE_BY_SLUG = {role.slug: role for role in ROLES}
VISA_BY_CODE = {visa.code: visa for visa in VISA_TYPES}
