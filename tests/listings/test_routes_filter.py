"""The "Open to my routes" filter: the same jobs as the route rules, in one SQL condition, on
the search and landing pages, within their query budget; and the routes panel on cards and
job pages."""

import itertools

import pytest
from django.utils import timezone

from listings.models import CityWageArea, Job, PrevailingWage, WageArea
from listings.taxonomy.catalog import catalog
from listings.visas.profile import JobFacts, Profile
from listings.visas.routes import Verdict, answers, no_lottery_terms, profile_terms
from listings.visas.terms import Term, job_terms, term_q, terms_q
from tests.factories import make_employer, make_job, make_profile

SEARCH = "/visa-sponsorship-jobs/"
LANDING = "/visa-sponsorship-jobs/electrical-engineer/georgia/"
pytestmark = pytest.mark.django_db

PROFILES = [
    Profile(frozenset({"CA"})),
    Profile(frozenset({"MX"}), degree="master"),
    Profile(frozenset({"CA"}), degree="none"),
    Profile(frozenset({"AU"})),
    Profile(frozenset({"SG", "IN"}), status="h-1b"),
    Profile(frozenset({"IN"}), status="h-1b", counted=False),  # only cap-exempt employers so far
    Profile(frozenset({"CL"}), degree="master"),
    Profile(frozenset({"IN"})),
    Profile(frozenset({"IN"}), status="opt", stem=True),
    Profile(frozenset({"IN"}), status="stem-opt", stem=True),
    Profile(frozenset({"CN"}), status="f-1", degree="none"),
    Profile(frozenset({"DE"}), status="o-1", degree="doctorate"),
    # Without a degree, TN is open only under the professions whose own minimum they meet.
    Profile(frozenset({"CA"}), degree="associate", experience=3),
    Profile(frozenset({"MX"}), degree="none", experience=6),
    Profile(frozenset({"CA"}), degree="associate", experience=5),
]


# What a posting can say beside its sponsorship state: to students on OPT (accepts_opt), and
# which visas a limited offer covers (offer_limited_to), as the classifier stores them.
STUDENT_WORDS = [(None, ""), (False, ""), (True, "")]
LIMITS = [(None, "tn"), (None, "e-3 tn"), (None, "h-1b1"), (None, "h-1b-transfer"),
          (None, "h-1b"), (None, "green-card"), (None, "o-1a")]  # fmt: skip


@pytest.fixture
def variety():
    """A job for every mix of the facts routes depend on."""
    jobs = []
    facts = itertools.product(
        # One role under each USMCA profession, and one under none.
        (
            "electrical-engineer",
            "software-engineer",
            "ux-designer",
            "data-scientist",
            "business-analyst",
            "product-manager",
        ),
        (Job.Sponsorship.STATED, Job.Sponsorship.SILENT, Job.Sponsorship.REFUSED),
        (False, True),  # cap-exempt employer
        (False, True),  # E-Verify notice
        STUDENT_WORDS,
    )
    limited = itertools.product(
        ("electrical-engineer", "product-manager"),
        (Job.Sponsorship.STATED,),
        (False, True),
        (True,),
        LIMITS,
    )
    for n, (role, sponsorship, exempt, e_verify, (students, limit)) in enumerate(
        itertools.chain(facts, limited)
    ):
        employer = make_employer(f"Variety Employer {n}")
        employer.cap_exempt = exempt
        employer.save(update_fields=["cap_exempt"])
        jobs.append(make_job(role=role, employer=employer, sponsorship=sponsorship,
                             e_verify=e_verify, verified_sponsor=True, accepts_opt=students,
                             offer_limited_to=limit))  # fmt: skip
    return Job.objects.select_related("role", "employer").filter(pk__in=[j.pk for j in jobs])


def counted(answer) -> bool:
    """A route the filter counts, open, or fitting with a check about the person (the payment
    from abroad, a licence, experience); STEM OPT's check means the employer's E-Verify is
    unknown, and those jobs the filter leaves out."""
    if answer.route.term is None or not answer.fits:
        return False
    return answer.verdict == Verdict.OPEN or answer.route.code != "stem-opt"


