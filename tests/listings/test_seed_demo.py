"""`manage.py seed_demo`: deterministic demo jobs that fill every landing page, loaded by COPY."""

import hashlib
import re
from collections import Counter, defaultdict
from datetime import timedelta
from io import StringIO
from itertools import chain

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone

from listings.demo import wording
from listings.demo.employers import EMPLOYERS
from listings.demo.loading import JobLines
from listings.demo.places import CITIES
from listings.demo.roles import ROLE_FAMILIES, ROLE_WEIGHTS, SALARY_RANGES, TITLES
from listings.demo.wording import RESPONSIBILITIES
from listings.ingest.columns import INSERTED
from listings.ingest.experience import experience_level, years_required
from listings.ingest.prepare import dedupe_key
from listings.management.commands import seed_demo
from listings.models import AppliedMark, Employer, Job, ListingCount, Role, State
from listings.sponsors.verified import refresh_verified_sponsors
from listings.sponsors.wages import job_wages
from listings.taxonomy.vocabulary import STATES
from tests.factories import make_job, make_profile, make_user

# Demo data must never name a real employer (it would put sponsorship claims in their mouth).
REAL_COMPANIES = [
    "Google", "Alphabet", "Amazon", "Microsoft", "Meta", "Facebook", "Apple", "Netflix",
    "Equifax", "Delta", "Coca-Cola", "Home Depot", "UPS", "IBM", "Oracle", "Salesforce",
    "Intel", "Nvidia", "Tesla", "Uber", "Airbnb", "Stripe", "Deloitte", "Accenture",
    "JPMorgan", "Goldman Sachs", "NCR", "Mailchimp", "Honeywell", "Cisco", "Adobe",
    "Infosys", "Tata", "Cognizant", "Wipro", "Walmart", "Target", "Capital One", "Databricks",
    "Snowflake", "Palantir", "OpenAI", "Anthropic", "Twilio", "Okta", "Atlassian", "Intuit",
]  # fmt: skip


def seed(*args: str, **options: object) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, **options)
    return out.getvalue()


def fingerprint() -> str:
    """What a seed decides, minus the dates (they move with the day the command runs)."""
    rows = Job.objects.order_by("id").values_list(
        "external_id", "title", "employer__name", "state__code", "city__name", "workplace",
        "sponsorship", "salary_min", "salary_max", "description_html",
    )  # fmt: skip
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


@pytest.mark.django_db
def test_loads_the_requested_jobs_and_lists_some_in_every_state_and_role():
    output = seed(jobs=600)

    assert Job.objects.count() == 600
    assert "Created 600 jobs" in output
    listed = Job.objects.listed()
    assert set(listed.values_list("state__code", flat=True)) >= {s.code for s in STATES}
    assert set(listed.values_list("role_id", flat=True)) == set(
        Role.objects.values_list("id", flat=True)
    )
    assert listed.filter(role__slug="machine-learning-engineer", state__code="GA").exists()
    assert ListingCount.objects.exists()


@pytest.mark.django_db
def test_default_size_links_no_empty_landing_page():
    seed()

    listed = Job.objects.listed().filter(state__isnull=False)
    pairs = set(listed.values_list("role_id", "state_id").distinct())
    assert len(pairs) == Role.objects.count() * State.objects.count()
    georgia_mle = listed.filter(role__slug="machine-learning-engineer", state__code="GA")
    assert georgia_mle.count() > 30
    assert georgia_mle.values("city").distinct().count() >= 3
    assert georgia_mle.values("employer").distinct().count() >= 10


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_jobs_in_the_same_order():
    seed(jobs=300)
    first = fingerprint()

    seed(jobs=300, replace=True)
    assert fingerprint() == first

    seed(jobs=300, replace=True, seed=7)
    assert fingerprint() != first


@pytest.mark.django_db
def test_sponsorship_evidence_appears_verbatim_and_names_the_visas():
    seed(jobs=600)

    stated = Job.objects.filter(sponsorship=Job.Sponsorship.STATED).prefetch_related("visa_types")
    assert stated.count() > 200
    for job in stated:
        assert job.sponsorship_evidence in job.description_html
        assert job.visa_types.all()
        for visa in job.visa_types.all():
            assert visa.name.lower() in job.sponsorship_evidence.lower()
    for job in Job.objects.filter(sponsorship=Job.Sponsorship.REFUSED):
        assert job.sponsorship_evidence in job.description_html
        assert not job.visa_types.exists()


