"""The routes against the checked facts: people abroad and the $100,000 payment, the H-1B cap
count, cap-exempt employers, green-card-only postings, E-Verify known per employer, degrees
shown by experience and each TN profession's own minimum. Each case asserts the routes shown
with their verdicts and the words of one reason."""

from datetime import date

import pytest

from listings.visas.profile import JobFacts, Profile
from listings.visas.routes import Verdict, answers, needs_no_lottery, no_lottery_terms
from listings.visas.terms import Term

TODAY = date(2026, 11, 28)


def person(citizenships="IN", status="other", degree="bachelor", stem=False, **more):
    return Profile(frozenset(citizenships.split()), status, degree, stem, **more)


def job(role="software-engineer", sponsorship="stated", exempt=False, e_verify=False,
        wage=None, visas=(), evidence="", perms=(0, None)):  # fmt: skip
    name = role.replace("-", " ").title()
    return JobFacts(role, name, "Acme Labs", sponsorship, exempt, e_verify, wage,
                    frozenset(visas), evidence, occupation_perms=perms[0],
                    occupation_perm_year=perms[1])  # fmt: skip


ABROAD = person(status="none")
GREEN_ONLY = {"visas": ("green-card",)}

# (case, profile, job, routes shown as "code:verdict", (route, words its reason contains))
CASES = [
    # Abroad: both H-1B routes are a check naming the payment; the others are unaffected.
    ("abroad-cap", ABROAD, job(), "h-1b-cap:check o-1a:check", ("h-1b-cap", "$100,000")),
    ("abroad-cap-dated", ABROAD, job(), "h-1b-cap:check o-1a:check",
     ("h-1b-cap", "since September 21, 2025")),
    ("abroad-cap-checked", ABROAD, job(), "h-1b-cap:check o-1a:check",
     ("h-1b-cap", "we last checked on December 4, 2026")),
    ("abroad-cap-litigation", ABROAD, job(wage=2), "h-1b-cap:check o-1a:check",
     ("h-1b-cap", "in litigation and may have changed")),
    ("abroad-cap-keeps-entries", ABROAD, job(wage=2), "h-1b-cap:check o-1a:check",
     ("h-1b-cap", "up to 2 of 4 entries")),
    ("abroad-exempt", ABROAD, job(exempt=True), "h-1b-cap-exempt:check o-1a:check",
     ("h-1b-cap-exempt", "cap-exempt employers included")),
    ("abroad-exempt-still-exempt", ABROAD, job(exempt=True), "h-1b-cap-exempt:check o-1a:check",
     ("h-1b-cap-exempt", "without the lottery")),
    ("abroad-tn-unaffected", person("CA", status="none", stem=True), job("electrical-engineer"),
     "tn:open h-1b-cap:check o-1a:check", ("tn", "no cap and no lottery")),
    ("abroad-e3-unaffected", person("AU", status="none"), job(),
     "e-3:open h-1b-cap:check o-1a:check", ("e-3", "US consulate")),
    ("abroad-h1b1-unaffected", person("SG", status="none"), job(),
     "h-1b1:open h-1b-cap:check o-1a:check", ("h-1b1", "5,400 for Singapore")),
    ("abroad-refused-still-blocked", ABROAD, job(sponsorship="refused"), "",
     ("h-1b-cap", "will not sponsor")),
    ("f1-in-us-no-payment", person(status="f-1"), job(), "h-1b-cap:open opt:open o-1a:check",
     ("h-1b-cap", "registers you in March")),
    # H-1B holders and the cap count.
    ("h1b-counted-transfer", person(status="h-1b", counted=True), job(),
     "h-1b-transfer:open o-1a:check", ("h-1b-transfer", "if you are in the US in H-1B status")),
    ("h1b-unsaid-transfer-check", person(status="h-1b"), job(),
     "h-1b-transfer:check o-1a:check", ("h-1b-transfer", "answer that question")),
    ("h1b-exempt-only-to-subject", person(status="h-1b", counted=False), job(),
     "h-1b-cap:open o-1a:check", ("h-1b-transfer", "never counted against the cap")),
    ("h1b-exempt-only-lottery", person(status="h-1b", counted=False), job(wage=3),
     "h-1b-cap:open o-1a:check", ("h-1b-cap", "up to 3 of 4 entries")),
    ("h1b-exempt-to-exempt", person(status="h-1b", counted=False), job(exempt=True),
     "h-1b-transfer:open o-1a:check", ("h-1b-transfer", "is cap-exempt too")),
    ("h1b-counted-no-lottery", person(status="h-1b", counted=True), job(),
     "h-1b-transfer:open o-1a:check", ("h-1b-cap", "a transfer is your way in")),
    # Green-card-only postings.
    ("green-card-route", person(), job(**GREEN_ONLY), "h-1b-cap:check o-1a:check green-card:open",
     ("green-card", "labor certification (PERM)")),
    ("green-card-no-h1b-claim", person(), job(**GREEN_ONLY),
     "h-1b-cap:check o-1a:check green-card:open", ("h-1b-cap", "offers a green card only")),
    ("green-card-paths", person(), job(**GREEN_ONLY), "h-1b-cap:check o-1a:check green-card:open",
     ("green-card", "national interest waiver")),
    ("green-card-and-h1b", person(), job(visas=("h-1b", "green-card")),
     "h-1b-cap:open o-1a:check green-card:open", ("h-1b-cap", "registers you in March")),
    ("green-card-not-offered", person(), job(visas=("h-1b",)), "h-1b-cap:open o-1a:check",
     ("green-card", "does not offer a green card")),
    ("green-card-tn-asks", person("CA", stem=True), job("electrical-engineer", **GREEN_ONLY),
     "tn:check h-1b-cap:check o-1a:check green-card:open", ("tn", "would support a TN too")),
    # The employer's certified PERM filings for the job's occupation name the green-card path.
    ("green-card-record-not-offered", person(), job(visas=("h-1b",), perms=(4, 2026)),
     "h-1b-cap:open o-1a:check green-card:check",
     ("green-card", "Acme Labs had 4 PERM certifications for this occupation in FY2026")),
    ("green-card-record-asks", person(), job(visas=("h-1b",), perms=(4, 2026)),
     "h-1b-cap:open o-1a:check green-card:check", ("green-card", "ask whether it would sponsor")),
    ("green-card-record-silent", person(), job(sponsorship="silent", perms=(12, 2025)),
     "h-1b-cap:open o-1a:check green-card:check",
     ("green-card", "had 12 PERM certifications for this occupation in FY2025")),
    ("green-card-record-offered", person(), job(**GREEN_ONLY, perms=(1, 2026)),
     "h-1b-cap:check o-1a:check green-card:open",
     ("green-card", "need no PERM. Acme Labs had 1 PERM certification for this occupation in "
                    "FY2026.")),
    ("green-card-record-abroad", ABROAD, job(visas=("h-1b",), perms=(2, 2026)),
     "h-1b-cap:check o-1a:check green-card:check", ("green-card", "2 PERM certifications")),
    ("green-card-record-refused", person(), job(sponsorship="refused", perms=(4, 2026)), "",
     ("green-card", "will not sponsor")),
    ("green-card-no-record-unchanged", person(), job(visas=("h-1b",), perms=(0, None)),
     "h-1b-cap:open o-1a:check", ("green-card", "does not offer a green card: ask the employer")),
    # E-Verify known for the employer, with the evidence.
    ("stem-evidence-other-posting",
     person(status="opt", stem=True), job(e_verify=True, evidence="another of its postings "
                                          "carries the E-Verify notice"),
     "h-1b-cap:open opt:open stem-opt:open o-1a:check", ("stem-opt", "another of its postings")),
    ("stem-evidence-stem-opt", person(status="opt", stem=True),
     job(e_verify=True, evidence="one of its postings says it takes STEM OPT candidates"),
     "h-1b-cap:open opt:open stem-opt:open o-1a:check", ("stem-opt", "takes STEM OPT")),
    ("stem-unknown-check", person(status="opt", stem=True), job(),
     "h-1b-cap:open opt:open stem-opt:check o-1a:check", ("stem-opt", "check whether Acme Labs")),
    # Degrees shown by experience.
    ("experience-12-years", person(degree="none", experience=12), job(),
     "h-1b-cap:check o-1a:check", ("h-1b-cap", "credentials evaluation")),
    ("experience-too-little", person(degree="none", experience=8), job(), "o-1a:check",
     ("h-1b-cap", "12 years for you; your profile says 8")),
    ("associate-6-years", person("AU", degree="associate", experience=6), job(),
     "e-3:check h-1b-cap:check o-1a:check", ("e-3", "Your 6 years' experience")),
    ("associate-5-years", person("SG", degree="associate", experience=5), job(), "o-1a:check",
     ("h-1b1", "6 years for you")),
    # Each TN profession's own minimum.
    ("tn-analyst-diploma", person("CA", degree="associate", experience=3), job("data-engineer"),
     "tn:open o-1a:check", ("tn", "Computer Systems Analyst")),
    ("tn-designer-diploma", person("MX", degree="associate", experience=4), job("ux-designer"),
     "tn:open o-1a:check", ("tn", "Graphic Designer")),
    ("tn-diploma-not-math", person("CA", degree="associate", experience=3), job("data-scientist"),
     "o-1a:check", ("tn", "Mathematician (including Statistician) needs a bachelor's degree")),
    ("tn-diploma-short", person("CA", degree="associate", experience=2), job("data-engineer"),
     "o-1a:check", ("tn", "three years' experience")),
    ("tn-engineer-not-stem", person("CA"), job("electrical-engineer"),
     "tn:check h-1b-cap:open o-1a:check", ("tn", "engineering licence")),
    ("tn-engineer-stem", person("CA", stem=True), job("mechanical-engineer"),
     "tn:open h-1b-cap:open o-1a:check", ("tn", "if your degree is in engineering")),
    ("tn-software-diploma-analyst-only", person("CA", degree="associate", experience=3),
     job("software-engineer"), "tn:open o-1a:check", ("tn", "May fit the USMCA profession "
                                                       "Computer Systems Analyst:")),
    ("tn-consultant-experience", person("MX", degree="none", experience=5),
     job("business-analyst"), "tn:open o-1a:check", ("tn", "Management Consultant")),
]  # fmt: skip


