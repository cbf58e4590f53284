"""The visa routes table: for a member's profile and a job, which routes fit, why, and what
stands in the way of the others.

Each route answers in two steps. `person` looks at the profile alone (citizenship, status,
degree and experience, OPT dates) and blocks the route, lets it through (None), or lets it
through with a caveat (CHECK: the $100,000 payment for people abroad, a degree shown by
experience); `job` then looks at the posting and the employer. A route that fits is OPEN, one
the data cannot settle is CHECK, one that cannot work is BLOCKED. For the "Open to my routes"
filter each route also names the job condition (`term`, listings.visas.terms) under which its
`job` step answers OPEN, so the filter runs as one SQL condition and never as a loop over
jobs. Every number and date of a rule in the reasons comes from the facts table
(listings.visas.facts); an employer's filings counted come from the government records, read
with the job (JobFacts).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from listings.models.jobs import Job
from listings.taxonomy.vocabulary import H1B_TRANSFER, VISA_BY_CODE
from listings.visas import facts, usmca
from listings.visas.facts import FACTS
from listings.visas.profile import UNIVERSITY_DEGREES, Degree, JobFacts, Profile, Status
from listings.visas.terms import OFFERS_FOR, Term, tn_terms


class Verdict(StrEnum):
    OPEN = "open"
    CHECK = "check"
    BLOCKED = "blocked"


@dataclass(frozen=True)
class Answer:
    verdict: Verdict
    reason: str
    link: tuple[str, str] | None = None  # (label, url) the reason sends the member to


def _open(reason: str) -> Answer:
    return Answer(Verdict.OPEN, reason)


def _check(reason: str, link: tuple[str, str] | None = None) -> Answer:
    return Answer(Verdict.CHECK, reason, link)


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
    # The job conditions the search filter keeps for it, the same for everyone or read from
    # the person; None: left out of the filter (a lottery, or a bar about the person).
    term: Term | Callable[[Profile], frozenset[Term]] | None
    no_lottery: bool = False  # a way to work on after OPT without the H-1B lottery


@dataclass(frozen=True)
class RouteAnswer:
    route: Route
    verdict: Verdict
    reason: str
    link: tuple[str, str] | None = None

    @property
    def fits(self) -> bool:
        return self.verdict != Verdict.BLOCKED

    @property
    def uncertain(self) -> bool:
        return self.verdict == Verdict.CHECK


def _day(day: date) -> str:
    return f"{day:%B %-d, %Y}"


def _both(*found: Answer | None) -> Answer | None:
    """The first bar among the answers, else their caveats together, else None."""
    found = [answer for answer in found if answer is not None]
    if blocked := [a for a in found if a.verdict == Verdict.BLOCKED]:
        return blocked[0]
    if not found:
        return None
    link = next((a.link for a in found if a.link), None)
    return _check(" ".join(a.reason for a in found), link)


# The person's side: degree, citizenship, status.
def _degree(p: Profile) -> bool:
    return p.degree in UNIVERSITY_DEGREES


def _needs_degree(p: Profile, today: date) -> Answer | None:
    """A bachelor's, or three years of work for each year of university missing."""
    if _degree(p):
        return None
    per_year = facts.value("degree_equivalence_years")
    needed = per_year * (2 if p.degree == Degree.ASSOCIATE else 4)
    if p.experience >= needed:
        return _check(
            f"Your {p.experience} years' experience can stand for a bachelor's degree "
            f"({per_year} years of work for each year of university missing): the employer "
            "needs a credentials evaluation that says so."
        )
    return _blocked(
        "It needs a bachelor's degree or higher, or the equivalent experience: "
        f"{per_year} years of work for each year of university missing ({needed} years for "
        f"you; your profile says {p.experience})."
    )


def payment_note() -> Answer:
    fact = FACTS["payment_100k"]
    return _check(
        f"New H-1B petitions for people outside the US without a valid H-1B visa have needed "
        f"a ${fact.value:,} payment from the employer since "
        f"{_day(facts.value('payment_effective'))}, cap-exempt employers included. It is "
        f"in litigation and may have changed: we last checked on {_day(fact.checked)}.",
        ("USCIS H-1B page", fact.url),
    )


def _abroad(p: Profile) -> Answer | None:
    return payment_note() if p.abroad else None


def _citizen_of(countries: set[str], who: str) -> Callable[[Profile, date], Answer | None]:
    def person(p: Profile, today: date) -> Answer | None:
        if not p.citizenships & countries:
            return _blocked(f"Only for citizens of {who}.")
        return _needs_degree(p, today)

    return person


