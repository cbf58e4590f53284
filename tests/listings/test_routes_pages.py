"""The corrected routes as members see them: the payment for people abroad, the clock atop
"Your routes" and on the profile, ACWIA wages without lottery entries on cap-exempt
employers' jobs, E-Verify known for every job of an employer from one posting, the profile's
new questions, "No lottery needed", and the admin's cap-exempt reason. Within the pages'
query budgets."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import VisaProfile
from listings.models import AcwiaWage, Employer, PrevailingWage
from listings.sponsors.verified import current_fiscal_year, refresh_verified_sponsors
from listings.taxonomy.catalog import forget_catalog
from tests.factories import make_employer, make_job, make_perm, make_profile

FLAG = Path(__file__).resolve().parent.parent / "data" / "flag_wages"
SEARCH = "/visa-sponsorship-jobs/"
pytestmark = pytest.mark.django_db


def exempt(name: str, reason: str = "university") -> Employer:
    employer = make_employer(name)
    employer.cap_exempt, employer.cap_exempt_reason = True, reason
    employer.save()
    forget_catalog()
    return employer


def test_a_member_abroad_sees_the_payment_on_both_h1b_routes(
    seeker, seeker_client, django_assert_max_num_queries
):
    make_profile(seeker, ["IN"])
    job = make_job("Platform Engineer", role="software-engineer")
    with django_assert_max_num_queries(6):
        html = seeker_client.get(job.get_absolute_url()).content.decode()
    panel = html.split('id="routes-heading"')[1].split("</section>")[0]
    assert "Cap-subject H-1B</strong> (check)" in panel and "$100,000" in panel
    assert "in litigation and may have changed" in panel
    assert "we last checked on December 4, 2026" in panel
    assert (
        'href="https://www.uscis.gov/working-in-the-united-states/h-1b-specialty-occupations"'
        in panel
    )
    assert 'href="/visas/"' in panel


def test_a_student_in_the_us_sees_no_payment(seeker, seeker_client):
    make_profile(seeker, ["IN"], status="f-1")
    job = make_job("Platform Engineer", role="software-engineer")
    html = seeker_client.get(job.get_absolute_url()).content.decode()
    assert "$100,000" not in html.split('id="routes-heading"')[1].split("</section>")[0]


def test_the_clock_sits_atop_the_routes_and_on_the_profile(
    seeker, seeker_client, django_assert_max_num_queries
):
    ends = timezone.localdate() + timedelta(days=84)
    make_profile(seeker, ["IN"], status="opt", stem=True, opt_end=ends)
    job = make_job("Data Engineer", role="data-engineer")

    with django_assert_max_num_queries(6):
        html = seeker_client.get(job.get_absolute_url()).content.decode()
    panel = html.split('id="routes-heading"')[1]
    assert panel.index("84 days of OPT left") < panel.index("routes-panel__fits")
    assert "Cap-gap" in panel or "cap-gap" in panel

    with django_assert_max_num_queries(5):
        profile = seeker_client.get("/accounts/profile/").content.decode()
    assert "Your clock" in profile and "84 days of OPT left" in profile
    assert "STEM extension: you can file now" in profile


def test_cards_say_check_for_what_we_cannot_tell(seeker, seeker_client):
    make_profile(seeker, ["IN"], status="opt", stem=True)
    make_job("Data Engineer", role="data-engineer")
    html = seeker_client.get(SEARCH).content.decode()
    assert "STEM OPT (check)" in html and "(ask)" not in html


def test_cap_exempt_jobs_show_acwia_wages_and_no_lottery_entries(
    client, django_assert_max_num_queries
):
    university = exempt("Hollis Ridge University")
    job = make_job("Research Data Scientist", role="data-scientist", employer=university,
                   salary_min=95000, salary_unit="year")  # fmt: skip
    call_command("import_wages", str(FLAG))
    with django_assert_max_num_queries(4):
        html = client.get(job.get_absolute_url()).content.decode()
    wages = html.split('id="wages-heading"')[1].split("</section>")[0]
    assert "ACWIA" in wages and "$61,152" in wages  # 29.40 an hour, the ACWIA Level I
    assert "$80,080" not in wages  # the all-industries Level I
    assert "H-1B selection entries" not in wages and "<td>4</td>" not in wages
    assert "no selection entries apply" in wages
    assert "reaches ACWIA Level II" in wages


def test_a_for_profit_college_keeps_the_all_industries_table(client):
    college = make_employer("Peach Career College")
    college.naics = "611310"
    college.save()
    job = make_job("Data Scientist", role="data-scientist", employer=college,
                   salary_min=110000, salary_unit="year")  # fmt: skip
    call_command("import_wages", str(FLAG))
    wages = client.get(job.get_absolute_url()).content.decode().split('id="wages-heading"')[1]
    assert "$80,080" in wages and "H-1B selection entries" in wages and "ACWIA" not in wages


def test_import_wages_reads_the_acwia_table_beside_the_other(capsys):
    call_command("import_wages", str(FLAG))
    out = capsys.readouterr().out
    acwia = AcwiaWage.objects.get(area__code="12060", soc_code="15-2051")
    alc = PrevailingWage.objects.get(area__code="12060", soc_code="15-2051")
    assert acwia.annual_levels() == [61152, 80912, 100672, 120432]
    assert acwia.annual_levels()[0] < alc.annual_levels()[0]
    assert AcwiaWage.objects.count() == 3  # the "No ACWIA" row is skipped, and reported
    assert "EDC_Export.csv: no levelled wage" in out


def test_one_posting_makes_its_employer_known_to_use_e_verify(
    seeker, seeker_client, django_assert_max_num_queries
):
    make_profile(seeker, ["IN"], status="opt", stem=True)
    employer = make_employer("Gridline Robotics")
    make_job("Controls Engineer", employer=employer, e_verify=True)
    other = make_job("Firmware Engineer", employer=employer)
    quiet = make_job("Data Engineer", role="data-engineer")
    refresh_verified_sponsors()

    with django_assert_max_num_queries(6):
        page = seeker_client.get(other.get_absolute_url()).content.decode()
    assert "Gridline Robotics uses E-Verify (another of its postings carries the E-Verify " in page
    assert "STEM OPT</strong> (check)" not in page
    cards = seeker_client.get(SEARCH, {"routes": "on"}).content.decode()
    assert other.title in cards
    assert "STEM OPT (check)" in cards  # the unknown employer's card
    assert quiet.title in cards  # OPT itself still fits every job
    employer_page = seeker_client.get(employer.get_absolute_url()).content.decode()
    assert "Uses it: one of its job postings here carries the E-Verify notice." in employer_page


def test_the_admins_no_wins_over_what_other_postings_showed(seeker, seeker_client, staff):
    make_profile(seeker, ["IN"], status="opt", stem=True)
    employer = make_employer("Gridline Robotics")
    own_notice = make_job("Controls Engineer", employer=employer, e_verify=True)
    other = make_job("Firmware Engineer", employer=employer)
    refresh_verified_sponsors()
    admin = Client()
    admin.force_login(staff)
    form = {"name": employer.name, "slug": employer.slug, "naics": "", "cap_exempt_reason": "",
            "cap_exempt_note": "", "e_verify": "false", "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0"}  # fmt: skip

    saved = admin.post(f"/admin/listings/employer/{employer.pk}/change/", form)

    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert Employer.objects.get(pk=employer.pk).e_verify is False
    page = seeker_client.get(other.get_absolute_url()).content.decode()
    assert "STEM OPT</strong> (check)" in page
    assert "another of its postings" not in page
    found = seeker_client.get(SEARCH, {"e_verify": "on"}).content.decode()
    assert own_notice.title in found  # the posting's own notice is its own evidence
    assert other.title not in found
    employer_page = seeker_client.get(employer.get_absolute_url()).content.decode()
    assert "Our records say it is not enrolled in E-Verify" in employer_page


def test_a_posting_taking_stem_opt_candidates_is_evidence_too(seeker, seeker_client):
    make_profile(seeker, ["IN"], status="opt", stem=True)
    employer = make_employer("Brightwater Analytics")
    make_job("Analyst", employer=employer, visas=("f-1-stem-opt",))
    refused = make_employer("Closed Door Labs")
    make_job("Analyst", employer=refused, visas=("f-1-stem-opt",), sponsorship="refused")
    other = make_job("Scientist", employer=employer)
    refresh_verified_sponsors()

    assert Employer.objects.get(pk=employer.pk).e_verify_seen == "stem-opt"
    assert Employer.objects.get(pk=refused.pk).e_verify_seen is None
    page = seeker_client.get(other.get_absolute_url()).content.decode()
    assert "one of its postings says it takes STEM OPT candidates" in page


def test_the_profile_records_experience_and_the_cap_count(seeker, seeker_client):
    form = {"citizenships": ["IN"], "status": "h-1b", "degree": "associate", "stem": "",
            "experience_years": "7", "opt_end": "", "counted_against_cap": "false"}  # fmt: skip
    assert seeker_client.post("/accounts/profile/", form).status_code == 302
    saved = VisaProfile.objects.get(user=seeker)
    assert saved.experience_years == 7 and saved.counted_against_cap is False
    job = make_job("Platform Engineer", role="software-engineer")
    html = seeker_client.get(job.get_absolute_url()).content.decode()
    assert "never counted against the cap" in html and "Your 7 years&#x27; experience" in html


@pytest.mark.parametrize(
    "field, value",
    [("experience_years", "-1"), ("experience_years", "61"), ("experience_years", "x" * 5000),
     ("experience_years", "3.5"), ("counted_against_cap", "<script>")],
)  # fmt: skip
def test_bad_profile_answers_are_refused_with_a_message(seeker, seeker_client, field, value):
    form = {"citizenships": ["IN"], "status": "none", "degree": "bachelor",
            "experience_years": "", "counted_against_cap": "unknown", field: value}  # fmt: skip
    response = seeker_client.post("/accounts/profile/", form)
    if field == "counted_against_cap":  # an unknown answer reads as "not said"
        assert response.status_code == 302
        assert VisaProfile.objects.get(user=seeker).counted_against_cap is None
        return
    assert response.status_code == 400 and 'class="errorlist' in response.content.decode()
    assert not VisaProfile.objects.filter(user=seeker).exists()


def test_no_lottery_needed_keeps_routes_that_outlast_opt(
    seeker, seeker_client, django_assert_max_num_queries
):
    make_profile(
        seeker, ["CA"], status="opt", stem=True, opt_end=timezone.localdate() + timedelta(days=100)
    )
    tn = make_job("Power Engineer", role="electrical-engineer", days_ago=5)
    lottery = make_job("Growth Lead", role="product-manager", days_ago=1)
    university = make_job("Lab Programs Lead", role="product-manager", days_ago=3,
                          employer=exempt("Millbrook State University"))  # fmt: skip

    with django_assert_max_num_queries(8):
        html = seeker_client.get(SEARCH, {"no_lottery": "on"}).content.decode()
    assert tn.title in html and university.title in html and lottery.title not in html
    assert "No lottery needed" in html

    with django_assert_max_num_queries(8):
        html = seeker_client.get(SEARCH, {"routes": "on"}).content.decode()
    # OPT fits every job; those that need no lottery after it come first, newest first.
    order = [html.index(job.title + "<") for job in (university, tn, lottery)]
    assert order == sorted(order)


def test_anonymous_visitors_cannot_use_no_lottery(client):
    make_job("Power Engineer", role="electrical-engineer")
    html = client.get(SEARCH, {"no_lottery": "on"}).content.decode()
    assert "No lottery needed" in html and "Sign up free to use this filter" in html


def test_the_admin_refuses_cap_exempt_without_a_reason(staff, client):
    client.force_login(staff)
    employer = make_employer("Peach Career College")
    employer.naics = "611310"
    employer.save()
    url = f"/admin/listings/employer/{employer.pk}/change/"
    form = {"name": employer.name, "slug": employer.slug, "website": "", "naics": "611310",
            "cap_exempt": "on", "cap_exempt_reason": "", "cap_exempt_note": "",
            "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0"}  # fmt: skip
    response = client.post(url, form)
    assert (
        response.status_code == 200 and "Say which cap-exempt category" in response.content.decode()
    )
    assert not Employer.objects.get(pk=employer.pk).cap_exempt

    listing = client.get("/admin/listings/employer/", {"review": "colleges"}).content.decode()
    assert "Peach Career College" in listing


@pytest.mark.parametrize("lottery_free", [20, 25])  # 25: the first page ends on the last of them
def test_a_students_pages_list_lottery_free_jobs_first_and_miss_none(
    seeker, seeker_client, django_assert_max_num_queries, lottery_free
):
    make_profile(seeker, ["IN"], status="opt", stem=True)
    university = exempt("Millbrook State University")
    free = [make_job(f"Lab Engineer {i}", employer=university, days_ago=2 * i + 2)
            for i in range(lottery_free)]  # fmt: skip
    lottery = [make_job(f"Growth Engineer {i}", days_ago=2 * i + 1) for i in range(20)]
    seen, cursor = [], None
    for _ in range(3):
        params = {"routes": "on", **({"after": cursor} if cursor else {})}
        with django_assert_max_num_queries(8):
            response = seeker_client.get(SEARCH, params)
        page = response.context["page"]
        seen += [job.pk for job in page.jobs]
        cursor = page.next_cursor
        if not cursor:
            break
    assert seen == [job.pk for job in free] + [job.pk for job in lottery]


def test_the_green_card_route_names_the_employers_perm_record_for_the_occupation(
    seeker, seeker_client, django_assert_max_num_queries
):
    make_profile(seeker, ["IN"], status="h-1b", counted_against_cap=True)
    employer = make_employer("Peachtree Analytics")
    for _ in range(3):
        make_perm("PEACHTREE ANALYTICS INC", soc_code="15-2051")  # data scientists, last year
    make_perm("PEACHTREE ANALYTICS INC", soc_code="15-2051", status="Denied")
    make_perm("PEACHTREE ANALYTICS INC", soc_code="15-1252")  # software developers
    scientist = make_job("Data Scientist", role="data-scientist", employer=employer)
    developer = make_job("Backend Developer", role="software-engineer", employer=employer)
    refresh_verified_sponsors()
    year = current_fiscal_year() - 1

    with django_assert_max_num_queries(6):
        page = seeker_client.get(scientist.get_absolute_url()).content.decode()
    panel = page.split('id="routes-heading"')[1].split("</section>")[0]
    assert f"Peachtree Analytics had 3 PERM certifications for this occupation in FY{year}" in (
        panel
    )
    assert "Green card</strong> (check)" in panel
    other = seeker_client.get(developer.get_absolute_url()).content.decode()
    assert f"had 1 PERM certification for this occupation in FY{year}" in other
    # The cards' routes carry it too, from the same query as the cards.
    cards = seeker_client.get(SEARCH, {"role": "data-scientist"}).content.decode()
    assert "Green card (check)" in cards and "3 PERM certifications" in cards


def test_without_perm_filings_for_the_occupation_the_green_card_route_is_unchanged(
    seeker, seeker_client
):
    make_profile(seeker, ["IN"], status="h-1b", counted_against_cap=True)
    employer = make_employer("Peachtree Analytics")
    make_perm("PEACHTREE ANALYTICS INC", soc_code="15-1252")  # software developers only
    make_perm("PEACHTREE ANALYTICS INC", soc_code="15-2051", fiscal_year=current_fiscal_year())
    scientist = make_job("Data Scientist", role="data-scientist", employer=employer)
    refresh_verified_sponsors()

    page = seeker_client.get(scientist.get_absolute_url()).content.decode()
    panel = page.split('id="routes-heading"')[1].split("</section>")[0]
    assert "PERM certification" not in panel  # the current, partial year does not count
    assert "Green card</strong>: The posting does not offer a green card: ask the employer." in (
        page
    )