def shown(found) -> list[str]:
    return sorted(f"{a.route.code}:{a.verdict}" for a in found if a.fits)


def test_the_table_has_thirty_new_cases_or_more():
    assert len(CASES) >= 30
    assert len({case[0] for case in CASES}) == len(CASES)


@pytest.mark.parametrize(("profile", "facts", "expected", "reason"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_routes_shown_and_their_reasons(profile, facts, expected, reason):
    found = answers(profile, facts, TODAY)
    assert shown(found) == sorted(expected.split())
    code, words = reason
    [answer] = [a for a in found if a.route.code == code]
    assert words in answer.reason, answer.reason


def test_the_payment_links_the_official_page():
    [cap] = [a for a in answers(ABROAD, job(), TODAY) if a.route.code == "h-1b-cap"]
    label, url = cap.link
    assert label == "USCIS H-1B page" and url.startswith("https://www.uscis.gov/")


def test_no_lottery_routes_are_the_ones_that_outlast_opt():
    student = person("CA", status="opt", stem=True)
    assert no_lottery_terms(student, TODAY) == {Term.TN_ROLE, Term.CAP_EXEMPT}
    assert needs_no_lottery(student, job("electrical-engineer"), TODAY)
    assert not needs_no_lottery(student, job("product-manager"), TODAY)
    assert needs_no_lottery(student, job("product-manager", exempt=True), TODAY)


def test_a_check_about_the_person_never_hides_a_refusal():
    found = answers(person(degree="none", experience=20), job(sponsorship="refused"), TODAY)
    assert all(a.verdict == Verdict.BLOCKED for a in found if a.route.code.startswith("h-1b"))
