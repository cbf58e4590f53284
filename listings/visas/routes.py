"""The visa routes table: for a member's profile and a job, which routes fit, why, and what
stands in the way of the others.

Each route answers in two steps. `person` looks at the profile alone (citizenship, status,
degree, OPT dates) and either blocks the route or lets it through; `job` then looks at the
posting and the employer. A route that fits is OPEN, one the data cannot settle is CHECK, one
that cannot work is BLOCKED. For the "Open to my routes" filter each route also names the
job condition (`term`, listings.visas.terms) under which its `job` step answers OPEN, so the
filter runs as one SQL condition and never as a loop over jobs.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from listings.models.jobs import Job
from listings.taxonomy.vocabulary import H1B_TRANSFER, VISA_BY_CODE
from listings.visas import usmca
from listings.visas.profile import UNIVERSITY_DEGREES, JobFacts, Profile, Status
from listings.visas.terms import Term


class Verdict(StrEnum):
    OPEN = "open"
    CHECK = "check"
    BLOCKED = "blocked"


@dataclass(frozen=True)
class Answer:
    verdict: Verdict
    reason: str


def _open(reason: str) -> Answer:
    return Answer(Verdict.OPEN, reason)


def _check(reason: str) -> Answer:
    return Answer(Verdict.CHECK, reason)


def _blocked(reason: str) -> Answer:
    return Answer(Verdict.BLOCKED, reason)


@dataclass(frozen=True)
class Route:
    code: str
    name: str
    source: str
    source_url: str
    person: Callable[[Profile, date], Answer | None]  # None: the profile allows the route
    job: Callable[[Profile, JobFacts], Answer]
    term: Term | None  # None: left out of the filter (a lottery, or a bar about the person)


@dataclass(frozen=True)
class RouteAnswer:
    route: Route
    verdict: Verdict
    reason: str

    @property
    def fits(self) -> bool:
        return self.verdict != Verdict.BLOCKED

    @property
    def uncertain(self) -> bool:
        return self.verdict == Verdict.CHECK


def _degree(p: Profile) -> bool:
    return p.degree in UNIVERSITY_DEGREES


def _needs_degree(p: Profile, today: date) -> Answer | None:
    if _degree(p):
        return None
    return _blocked("It needs a bachelor's degree or higher, or the equivalent experience.")


def _petition(j: JobFacts, visa: str) -> Answer | None:
    """The posting refuses sponsorship, or offers it for other visas only (`visa`: the
    VisaType code this route files for)."""
    if j.sponsorship == Job.Sponsorship.REFUSED:
        return _blocked("The posting says the employer will not sponsor a visa.")
    # An open H-1B offer takes transfers too.
    allowed = {visa, "h-1b"} if visa == H1B_TRANSFER else {visa}
    if j.offer_limited_to and not j.offer_limited_to & allowed:
        names = ", ".join(sorted(_offer_name(code) for code in j.offer_limited_to))
        return _blocked(f"The posting offers sponsorship for {names} only.")
    return None


def _offer_name(code: str) -> str:
    return "an H-1B transfer" if code == H1B_TRANSFER else VISA_BY_CODE[code].name


def _citizen_of(countries: set[str], who: str) -> Callable[[Profile, date], Answer | None]:
    def person(p: Profile, today: date) -> Answer | None:
        if not p.citizenships & countries:
            return _blocked(f"Only for citizens of {who}.")
        return _needs_degree(p, today)

    return person


def _tn_job(p: Profile, j: JobFacts) -> Answer:
    profession = usmca.PROFESSIONS.get(j.role_slug)
    if profession is None:
        return _blocked(f"{j.role_name} is not one of the USMCA professions TN is open to.")
    if blocked := _petition(j, "tn"):
        return blocked
    if profession.certain:
        return _open(f"Fits the USMCA profession {profession.name}; no cap and no lottery.")
    return _open(
        f"May fit the USMCA profession {profession.name}: check with the employer that the "
        "duties and your degree match. No cap and no lottery."
    )


def _any_sponsor(visa: str, reason: str) -> Callable[[Profile, JobFacts], Answer]:
    def job(p: Profile, j: JobFacts) -> Answer:
        return _petition(j, visa) or _open(reason)

    return job


def _not_in_h1b(p: Profile, today: date) -> Answer | None:
    if p.status == Status.H1B:
        return _blocked("You are already in H-1B status: a transfer is your way in.")
    return _needs_degree(p, today)


def _only_in_h1b(p: Profile, today: date) -> Answer | None:
    if p.status != Status.H1B:
        return _blocked("Only for people already in H-1B status.")
    return None


def _cap_exempt_job(p: Profile, j: JobFacts) -> Answer:
    if not j.cap_exempt:
        return _blocked(f"{j.employer} is subject to the yearly H-1B cap.")
    return _petition(j, "h-1b") or _open(
        f"{j.employer} is cap-exempt, so it can file an H-1B in any month, without the lottery."
    )


def _cap_subject_job(p: Profile, j: JobFacts) -> Answer:
    if j.cap_exempt:
        return _blocked(f"{j.employer} is cap-exempt: no lottery needed (see above).")
    if blocked := _petition(j, "h-1b"):
        return blocked
    window = "The employer registers you in March; a weighted lottery picks who may file."
    if j.wage_level is None:
        return _open(f"{window} We cannot tell this job's wage level, so not your entries.")
    entries = max(j.wage_level, 1)
    return _open(f"{window} At this job's posted pay you would hold {entries} of 4 entries.")


def _opt_over(p: Profile, today: date) -> Answer | None:
    if p.opt_end is not None and p.opt_end < today:
        return _blocked(f"Your OPT ended on {p.opt_end:%B %-d, %Y}.")
    return None


def _opt_person(p: Profile, today: date) -> Answer | None:
    if p.status not in (Status.F1, Status.OPT):
        return _blocked("Only for F-1 students and graduates before their STEM extension.")
    return _opt_over(p, today)


def _students_shut_out(j: JobFacts) -> Answer | None:
    if j.accepts_opt is False:
        return _blocked("The posting says it does not take students on OPT.")
    return None


def _opt_job(p: Profile, j: JobFacts) -> Answer:
    if blocked := _students_shut_out(j):
        return blocked
    if j.sponsorship == Job.Sponsorship.REFUSED and j.accepts_opt:
        return _open("The posting will not sponsor a visa, but it welcomes students on OPT.")
    if p.status == Status.F1:
        return _open("Apply for post-completion OPT; it needs no employer petition.")
    until = f" until {p.opt_end:%B %-d, %Y}" if p.opt_end else ""
    return _open(f"You can work on your OPT card{until}, in a job related to your degree.")


def _stem_person(p: Profile, today: date) -> Answer | None:
    if p.status not in (Status.OPT, Status.STEM_OPT):
        return _blocked("Only for F-1 graduates on OPT or already on STEM OPT.")
    if not (p.stem and _degree(p)):
        return _blocked("It needs a bachelor's degree or higher in a STEM field.")
    if p.status == Status.STEM_OPT:
        return _opt_over(p, today)
    return None


def _stem_job(p: Profile, j: JobFacts) -> Answer:
    if blocked := _students_shut_out(j):
        return blocked
    if j.e_verify:
        return _open(f"{j.employer} uses E-Verify, which the STEM extension requires.")
    return _check(
        f"The STEM extension needs an employer enrolled in E-Verify; we do not know whether "
        f"{j.employer} is. Ask before you apply."
    )


def _anyone(p: Profile, today: date) -> Answer | None:
    return None


def _o1_job(p: Profile, j: JobFacts) -> Answer:
    return _petition(j, "o-1a") or _check(
        "No cap and no lottery, but you must show extraordinary ability: awards, "
        "publications, judging others' work, high pay. It depends on your record, not the job."
    )


USCIS = "https://www.uscis.gov/working-in-the-united-states"
ROUTES: list[Route] = [
    Route(
        "tn",
        "TN",
        usmca.SOURCE,
        usmca.SOURCE_URL,
        _citizen_of({"CA", "MX"}, "Canada and Mexico"),
        _tn_job,
        Term.TN_ROLE,
    ),
    Route(
        "e-3",
        "E-3",
        "INA 101(a)(15)(E)(iii); USCIS, E-3 specialty occupation workers from Australia",
        f"{USCIS}/temporary-workers/e-3-specialty-occupation-workers-from-australia",
        _citizen_of({"AU"}, "Australia"),
        _any_sponsor("e-3", "A yearly quota of 10,500 that has never run out; no lottery."),
        Term.SPONSORING,
    ),
    Route(
        "h-1b1",
        "H-1B1",
        "INA 101(a)(15)(H)(i)(b1); free trade agreements with Chile and Singapore",
        f"{USCIS}/h-1b-specialty-occupations",
        _citizen_of({"CL", "SG"}, "Chile and Singapore"),
        _any_sponsor("h-1b1", "Its own yearly quota, outside the H-1B lottery."),
        Term.SPONSORING,
    ),
    Route(
        "h-1b-transfer",
        "H-1B transfer",
        "INA 214(n) (H-1B portability); 8 CFR 214.2(h)(2)(i)(H)",
        f"{USCIS}/h-1b-specialty-occupations",
        _only_in_h1b,
        _any_sponsor(
            H1B_TRANSFER,
            "You have already been counted against the cap: a new employer can file at any "
            "time of year, and you may start once it has filed.",
        ),
        Term.SPONSORING,
    ),
    Route(
        "h-1b-cap-exempt",
        "Cap-exempt H-1B",
        "INA 214(g)(5); 8 CFR 214.2(h)(8)(iii)(F)",
        f"{USCIS}/h-1b-specialty-occupations",
        _not_in_h1b,
        _cap_exempt_job,
        Term.CAP_EXEMPT,
    ),
    Route(
        "h-1b-cap",
        "Cap-subject H-1B",
        "8 CFR 214.2(h)(8)(iii); DHS weighted-selection rule for H-1B registrations (from FY2027)",
        f"{USCIS}/temporary-workers/h-1b-specialty-occupations/h-1b-electronic-registration-process",
        _not_in_h1b,
        _cap_subject_job,
        None,
    ),
    Route(
        "opt",
        "OPT",
        "8 CFR 214.2(f)(10)(ii)",
        f"{USCIS}/students-and-exchange-visitors/optional-practical-training-opt-for-f-1-students",
        _opt_person,
        _opt_job,
        Term.EVERY,
    ),
    Route(
        "stem-opt",
        "STEM OPT",
        "8 CFR 214.2(f)(10)(ii)(C)",
        f"{USCIS}/students-and-exchange-visitors/optional-practical-training-extension-for-stem-students-stem-opt",
        _stem_person,
        _stem_job,
        Term.E_VERIFY,
    ),
    Route(
        "o-1a",
        "O-1A",
        "INA 101(a)(15)(O)(i); 8 CFR 214.2(o)",
        f"{USCIS}/temporary-workers/o-1-visa-individuals-with-extraordinary-ability-or-achievement",
        _anyone,
        _o1_job,
        None,
    ),
]


def answers(profile: Profile, job: JobFacts, today: date) -> list[RouteAnswer]:
    """Every route, in table order, with its verdict and reason for this person and job."""
    found = []
    for route in ROUTES:
        answer = route.person(profile, today) or route.job(profile, job)
        found.append(RouteAnswer(route, answer.verdict, answer.reason))
    return found


def profile_terms(profile: Profile, today: date) -> frozenset[Term]:
    """The job conditions under which some route the filter counts is OPEN for this person:
    a job is open to their routes when it meets any of them."""
    return frozenset(
        route.term
        for route in ROUTES
        if route.term is not None and route.person(profile, today) is None
    )


@dataclass(frozen=True)
class TermsOverTime:
    """A profile's terms today and after its OPT ends, for a saved alert that has to match
    tomorrow's jobs as well as today's."""

    now: frozenset[Term]
    later: frozenset[Term]
    change: date | None  # the last day `now` holds; None: no change ahead

    def on(self, day: date) -> frozenset[Term]:
        return self.now if self.change is None or day <= self.change else self.later


def terms_over_time(profile: Profile, today: date) -> TermsOverTime:
    now = profile_terms(profile, today)
    if profile.opt_end is None or profile.opt_end < today:
        return TermsOverTime(now, now, None)
    later = profile_terms(profile, profile.opt_end + timedelta(days=1))
    return TermsOverTime(now, later, profile.opt_end)