@pytest.mark.django_db
def test_mixes_workplaces_salaries_and_expiry_like_a_real_board():
    seed(jobs=600)

    jobs = Job.objects.all()
    us_remote = jobs.filter(state__isnull=True)
    assert us_remote.exists()
    assert not us_remote.exclude(workplace=Job.Workplace.REMOTE).exists()
    assert not us_remote.filter(city__isnull=False).exists()
    assert set(jobs.values_list("salary_unit", flat=True)) == {"year", "hour", ""}
    assert jobs.filter(salary_unit="").filter(salary_min__isnull=False).count() == 0
    assert jobs.count() > jobs.live().count()  # a few are past their valid-through date
    assert not jobs.exclude(apply_url__startswith="https://careers.example.com/").exists()


def test_employers_in_the_data_are_fictional():
    names = [name for name, _ in EMPLOYERS]
    assert len(names) >= 50
    assert len({name.lower() for name in names}) == len(names)
    for real in REAL_COMPANIES:
        pattern = re.compile(rf"\b{re.escape(real)}\b", re.IGNORECASE)
        assert not [name for name in names if pattern.search(name)], real


def test_every_state_has_a_few_real_cities_and_every_role_its_wording():
    for state in STATES:
        assert 1 <= len(CITIES[state.code]) <= 5, state.code
        assert state.code == "DC" or len(CITIES[state.code]) >= 2, state.code
    for slug in ROLE_WEIGHTS:
        assert TITLES[slug] and SALARY_RANGES[slug]
        assert ROLE_FAMILIES[slug] in RESPONSIBILITIES


@pytest.mark.django_db
def test_demo_jobs_use_only_the_fictional_employers():
    seed(jobs=300)

    used = set(Employer.objects.filter(jobs__source="demo").values_list("name", flat=True))
    assert used <= {name for name, _ in EMPLOYERS}


@pytest.mark.django_db
def test_demo_jobs_fill_the_importers_columns_as_the_importer_would():
    seed(jobs=200)

    # The generator's rows go through the importer's column list: a job column added there
    # reaches the demo without a second list. Dedupe keys, once missing from the demo's own
    # list, are what a feed posting of the same job would get, so a repost merges into it.
    demo = Job.objects.filter(source="demo")
    lines = JobLines()
    lines.line(demo.values("id", *INSERTED)[0])
    assert lines.columns[: len(INSERTED) + 1] == ("id", *INSERTED)
    for job in demo.values(*INSERTED)[:50]:
        assert job["dedupe_key"] == dedupe_key(job, job["title"])


@pytest.mark.django_db
def test_demo_experience_levels_are_what_the_importer_reads_from_each_posting():
    seed(jobs=600)

    jobs = Job.objects.values_list("title", "description_html", "experience")
    assert {level for _, _, level in jobs} >= {"senior", "mid"}
    for title, description, level in jobs:
        assert level == experience_level(title, description), title


def test_only_the_demo_requirements_may_name_years_of_experience():
    # The generator reads a posting's level from its title and requirements alone: every
    # other piece of demo wording must name no years of experience.
    pieces = [
        *(sentence for sentence, _ in wording.STATED_SENTENCES),
        *wording.REFUSED_SENTENCES, *wording.EMPLOYMENT_SENTENCES.values(), *wording.INTROS,
        *chain.from_iterable(wording.RESPONSIBILITIES.values()), *wording.BENEFITS,
        *wording.CLOSINGS, *chain.from_iterable(EMPLOYERS), *chain.from_iterable(TITLES.values()),
        *chain.from_iterable(CITIES.values()), *(state.name for state in STATES),
    ]  # fmt: skip
    assert [piece for piece in pieces if years_required(piece) is not None] == []


@pytest.mark.django_db
def test_if_empty_does_nothing_once_jobs_exist():
    seed(jobs=50, if_empty=True)
    output = seed(jobs=50, if_empty=True)

    assert "Jobs already present; demo data not loaded." in output
    assert Job.objects.count() == 50


@pytest.mark.django_db
def test_reloading_needs_replace():
    seed(jobs=20)

    with pytest.raises(CommandError, match="--replace"):
        seed(jobs=20)
    assert Job.objects.count() == 20