@pytest.mark.parametrize(
    "profile",
    PROFILES,
    ids=lambda p: f"{p.status}-{'-'.join(p.citizenships)}-{p.degree}-{p.experience}",
)
def test_the_filter_keeps_exactly_the_jobs_a_counted_route_opens(variety, profile):
    today = timezone.localdate()
    expected = {
        job.pk
        for job in variety
        if any(counted(a) for a in answers(profile, JobFacts.of(job), today))
    }
    found = set(variety.filter(terms_q(profile_terms(profile, today), catalog()))
                .values_list("pk", flat=True))  # fmt: skip
    assert found == expected
    assert expected or (profile.degree == "none" and profile.status != "f-1")


@pytest.mark.parametrize("term", list(Term))
def test_each_job_carries_the_terms_the_filter_selects_it_by(variety, term):
    # Alerts read a job's terms from job_terms; the page filters by term_q: the same jobs.
    by_filter = set(variety.filter(term_q(term, catalog())).values_list("pk", flat=True))
    annotated = variety.annotate(terms=job_terms(catalog())).values_list("pk", "terms")
    by_terms = {pk for pk, terms in annotated if term.value in terms}
    assert by_filter == by_terms
    assert 0 < len(by_filter) <= len(variety)


def test_members_filter_to_their_routes(seeker, seeker_client, django_assert_max_num_queries):
    make_profile(seeker, ["CA"])
    tn = make_job("Power Systems Engineer", role="electrical-engineer")
    pm = make_job("Product Manager, Grid", role="product-manager")
    exempt = make_employer("State University Research Foundation")
    exempt.cap_exempt = True
    exempt.save(update_fields=["cap_exempt"])
    pm_exempt = make_job("Product Manager, Labs", role="product-manager", employer=exempt)

    with django_assert_max_num_queries(8):
        html = seeker_client.get(SEARCH, {"routes": "on"}).content.decode()
    assert tn.title in html and pm_exempt.title in html
    assert pm.title not in html  # only the lottery fits a Canadian product manager
    assert pm.title in seeker_client.get(SEARCH).content.decode()


def test_the_landing_page_filter_stays_in_budget(
    seeker, seeker_client, django_assert_max_num_queries
):
    make_profile(seeker, ["CA"])
    for i in range(30):
        make_job(f"Controls Engineer {i}", role="electrical-engineer", days_ago=i + 1)
    with django_assert_max_num_queries(8):
        response = seeker_client.get(LANDING, {"routes": "on"})
    assert response.status_code == 200
    assert response.content.decode().count('class="job-card"') == 25


def test_a_member_without_a_profile_is_asked_for_one(seeker_client):
    job = make_job("Relay Engineer", role="electrical-engineer")
    html = seeker_client.get(SEARCH, {"routes": "on"}).content.decode()
    assert job.title in html  # nothing to narrow by yet
    assert "Tell us your visa situation" in html


def test_anonymous_visitors_cannot_use_the_filter(client):
    make_job("Relay Engineer", role="electrical-engineer")
    html = client.get(SEARCH, {"routes": "on"}).content.decode()
    assert "open to my routes filter is for members" in html.lower()


@pytest.mark.parametrize("value", ["", "on", "false", "0", "x" * 5000, "<script>", "\x00"])
def test_any_routes_value_gets_a_page(seeker, seeker_client, value):
    make_profile(seeker, ["AU"])
    assert seeker_client.get(SEARCH, {"routes": value}).status_code in (200, 400)


def test_cards_and_the_job_page_show_the_members_routes(seeker, seeker_client, other_client):
    make_profile(seeker, ["CA"], stem=True)
    job = make_job("Substation Engineer", role="electrical-engineer")
    card = seeker_client.get(LANDING).content.decode()
    assert "Your routes:" in card and ">TN</a>" in card

    page = seeker_client.get(job.get_absolute_url()).content.decode()
    assert "Fits the USMCA profession Engineer" in page
    assert "8 CFR 214.6(c)" in page  # its source
    assert "Only for citizens of Australia." in page  # what stands in the way of E-3

    others = other_client.get(job.get_absolute_url()).content.decode()
    assert "Fits the USMCA profession" not in others  # Olu has no profile: Sam's is not his
    assert "Tell us your citizenship" in others