def _tn_person(p: Profile, today: date) -> Answer | None:
    if not p.citizenships & {"CA", "MX"}:
        return _blocked("Only for citizens of Canada and Mexico.")
    if not usmca.could_qualify(p):
        return _blocked(
            "TN professions need a bachelor's degree, or for a few a post-secondary diploma "
            "and three years' experience."
        )
    return None


def _cap_counted(p: Profile) -> bool:
    """Whether an H-1B holder's cap count carries over; unsaid counts as carried over, so
    the transfer route (with its question) is the one shown."""
    return p.counted is not False


def _h1b_person(p: Profile, today: date) -> Answer | None:
    if p.status == Status.H1B and _cap_counted(p):
        return _blocked("You are already in H-1B status: a transfer is your way in.")
    return _both(_needs_degree(p, today), _abroad(p))


def _exempt_person(p: Profile, today: date) -> Answer | None:
    if p.status == Status.H1B:
        return _blocked("You are already in H-1B status: a transfer is your way in.")
    return _both(_needs_degree(p, today), _abroad(p))


def _transfer_person(p: Profile, today: date) -> Answer | None:
    if p.status != Status.H1B:
        return _blocked("Only for people already in H-1B status.")
    if p.counted is None:
        return _check(
            "Only if you were counted against the H-1B cap before (time with cap-exempt "
            "employers does not count): answer that question in your visa profile."
        )
    return None


# The job's side.
def _petition(j: JobFacts, route: str) -> Answer | None:
    if j.sponsorship == Job.Sponsorship.REFUSED:
        return _blocked("The posting says the employer will not sponsor a visa.")
    if j.offer_limited_to and not j.offer_limited_to & _OFFERS_FOR.get(route, set()):
        names = " and ".join(sorted(_offer_name(code) for code in j.offer_limited_to))
        return _blocked(f"The posting offers sponsorship for {names} only.")
    if j.green_card_only:
        return _check(
            f"The posting offers a green card only: ask whether {j.employer} would support "
            f"{route} too."
        )
    return None


# The limited offers (Job.offer_limited_to) each route's petition fits, as the filter reads
# them (terms.OFFERS_FOR); an H-1B offer takes transfers too.
_OFFERS_FOR = {
    "a TN": set(OFFERS_FOR[Term.TN_ROLE]),
    "an E-3": set(OFFERS_FOR[Term.E3]),
    "an H-1B1": set(OFFERS_FOR[Term.H1B1]),
    "an H-1B transfer": set(OFFERS_FOR[Term.TRANSFER]),
    "an H-1B": set(OFFERS_FOR[Term.CAP_EXEMPT]),
    "an O-1A": {"o-1a"},
}


def _offer_name(code: str) -> str:
    return "an H-1B transfer" if code == H1B_TRANSFER else VISA_BY_CODE[code].name


def _tn_job(p: Profile, j: JobFacts) -> Answer:
    professions = usmca.PROFESSIONS.get(j.role_slug)
    if professions is None:
        return _blocked(f"{j.role_name} is not one of the USMCA professions TN is open to.")
    if stop := _petition(j, "a TN"):
        return stop
    admitted = [pr for pr in professions if pr.admits(p)]
    licence = [pr for pr in professions if pr.admits(p) is None]
    if not admitted and not licence:
        needs = "; ".join(f"{pr.name} needs {pr.minimum}" for pr in professions)
        return _blocked(f"Your profile does not meet the profession's minimum: {needs}.")
    if not admitted:
        return _check(
            f"Only with a state or provincial engineering licence: the USMCA profession "
            f"{usmca.ENGINEER.name} needs {usmca.ENGINEER.minimum}. No cap and no lottery."
        )
    name = usmca.names(tuple(admitted))
    if j.role_slug in usmca.CERTAIN:
        return _open(
            f"Fits the USMCA profession {name} if your degree is in engineering; no cap and "
            "no lottery."
        )
    return _open(
        f"May fit the USMCA profession {name}: check with the employer that the duties and "
        "your credentials match. No cap and no lottery."
    )


def _sponsor(route: str, reason: str) -> Callable[[Profile, JobFacts], Answer]:
    def job(p: Profile, j: JobFacts) -> Answer:
        return _petition(j, route) or _open(reason)

    return job


def _transfer_job(p: Profile, j: JobFacts) -> Answer:
    if stop := _petition(j, "an H-1B transfer"):
        return stop
    start = "you may start once it has filed, if you are in the US in H-1B status."
    if p.counted is False and not j.cap_exempt:
        return _blocked(
            f"You have only worked for cap-exempt employers, so you were never counted "
            f"against the cap: {j.employer} is cap-subject and needs the lottery."
        )
    if p.counted is False:
        return _open(
            f"{j.employer} is cap-exempt too: it can file at any time of year, and {start}"
        )
    return _open(
        f"You have been counted against the cap: {j.employer} can file at any time of year, "
        f"and {start}"
    )