@pytest.mark.django_db
def test_replace_keeps_other_jobs_and_cascades_to_marks_on_demo_jobs():
    real = make_job(source="feed")
    seed(jobs=30)
    AppliedMark.objects.create(
        user=make_user(), job=Job.objects.filter(source="demo")[0], applied=True
    )

    seed(jobs=40, replace=True)

    assert Job.objects.filter(source="demo").count() == 40
    assert Job.objects.filter(pk=real.pk).exists()
    assert not AppliedMark.objects.exists()


@pytest.mark.django_db
def test_replace_when_only_demo_jobs_exist_empties_the_table_first():
    seed(jobs=30)
    AppliedMark.objects.create(user=make_user(), job=Job.objects.first(), applied=True)

    seed(jobs=10, replace=True)

    assert Job.objects.count() == 10
    assert not AppliedMark.objects.exists()


@pytest.mark.django_db
def test_big_loads_rebuild_the_indexes_and_foreign_keys_they_drop(monkeypatch):
    def job_indexes() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'listings_job'")
            return {row[0] for row in cursor.fetchall()}

    def foreign_keys() -> set[tuple[str, str]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE contype = 'f' AND conrelid IN"
                " ('listings_job'::regclass, 'listings_job_visa_types'::regclass)"
            )
            return set(cursor.fetchall())

    before, keys = job_indexes(), foreign_keys()
    monkeypatch.setattr(seed_demo, "BULK_LOAD_JOBS", 100)

    seed(jobs=200)

    assert job_indexes() == before
    assert foreign_keys() == keys
    assert len(keys) == 6  # role, employer, state, city; a visa row's job and visa type
    assert Job.objects.count() == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "options"),
    [((), {"jobs": 0}), ((), {"jobs": 5_000_001}), (("--jobs", "0"), {}), (("--jobs", "abc"), {})],
)
def test_rejects_a_bad_job_count_with_a_clear_message(args, options):
    with pytest.raises(CommandError, match="jobs"):
        seed(*args, **options)
    assert not Job.objects.exists()


# The demo's government records -----------------------------------------------------------

# A row of the members' table of LCA titles: the occupation's SOC code, the state, certified.
OCCUPATION_ROW = re.compile(
    r"(\d{2}-\d{4})\)</span></th><td data-label=\"State\">([A-Z]{2})</td>"
    r"<td data-label=\"Filed\">[\d,]+</td><td data-label=\"Certified\">([\d,]+)</td>"
)


@pytest.fixture
def demo_board(db):
    # One small seeded board for the tests below; its records do not depend on the size.
    seed(jobs=3000)


@pytest.mark.django_db
def test_every_verified_job_has_its_filings_on_its_employer_page(demo_board, seeker_client):
    wanted = defaultdict(set)
    verified = Job.objects.listed().filter(verified_sponsor=True)
    for slug, soc, state in verified.values_list("employer__slug", "role__soc_code", "state__code"):
        wanted[slug].add((soc, state))
    assert sum(map(len, wanted.values())) > 100

    for slug, pairs in wanted.items():  # one page per employer, not one per job
        html = seeker_client.get(f"/employers/{slug}/").content.decode()
        shown = {(soc, state) for soc, state, n in OCCUPATION_ROW.findall(html) if n != "0"}
        for soc, state in pairs:
            if state:
                assert (soc, state) in shown, (slug, soc, state)
            else:  # remote jobs rest on filings for the occupation in any state
                assert any(found == soc for found, _ in shown), (slug, soc)


@pytest.mark.django_db
def test_the_badge_is_what_the_filings_give(demo_board):
    # Re-deriving every flag from the records changes nothing: no badge was set by hand.
    assert refresh_verified_sponsors() == 0
    assert Job.objects.filter(verified_sponsor=True).exists()
    silent = Job.objects.filter(sponsorship=Job.Sponsorship.SILENT)
    assert silent.filter(verified_sponsor=False).exists()
    # Each choice of "Employer has sponsored" picks some of the listed jobs and not others.
    listed = Job.objects.listed()
    for flag in ("verified_sponsor", "sponsors_h1b", "sponsors_green_card"):
        assert listed.filter(**{flag: True}).exists() and listed.filter(**{flag: False}).exists()
    assert listed.filter(sponsors_h1b=True, sponsors_green_card=False).exists()