def test_the_job_page_with_routes_stays_in_budget(
    seeker, seeker_client, django_assert_max_num_queries
):
    make_profile(seeker, ["CA"], stem=True)
    job = make_job("Metering Engineer", role="electrical-engineer")
    # The anonymous page's 3, plus the session's user, the member's applied mark and profile.
    with django_assert_max_num_queries(6):
        html = seeker_client.get(job.get_absolute_url()).content.decode()
    assert "Fits the USMCA profession Engineer" in html


def test_the_job_page_counts_lottery_entries_from_the_wage_level(seeker, seeker_client):
    make_profile(seeker, ["IN"])
    job = make_job("Systems Engineer", role="electrical-engineer", salary_min=118000,
                   salary_max=125000, salary_unit="year")  # fmt: skip
    area = WageArea.objects.create(code="12060", name="Atlanta-Sandy Springs-Roswell, GA")
    CityWageArea.objects.create(city=job.city, area=area)
    PrevailingWage.objects.create(area=area, soc_code="17-2071", level1=80000, level2=95000,
                                  level3=110000, level4=125000, annual=True)  # fmt: skip
    html = seeker_client.get(job.get_absolute_url()).content.decode()
    assert "you would hold up to 3 of 4 entries" in html


@pytest.mark.parametrize(
    "profile", PROFILES, ids=lambda p: f"{p.status}-{'-'.join(p.citizenships)}"
)
def test_no_lottery_keeps_exactly_the_jobs_a_route_without_the_lottery_opens(variety, profile):
    today = timezone.localdate()
    expected = {
        job.pk
        for job in variety
        if any(counted(a) for a in answers(profile, JobFacts.of(job), today) if a.route.no_lottery)
    }
    found = set(variety.filter(terms_q(no_lottery_terms(profile, today), catalog()))
                .values_list("pk", flat=True))  # fmt: skip
    assert found == expected


def test_a_posting_that_turns_away_students_on_opt_leaves_a_students_filter(seeker, seeker_client):
    """From a training posting: "No OPTs, visa sponsorship, visa transfers or future green
    card sponsorships" (stored as accepts_opt False); here on an offer the cap-subject lottery
    would need, which the filter does not count."""
    make_profile(seeker, ["IN"], status="opt", stem=True)
    no_opt = make_job("Data Engineer, Billing", role="product-manager", accepts_opt=False)
    silent = make_job("Data Engineer, Meters", role="product-manager")
    html = seeker_client.get(SEARCH, {"routes": "on"}).content.decode()
    assert silent.title in html
    assert no_opt.title not in html
    assert no_opt.title in seeker_client.get(SEARCH).content.decode()

    page = seeker_client.get(no_opt.get_absolute_url()).content.decode()
    assert "The posting says it does not take students on OPT." in page


def test_an_australian_graduate_sees_only_offers_that_include_the_e3(seeker, seeker_client):
    """From a training posting: "We sponsor new visas only for Canadian or Australian
    citizens" (stored as limited to TN and E-3)."""
    make_profile(seeker, ["AU"], degree="master")
    e3 = make_job("Analyst, Sydney Desk", role="data-scientist", offer_limited_to="e-3 tn")
    tn = make_job("Analyst, Toronto Desk", role="data-scientist", offer_limited_to="tn")
    open_offer = make_job("Analyst, Any Desk", role="data-scientist")
    html = seeker_client.get(SEARCH, {"routes": "on"}).content.decode()
    assert e3.title in html and open_offer.title in html
    assert tn.title not in html

    page = seeker_client.get(tn.get_absolute_url()).content.decode()
    assert "The posting offers sponsorship for TN only." in page
