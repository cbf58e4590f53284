"""The route rules, case by case: citizenship x status x degree x employer x posting, each with
the routes a member is shown and the reason one of them gives."""

from datetime import date

import pytest

from listings.visas.profile import JobFacts, Profile
from listings.visas.routes import Verdict, answers, terms_over_time
from listings.visas.terms import Term

TODAY = date(2026, 11, 28)


def person(citizenships="IN", status="other", degree="bachelor", stem=False, opt_end=None, **more):
    return Profile(frozenset(citizenships.split()), status, degree, stem, opt_end, **more)


def job(role="software-engineer", sponsorship="stated", exempt=False, e_verify=False, wage=None):
    name = role.replace("-", " ").title()
    return JobFacts(role, name, "Acme Labs", sponsorship, exempt, e_verify, wage)


SOON, PAST = date(2027, 3, 1), date(2026, 10, 1)

# (case, profile, job, routes shown as "code:verdict", (route, words its reason contains))
CASES = [
    (
        "ca-swe",
        person("CA"),
        job(),
        "tn:open h-1b-cap:open o-1a:check",
        ("tn", "check with the employer"),
    ),
    (
        "ca-electrical",
        person("CA", stem=True),
        job("electrical-engineer"),
        "tn:open h-1b-cap:open o-1a:check",
        ("tn", "Fits the USMCA profession Engineer"),
    ),
    (
        "mx-mechanical",
        person("MX", degree="master", stem=True),
        job("mechanical-engineer"),
        "tn:open h-1b-cap:open o-1a:check",
        ("tn", "no lottery"),
    ),
    (
        "ca-product-manager",
        person("CA"),
        job("product-manager"),
        "h-1b-cap:open o-1a:check",
        ("tn", "not one of the USMCA professions"),
    ),
    (
        "ca-no-degree",
        person("CA", degree="none"),
        job("electrical-engineer"),
        "o-1a:check",
        ("tn", "bachelor's degree"),
    ),
    (
        "ca-refused",
        person("CA"),
        job("electrical-engineer", "refused"),
        "",
        ("tn", "will not sponsor"),
    ),
    (
        "ca-silent",
        person("CA", stem=True),
        job("electrical-engineer", "silent"),
        "tn:open h-1b-cap:open o-1a:check",
        ("tn", "Engineer"),
    ),
    (
        "ca-cap-exempt",
        person("CA", stem=True),
        job("electrical-engineer", exempt=True),
        "tn:open h-1b-cap-exempt:open o-1a:check",
        ("h-1b-cap-exempt", "any month"),
    ),
    (
        "ca-au-data-scientist",
        person("CA AU"),
        job("data-scientist"),
        "tn:open e-3:open h-1b-cap:open o-1a:check",
        ("tn", "Mathematician"),
    ),
    (
        "mx-ux",
        person("MX"),
        job("ux-designer"),
        "tn:open h-1b-cap:open o-1a:check",
        ("tn", "Graphic Designer"),
    ),
    (
        "mx-financial",
        person("MX"),
        job("financial-analyst"),
        "h-1b-cap:open o-1a:check",
        ("tn", "not one of the USMCA professions"),
    ),
    (
        "ca-business-analyst",
        person("CA"),
        job("business-analyst"),
        "tn:open h-1b-cap:open o-1a:check",
        ("tn", "Management Consultant"),
    ),
    (
        "ca-in-tn",
        person("CA", status="tn", stem=True),
        job("mechanical-engineer"),
        "tn:open h-1b-cap:open o-1a:check",
        ("tn", "no cap"),
    ),
    (
        "in-no-tn",
        person("IN"),
        job("electrical-engineer"),
        "h-1b-cap:open o-1a:check",
        ("tn", "citizens of Canada and Mexico"),
    ),
    ("au", person("AU"), job(), "e-3:open h-1b-cap:open o-1a:check", ("e-3", "10,500")),
    (
        "au-no-degree",
        person("AU", degree="associate"),
        job(),
        "o-1a:check",
        ("e-3", "bachelor's degree"),
    ),
    ("au-refused", person("AU"), job(sponsorship="refused"), "", ("e-3", "will not sponsor")),
    (
        "au-in-h1b-exempt",
        person("AU", status="h-1b", counted=True),
        job(exempt=True),
        "e-3:open h-1b-transfer:open o-1a:check",
        ("h-1b-cap-exempt", "already in H-1B"),
    ),
    ("nz-no-e3", person("NZ"), job(), "h-1b-cap:open o-1a:check", ("e-3", "Australia")),
    (
        "cl",
        person("CL"),
        job(),
        "h-1b1:open h-1b-cap:open o-1a:check",
        ("h-1b1", "outside the H-1B lottery"),
    ),
    (
        "sg-exempt",
        person("SG", degree="master"),
        job(exempt=True),
        "h-1b1:open h-1b-cap-exempt:open o-1a:check",
        ("h-1b-cap", "cap-exempt: no lottery"),
    ),
    (
        "sg-associate",
        person("SG", degree="associate"),
        job(),
        "o-1a:check",
        ("h-1b1", "bachelor's degree"),
    ),
    ("sg-refused", person("SG"), job(sponsorship="refused"), "", ("h-1b1", "will not sponsor")),
    (
        "in-h1b",
        person(status="h-1b", counted=True),
        job(),
        "h-1b-transfer:open o-1a:check",
        ("h-1b-transfer", "any time of year"),
    ),
    (
        "in-h1b-not-cap",
        person(status="h-1b", counted=True),
        job(),
        "h-1b-transfer:open o-1a:check",
        ("h-1b-cap", "already in H-1B status"),
    ),
    (
        "in-h1b-exempt",
        person(status="h-1b", counted=True),
        job(exempt=True),
        "h-1b-transfer:open o-1a:check",
        ("h-1b-transfer", "been counted against the cap"),
    ),
    (
        "in-h1b-refused",
        person(status="h-1b", counted=True),
        job(sponsorship="refused"),
        "",
        ("h-1b-transfer", "will not sponsor"),
    ),
    (
        "not-h1b-no-transfer",
        person(),
        job(),
        "h-1b-cap:open o-1a:check",
        ("h-1b-transfer", "already in H-1B status"),
    ),
    (
        "cap-level-3",
        person(),
        job(wage=3),
        "h-1b-cap:open o-1a:check",
        ("h-1b-cap", "3 of 4 entries"),
    ),
    (
        "cap-below-level-1",
        person(),
        job(wage=0),
        "h-1b-cap:open o-1a:check",
        ("h-1b-cap", "1 of 4 entries"),
    ),
    (
        "cap-level-4",
        person(),
        job(wage=4),
        "h-1b-cap:open o-1a:check",
        ("h-1b-cap", "4 of 4 entries"),
    ),
    (
        "cap-wage-unknown",
        person(),
        job(),
        "h-1b-cap:open o-1a:check",
        ("h-1b-cap", "cannot tell this job's wage level"),
    ),
    (
        "cap-registration",
        person(),
        job(wage=2),
        "h-1b-cap:open o-1a:check",
        ("h-1b-cap", "registers you in March"),
    ),
    (
        "exempt-no-lottery",
        person(),
        job(exempt=True),
        "h-1b-cap-exempt:open o-1a:check",
        ("h-1b-cap-exempt", "without the lottery"),
    ),
    (
        "subject-employer",
        person(),
        job(),
        "h-1b-cap:open o-1a:check",
        ("h-1b-cap-exempt", "subject to the yearly H-1B cap"),
    ),
    ("no-degree", person(degree="none"), job(), "o-1a:check", ("h-1b-cap", "bachelor's degree")),
    (
        "f1-no-degree-yet",
        person(status="f-1", degree="none"),
        job(),
        "opt:open o-1a:check",
        ("opt", "post-completion OPT"),
    ),
    (
        "f1-bachelor",
        person(status="f-1"),
        job(),
        "h-1b-cap:open opt:open o-1a:check",
        ("opt", "no employer petition"),
    ),
    (
        "f1-stem-not-yet",
        person(status="f-1", stem=True),
        job(e_verify=True),
        "h-1b-cap:open opt:open o-1a:check",
        ("stem-opt", "on OPT or already on STEM OPT"),
    ),
    (
        "opt-until",
        person(status="opt", opt_end=SOON),
        job(),
        "h-1b-cap:open opt:open o-1a:check",
        ("opt", "until March 1, 2027"),
    ),
    (
        "opt-ended",
        person(status="opt", opt_end=PAST),
        job(),
        "h-1b-cap:open o-1a:check",
        ("opt", "ended on October 1, 2026"),
    ),
    (
        "opt-refused",
        person(status="opt"),
        job(sponsorship="refused"),
        "opt:open",
        ("h-1b-cap", "will not sponsor"),
    ),
    (
        "opt-not-stem",
        person(status="opt"),
        job(e_verify=True),
        "h-1b-cap:open opt:open o-1a:check",
        ("stem-opt", "in a STEM field"),
    ),
    (
        "opt-stem-e-verify",
        person(status="opt", stem=True),
        job(e_verify=True),
        "h-1b-cap:open opt:open stem-opt:open o-1a:check",
        ("stem-opt", "uses E-Verify"),
    ),
    (
        "opt-stem-unknown",
        person(status="opt", stem=True),
        job(),
        "h-1b-cap:open opt:open stem-opt:check o-1a:check",
        ("stem-opt", "check whether Acme Labs is"),
    ),
    (
        "opt-stem-associate",
        person(status="opt", degree="associate", stem=True),
        job(e_verify=True),
        "opt:open o-1a:check",
        ("stem-opt", "bachelor's degree or higher in a STEM field"),
    ),
    (
        "stem-opt-refused",
        person(status="stem-opt", stem=True, opt_end=SOON),
        job(sponsorship="refused", e_verify=True),
        "stem-opt:open",
        ("opt", "STEM extension"),
    ),
    (
        "stem-opt-ended",
        person(status="stem-opt", stem=True, opt_end=PAST),
        job(e_verify=True),
        "h-1b-cap:open o-1a:check",
        ("stem-opt", "ended on October 1, 2026"),
    ),
    (
        "l1",
        person("DE", status="l-1"),
        job(),
        "h-1b-cap:open o-1a:check",
        ("o-1a", "extraordinary ability"),
    ),
    (
        "o1-refused",
        person("FR", status="o-1"),
        job(sponsorship="refused"),
        "",
        ("o-1a", "will not sponsor"),
    ),
]