def _transfer_terms(p: Profile) -> frozenset[Term]:
    """Someone in H-1B status never counted against the cap can only transfer to a cap-exempt
    employer (_transfer_job)."""
    return frozenset({Term.TRANSFER_CAP_EXEMPT if p.counted is False else Term.TRANSFER})


def _cap_exempt_job(p: Profile, j: JobFacts) -> Answer:
    if not j.cap_exempt:
        return _blocked(f"{j.employer} is subject to the yearly H-1B cap.")
    return _petition(j, "an H-1B") or _open(
        f"{j.employer} is cap-exempt, so it can file an H-1B in any month, without the lottery."
    )


def _cap_subject_job(p: Profile, j: JobFacts) -> Answer:
    if j.cap_exempt:
        return _blocked(f"{j.employer} is cap-exempt: no lottery needed (see above).")
    if stop := _petition(j, "an H-1B"):
        return stop
    window = "The employer registers you in March; a weighted lottery picks who may file."
    if j.wage_level is None:
        return _open(f"{window} We cannot tell this job's wage level, so not your entries.")
    entries = facts.value("weighted_entries")[j.wage_level]
    return _open(
        f"{window} At this job's posted pay you would hold up to {entries} of 4 entries, if "
        "it registers you at that level (several worksites count at the lowest)."
    )


def _opt_over(p: Profile, today: date) -> Answer | None:
    if p.opt_end is not None and p.opt_end < today:
        return _blocked(f"Your OPT ended on {_day(p.opt_end)}.")
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
    if stop := _students_shut_out(j):
        return stop
    if j.sponsorship == Job.Sponsorship.REFUSED and j.accepts_opt:
        return _open("The posting will not sponsor a visa, but it welcomes students on OPT.")
    if p.status == Status.F1:
        return _open("Apply for post-completion OPT; it needs no employer petition.")
    until = f" until {_day(p.opt_end)}" if p.opt_end else ""
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
    if stop := _students_shut_out(j):
        return stop
    if j.e_verify:
        evidence = f" ({j.e_verify_evidence})" if j.e_verify_evidence else ""
        return _open(f"{j.employer} uses E-Verify{evidence}, which the STEM extension requires.")
    return _check(
        f"The STEM extension needs an employer enrolled in E-Verify: check whether "
        f"{j.employer} is before you apply."
    )


def _anyone(p: Profile, today: date) -> Answer | None:
    return None


def _o1_job(p: Profile, j: JobFacts) -> Answer:
    return _petition(j, "an O-1A") or _check(
        "No cap and no lottery, but you must show extraordinary ability: a major award or 3 "
        "of 8 kinds of evidence (awards, publications, judging others' work, high pay). It "
        "depends on your record, not the job."
    )


def _perm_record(j: JobFacts) -> str:
    """ "Acme had 4 PERM certifications for this occupation in FY2026", or "" for none."""
    if not j.occupation_perms or j.occupation_perm_year is None:
        return ""
    plural = "s" if j.occupation_perms != 1 else ""
    return (
        f"{j.employer} had {j.occupation_perms:,} PERM certification{plural} for this "
        f"occupation in FY{j.occupation_perm_year}"
    )


def _green_card_job(p: Profile, j: JobFacts) -> Answer:
    if j.sponsorship == Job.Sponsorship.REFUSED:
        return _blocked("The posting says the employer will not sponsor a visa.")
    record = _perm_record(j)
    if "green-card" not in j.visa_codes:
        if record:
            return _check(
                f"The posting does not mention a green card, but {record} (labor "
                "certifications, the first step of most employment green cards): ask whether "
                "it would sponsor yours."
            )
        return _blocked("The posting does not offer a green card: ask the employer.")
    return _open(
        f"{j.employer} offers to sponsor a green card. Most start with its labor "
        "certification (PERM) and take years; EB-1 and the EB-2 national interest waiver "
        f"need no PERM.{f' {record}.' if record else ''}"
    )


def _quota(code: str) -> str:
    return f"{facts.value(code):,}"


