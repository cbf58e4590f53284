import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from listings.models import Employer, EmployerAlias, Job
from listings.sponsors.names import matched_names, normalize_employer_name
from listings.sponsors.verified import current_fiscal_year, refresh_verified_sponsors
from listings.tasks import refresh_verified_sponsors as refresh_task
from tests.factories import make_employer, make_filing, make_job

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name, normalized",
    [
        ("EQUIFAX INC.", "equifax"),
        ("Equifax", "equifax"),
        ("Equifax, Inc", "equifax"),
        ("ULTIMATE PHYSICAL THERAPY LLC.", "ultimate physical therapy"),
        ("Acme Co., L.L.C.", "acme"),
        ("Acme Corporation", "acme"),
        ("Smith & Jones LLP", "smith and jones"),
        ("Baker Dental P.C.", "baker dental"),
        ("Delta Partners, L.P.", "delta partners"),
        ("The Home Depot", "home depot"),
        ("FOOTHILL HEALTH CENTER D/B/A FOOTH", "foothill health center"),
        ("0965688 BC LTD DBA PROCOGIA", "0965688 bc"),
        ("Acme Widgets d.b.a. Widgetly", "acme widgets"),
        ("Café Société Ltd", "cafe societe"),
        ("Co", "co"),
        ("", ""),
        ("   ", ""),
        ("Null", ""),
        ("<script>alert(1)</script>", "script alert 1 script"),
        ("x" * 5000, "x" * 300),
    ],
)
def test_normalize_employer_name(name, normalized):
    assert normalize_employer_name(name) == normalized


def test_an_alias_overrides_what_normalisation_gets_wrong():
    alphabet = make_employer("Google")
    alphabet.normalized_name = "google"
    alphabet.save(update_fields=["normalized_name"])
    other = make_employer("Google Fiber Ops")
    EmployerAlias.objects.create(name="GOOGLE LLC", normalized_name="google", employer=other)
    EmployerAlias.objects.create(name="ALPHABET INC", normalized_name="alphabet", employer=alphabet)

    assert matched_names(alphabet) == ["alphabet"]
    assert matched_names(other) == ["google"]


def _silent_job(**overrides):
    return make_job(sponsorship=Job.Sponsorship.SILENT, sponsorship_evidence="", **overrides)


def test_silent_jobs_with_recent_certified_lcas_for_their_soc_and_state_are_listed():
    peach = make_employer("Peachtree Analytics")
    verified = _silent_job(employer=peach)
    texas = _silent_job(employer=peach, state="texas", city="Austin")
    other_role = _silent_job(employer=peach, role="software-engineer", title="Backend Engineer")
    remote = _silent_job(employer=peach, state=None, city=None)
    make_filing("PEACHTREE ANALYTICS, INC.")
    make_filing("Peachtree Analytics Inc", status="Denied")
    make_filing(
        "Peachtree Analytics Inc", worksite_state="TX", fiscal_year=current_fiscal_year() - 3
    )

    changed = refresh_verified_sponsors()

    flags = dict(Job.objects.values_list("pk", "verified_sponsor"))
    assert flags == {verified.pk: True, texas.pk: False, other_role.pk: False, remote.pk: True}
    assert changed == 2
    assert set(Job.objects.listed()) == {verified, remote}
    assert Employer.objects.get(pk=peach.pk).normalized_name == "peachtree analytics"


def test_refresh_is_one_update_for_the_jobs_and_clears_stale_flags():
    employer = make_employer("Piedmont Robotics")
    jobs = [_silent_job(employer=employer, verified_sponsor=True) for _ in range(5)]

    with CaptureQueriesContext(connection) as queries:
        refresh_verified_sponsors()

    job_updates = [q for q in queries if "UPDATE listings_job " in q["sql"]]
    assert len(job_updates) == 1
    assert not Job.objects.filter(pk__in=[j.pk for j in jobs], verified_sponsor=True).exists()


def test_alias_with_no_employer_stops_a_false_match():
    acme = make_employer("Acme")
    job = _silent_job(employer=acme)
    make_filing("ACME INC")
    EmployerAlias.objects.create(name="ACME INC", normalized_name="acme", employer=None)

    refresh_verified_sponsors()

    job.refresh_from_db()
    assert job.verified_sponsor is False


def test_employer_flags_come_from_the_latest_filing():
    college = make_employer("Georgia State University")
    make_filing(
        "Georgia State University",
        naics="611310",
        h1b_dependent=False,
        willful_violator=False,
        fiscal_year=current_fiscal_year() - 1,
    )
    make_filing(
        "Georgia State University", naics="611310", h1b_dependent=True, willful_violator=True
    )

    refresh_verified_sponsors()

    college.refresh_from_db()
    # The industry code is recorded, but never makes the college cap-exempt on its own.
    assert college.naics == "611310" and not college.is_cap_exempt
    assert college.h1b_dependent and college.willful_violator
    assert not Employer.objects.cap_exempt().exists()


def test_the_beat_task_refreshes():
    job = _silent_job(employer=make_employer("Peachtree Analytics"))
    make_filing()

    refresh_task()

    job.refresh_from_db()
    assert job.verified_sponsor


def test_staff_add_an_alias_in_the_admin_and_it_is_normalised(client, staff):
    client.force_login(staff)
    google = make_employer("Google")

    response = client.post(
        "/admin/listings/employeralias/add/", {"name": "GOOGLE LLC.", "employer": google.pk}
    )
    duplicate = client.post(
        "/admin/listings/employeralias/add/", {"name": "Google, Inc", "employer": google.pk}
    )
    empty = client.post("/admin/listings/employeralias/add/", {"name": "!!!", "employer": ""})

    assert response.status_code == 302
    assert EmployerAlias.objects.get().normalized_name == "google"
    assert duplicate.status_code == 200 and "exists already" in duplicate.content.decode()
    assert empty.status_code == 200 and EmployerAlias.objects.count() == 1
    for page in ("employer", "h1bapproval", "lcafiling", "prevailingwage", "dataimport"):
        assert client.get(f"/admin/listings/{page}/").status_code == 200
    assert client.get(f"/admin/listings/employer/{google.pk}/change/").status_code == 200