def shown(found) -> list[str]:
    return sorted(f"{a.route.code}:{a.verdict}" for a in found if a.fits)


def test_the_table_has_forty_cases_or_more():
    assert len(CASES) >= 40
    assert len({case[0] for case in CASES}) == len(CASES)


@pytest.mark.parametrize(("profile", "facts", "expected", "reason"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_routes_shown_and_their_reasons(profile, facts, expected, reason):
    found = answers(profile, facts, TODAY)
    assert shown(found) == sorted(expected.split())
    code, words = reason
    [answer] = [a for a in found if a.route.code == code]
    assert words in answer.reason, answer.reason


def test_every_route_names_its_source():
    found = answers(person("CA"), job(), TODAY)
    assert len(found) == 10
    for answer in found:
        assert answer.route.source and answer.route.source_url.startswith("https://")


def test_opt_terms_change_the_day_after_opt_ends():
    over_time = terms_over_time(person(status="opt", stem=True, opt_end=SOON), TODAY)
    assert Term.OPT in over_time.on(SOON)
    assert Term.OPT not in over_time.on(date(2027, 3, 2))
    assert Term.STEM_OPT in over_time.on(date(2027, 3, 2))  # the STEM extension goes on
    assert over_time.on(date(2027, 3, 2)) == over_time.later


def test_a_check_is_never_counted_as_open():
    found = answers(person(status="opt", stem=True), job(), TODAY)
    [stem] = [a for a in found if a.route.code == "stem-opt"]
    assert stem.verdict == Verdict.CHECK and stem.uncertain and stem.fits