CONSULAR = (
    "From abroad you apply at a US consulate with the employer's certified labor condition "
    "application, with no USCIS petition."
)
ROUTES: list[Route] = [
    Route("tn", "TN", usmca.SOURCE, usmca.SOURCE_URL, _tn_person, _tn_job, tn_terms, True),
    Route(
        "e-3",
        "E-3",
        "INA 101(a)(15)(E)(iii); USCIS, E-3 specialty occupation workers from Australia",
        facts.E3_PAGE,
        _citizen_of({"AU"}, "Australia"),
        _sponsor(
            "an E-3",
            f"A yearly quota of {_quota('e3_quota')} that practitioners report has never been "
            f"reached; no lottery. "
            f"{CONSULAR}",
        ),
        Term.E3,
        True,
    ),
    Route(
        "h-1b1",
        "H-1B1",
        "INA 101(a)(15)(H)(i)(b1); free trade agreements with Chile and Singapore",
        facts.H1B_PAGE,
        _citizen_of({"CL", "SG"}, "Chile and Singapore"),
        _sponsor(
            "an H-1B1",
            f"Its own yearly quota ({facts.value('h1b1_quota')['CL']:,} for Chile, "
            f"{facts.value('h1b1_quota')['SG']:,} for Singapore), outside the H-1B lottery. "
            f"{CONSULAR}",
        ),
        Term.H1B1,
        True,
    ),
    Route(
        "h-1b-transfer",
        "H-1B transfer",
        "INA 214(n) (H-1B portability), 214(g)(6); 8 CFR 214.2(h)(2)(i)(H)",
        facts.H1B_PAGE,
        _transfer_person,
        _transfer_job,
        _transfer_terms,
        True,
    ),
    Route(
        "h-1b-cap-exempt",
        "Cap-exempt H-1B",
        "INA 214(g)(5); 8 CFR 214.2(h)(8)(iii)(F)",
        facts.H1B_PAGE,
        _exempt_person,
        _cap_exempt_job,
        Term.CAP_EXEMPT,
        True,
    ),
    Route(
        "h-1b-cap",
        "Cap-subject H-1B",
        "8 CFR 214.2(h)(8)(iii); DHS weighted-selection rule for H-1B registrations (from FY2027)",
        facts.REGISTRATION_PAGE,
        _h1b_person,
        _cap_subject_job,
        None,
    ),
    Route("opt", "OPT", "8 CFR 214.2(f)(10)(ii)", facts.OPT_PAGE, _opt_person, _opt_job, Term.OPT),
    Route(
        "stem-opt",
        "STEM OPT",
        "8 CFR 214.2(f)(10)(ii)(C)",
        facts.STEM_PAGE,
        _stem_person,
        _stem_job,
        Term.STEM_OPT,
    ),
    Route(
        "o-1a",
        "O-1A",
        "INA 101(a)(15)(O)(i); 8 CFR 214.2(o)",
        facts.O1_PAGE,
        _anyone,
        _o1_job,
        None,
    ),
    Route(
        "green-card",
        "Green card",
        "INA 203(b); 20 CFR 656 (PERM)",
        facts.GREEN_CARD_PAGE,
        _anyone,
        _green_card_job,
        None,
    ),
]


def _answer(route: Route, profile: Profile, job: JobFacts, today: date) -> Answer:
    person = route.person(profile, today)
    if person is not None and person.verdict == Verdict.BLOCKED:
        return person
    found = route.job(profile, job)
    if person is None or found.verdict == Verdict.BLOCKED:
        return found
    return _both(person, found)


def answers(profile: Profile, job: JobFacts, today: date) -> list[RouteAnswer]:
    """Every route, in table order, with its verdict and reason for this person and job."""
    found = []
    for route in ROUTES:
        answer = _answer(route, profile, job, today)
        found.append(RouteAnswer(route, answer.verdict, answer.reason, answer.link))
    return found


def needs_no_lottery(profile: Profile, job: JobFacts, today: date) -> bool:
    """Whether a route that lasts past OPT and skips the lottery fits this job."""
    return any(a.fits for a in answers(profile, job, today) if a.route.no_lottery)


def _allows(route: Route, profile: Profile, today: date) -> bool:
    person = route.person(profile, today)
    return person is None or person.verdict != Verdict.BLOCKED


def _terms(route: Route, profile: Profile) -> frozenset[Term]:
    if route.term is None:
        return frozenset()
    return route.term(profile) if callable(route.term) else frozenset({route.term})


def profile_terms(profile: Profile, today: date) -> frozenset[Term]:
    """The job conditions under which some route the filter counts fits this person: a job
    is open to their routes when it meets any of them."""
    return frozenset().union(
        *(_terms(route, profile) for route in ROUTES if _allows(route, profile, today))
    )


def no_lottery_terms(profile: Profile, today: date) -> frozenset[Term]:
    """The same, for the routes that need no lottery and outlast OPT: what "No lottery
    needed" keeps. It does not change when OPT ends, so alerts store it once."""
    return frozenset().union(
        *(
            _terms(route, profile)
            for route in ROUTES
            if route.no_lottery and _allows(route, profile, today)
        )
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