@pytest.mark.django_db
def test_demo_card_claims_match_their_employer_pages(demo_board, client):
    listed = Job.objects.listed().filter(verified_sponsor=True, sponsorship="silent")
    job = listed.filter(sponsors_h1b=True, sponsors_green_card=True).first()

    card = client.get(job.get_absolute_url()).content.decode()
    employer = client.get(job.employer.get_absolute_url()).content.decode()

    assert re.search(
        r"Sponsored this role here:</strong> \d+ certified LCAs? \(H-1B, H-1B1 or E-3\) for "
        r"this occupation",
        card,
    )
    assert re.search(r"Sponsors H-1B</strong> \(\d+ approvals? in FY\d{4}\)", card)
    assert re.search(r"Sponsors green cards</strong> \(\d+ PERM certifications? in FY", card)
    assert "We have no public H-1B, LCA or PERM records" not in employer
    assert re.search(
        r"FY\d{4}(?: so far, a partial year to [^:]+)?: [\d,]+ certified of [\d,]+ filed", employer
    )
    assert re.search(
        r"FY\d{4}(?: so far, a partial year to [^:]+)?: [\d,]+ certified of [\d,]+ decided",
        employer,
    )


@pytest.mark.django_db
def test_demo_employers_include_cap_exempt_dependent_and_a_willful_violator(demo_board, client):
    cap_exempt = Employer.objects.cap_exempt()
    assert {"Hollis Ridge University", "Carver Institute for Applied Research"} <= set(
        cap_exempt.values_list("name", flat=True)
    )
    assert Employer.objects.filter(h1b_dependent=True).count() == 2
    violator = Employer.objects.get(willful_violator=True)

    found = client.get("/visa-sponsorship-jobs/?cap_exempt=on")
    member = Client()
    member.force_login(make_user("capper@example.com"))
    listed = member.get("/visa-sponsorship-jobs/?cap_exempt=on").content.decode()

    assert found.status_code == 200
    assert "No jobs match yet" not in listed
    assert "willful violator" in client.get(violator.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_demo_salaries_span_the_four_wage_levels_and_a_few_fall_below(demo_board):
    jobs = Job.objects.filter(city__isnull=False, salary_min__isnull=False)
    jobs = jobs.select_related("role", "city")[:600]
    reached = Counter(block.level for block in map(job_wages, jobs) if block)

    assert set(reached) == {0, 1, 2, 3, 4}
    assert 0 < reached[0] < sum(reached.values()) * 0.1


@pytest.mark.django_db
def test_the_demo_shows_each_visa_case_on_first_run(
    demo_board, seeker, seeker_client, other_seeker, other_client
):
    # An Indian member abroad with a master's degree: every route the demo exercises applies.
    make_profile(seeker, citizenships=("IN",), status="none", degree="master")
    listed = Job.objects.listed().select_related("employer")

    # Cap-exempt employers: ACWIA wages, and no lottery entries.
    university = listed.filter(employer__name="Hollis Ridge University", city__isnull=False)
    page = seeker_client.get(university.first().get_absolute_url()).content.decode()
    assert "ACWIA wages apply" in page
    assert "H-1B selection entries" not in page
    assert "$100,000" in page  # the payment for new petitions for people abroad

    # A for-profit college files under the same industry code and is cap-subject all the same.
    college = Employer.objects.get(name="Summitline Career College")
    assert college.naics.startswith("6113") and not college.is_cap_exempt
    job = listed.filter(employer=college, city__isnull=False, salary_min__isnull=False).first()
    page = seeker_client.get(job.get_absolute_url()).content.decode()
    assert "is cap-exempt" not in page
    assert "H-1B selection entries" in page

    # A posting that offers a green card only gets the green-card route and no H-1B claim.
    offers_card = listed.filter(visa_types__code="green-card")
    only_card = offers_card.exclude(visa_types__code="h-1b").first()
    page = seeker_client.get(only_card.get_absolute_url()).content.decode()
    assert "offers to sponsor a green card" in page
    assert "The posting offers a green card only" in page

    # One posting's E-Verify notice tells a STEM OPT member the employer's other jobs use it.
    ends = timezone.localdate() + timedelta(days=200)
    make_profile(other_seeker, ("IN",), status="stem-opt", degree="master", stem=True, opt_end=ends)
    noticed = listed.filter(e_verify=True).values_list("employer", flat=True)
    other = listed.filter(employer__in=noticed, e_verify=False).exclude(accepts_opt=False).first()
    page = other_client.get(other.get_absolute_url()).content.decode()
    assert "another of its postings carries the E-Verify notice" in page
