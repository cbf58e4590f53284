"""Plain factories: make_x(**overrides) with sensible defaults, nothing clever."""

import itertools
import json
import re
from datetime import timedelta
from io import StringIO
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import VisaProfile
from alerts.models import Alert
from listings.models import (
    AppliedMark,
    City,
    CityWageArea,
    Employer,
    H1BApproval,
    Job,
    LCAFiling,
    PermFiling,
    PrevailingWage,
    Role,
    State,
    VisaType,
    WageArea,
)
from listings.pages.filters import JobFilter
from listings.sponsors.names import normalize_employer_name
from listings.sponsors.verified import current_fiscal_year
from listings.sponsors.wages import refresh_wage_levels

_sequence = itertools.count(1)


def make_employer(name: str | None = None) -> Employer:
    name = name or f"Test Employer {next(_sequence)}"
    employer, _ = Employer.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return employer


def make_city(name: str = "Atlanta", state: str = "georgia") -> City:
    city, _ = City.objects.get_or_create(
        state=State.objects.get(slug=state), slug=slugify(name), defaults={"name": name}
    )
    return city


def make_job(
    title: str = "Machine Learning Engineer",
    role: str = "machine-learning-engineer",
    state: str | None = "georgia",
    city: str | None = "Atlanta",
    employer: Employer | str | None = None,
    visas: tuple[str, ...] = ("h-1b",),
    days_ago: float = 1,
    **overrides,
) -> Job:
    n = next(_sequence)
    if not isinstance(employer, Employer):
        employer = make_employer(employer)
    fields = {
        "title": title,
        "slug": Job.make_slug(title, employer.name),
        "role": Role.objects.get(slug=role),
        "employer": employer,
        "state": State.objects.get(slug=state) if state else None,
        "city": make_city(city, state) if city and state else None,
        "description_html": f"<p>Build models for {employer.name}.</p>",
        "apply_url": f"https://careers.example.com/{n}",
        "posted_at": timezone.now() - timedelta(days=days_ago),
        "source": "test",
        "external_id": f"test-{n}",
        "sponsorship": Job.Sponsorship.STATED,
        "sponsorship_evidence": "We sponsor H-1B visas for this role.",
    }
    fields.update(overrides)
    job = Job.objects.create(**fields)
    job.visa_types.set(VisaType.objects.filter(code__in=visas))
    return job


def make_jobs(count: int, **overrides) -> list[Job]:
    return [make_job(days_ago=i + 1, **overrides) for i in range(count)]


PASSWORD = "a-long-test-passphrase-42"


def make_user(email: str = "seeker@example.com", verified: bool = True, **extra):
    user = get_user_model().objects.create_user(email, PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def make_filing(employer_name: str = "Peachtree Analytics Inc", **overrides):
    """One certified H-1B LCA in the current fiscal year, for a data scientist in Atlanta."""
    n = next(_sequence)
    fields = {
        "case_number": f"I-200-25001-{n:06d}",
        "status": "Certified",
        "visa_class": "H-1B",
        "fiscal_year": current_fiscal_year(),
        "employer_name": employer_name,
        "normalized_name": normalize_employer_name(employer_name),
        "soc_code": "15-2051",
        "soc_title": "Data Scientists",
        "job_title": "Machine Learning Engineer",
        "worksite_city": "ATLANTA",
        "worksite_county": "FULTON",
        "worksite_state": "GA",
        "wage_annual": 150000,
        "pw_annual": 120000,
        "pw_level": "II",
    }
    fields.update(overrides)
    return LCAFiling.objects.create(**fields)


def make_hub_row(employer_name: str = "Peachtree Analytics Inc", **overrides) -> H1BApproval:
    """USCIS hub counts for last fiscal year (the latest complete one), petitions filed in
    Georgia: 20 initial and 5 continuing approvals."""
    fields = {
        "employer_name": employer_name,
        "normalized_name": normalize_employer_name(employer_name),
        "fiscal_year": current_fiscal_year() - 1,
        "state": "GA",
        "initial_approvals": 20,
        "continuing_approvals": 5,
        "initial_denials": 1,
    }
    fields.update(overrides)
    return H1BApproval.objects.create(**fields)


def make_perm(employer_name: str = "Peachtree Analytics Inc", **overrides) -> PermFiling:
    """One certified PERM labor certification last fiscal year, for a data scientist in
    Atlanta."""
    n = next(_sequence)
    fields = {
        "case_number": f"G-100-25001-{n:06d}",
        "status": "Certified",
        "fiscal_year": current_fiscal_year() - 1,
        "employer_name": employer_name,
        "normalized_name": normalize_employer_name(employer_name),
        "soc_code": "15-2051",
        "soc_title": "Data Scientists",
        "job_title": "Data Scientist",
        "worksite_city": "ATLANTA",
        "worksite_state": "GA",
        "wage_annual": 140000,
    }
    fields.update(overrides)
    return PermFiling.objects.create(**fields)


def make_alert(user, query="", frequency="instant", age=timedelta(days=1), **fields):
    """An alert made `age` ago, so the jobs a test makes next are new to it; it keeps to the
    user's visa routes as their profile gives them, as the alert form does."""
    search = JobFilter(QueryDict(query)).form
    assert search.is_valid(), search.errors
    alert = Alert(user=user, frequency=frequency, **fields)
    profile = VisaProfile.objects.filter(user=user).first()
    alert.set_search(search.cleaned_data, profile.as_profile() if profile else None)
    alert.save()
    alert.created_at = timezone.now() - age
    Alert.objects.filter(pk=alert.pk).update(created_at=alert.created_at)
    return alert


# Job feeds as the importers read them.
def import_jobs(location, fmt, **options) -> str:
    out = StringIO()
    call_command("import_jobs", str(location), format=fmt, stdout=out, **options)
    return out.getvalue()


def greenhouse_job(**overrides) -> dict:
    job = {
        "id": 4001,
        "title": "Sr. ML Engineer II",
        "company_name": "Acme Robotics, Inc.",
        "absolute_url": "https://boards.greenhouse.io/acme/jobs/4001",
        "location": {"name": "Atlanta, GA"},
        "first_published": "2026-11-20T10:00:00-05:00",
        "updated_at": "2026-11-21T10:00:00-05:00",
        "content": "&lt;p&gt;Train models.&lt;/p&gt;&lt;p&gt;We sponsor H-1B visas for this "
        "role.&lt;/p&gt;",
        "metadata": None,
    }
    job.update(overrides)
    return job


def write_board(tmp_path, jobs, name="board.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}}))
    return path


def make_profile(user, citizenships=("CA",), **overrides):
    """A member's visa profile: by default a Canadian with a bachelor's degree and no US status."""
    fields = {"status": "none", "degree": "bachelor", "stem": False, "opt_end": None}
    fields.update(overrides)
    return VisaProfile.objects.create(user=user, citizenships=list(citizenships), **fields)


def make_applied(user, job, days_ago: float = 0, applied: bool = True):
    """An applied mark, dated `days_ago` (set after saving: the date is stamped on save)."""
    mark = AppliedMark.objects.create(user=user, job=job, applied=applied)
    if days_ago:
        when = timezone.now() - timedelta(days=days_ago)
        AppliedMark.objects.filter(pk=mark.pk).update(created_at=when, updated_at=when)
        mark.refresh_from_db()
    return mark


# A browser (Playwright page) signing up and confirming its address, as a visitor would.
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def sign_up_in_browser(page, email: str) -> None:
    """Fill in the sign-up form the page shows, send it and wait for "check your inbox"."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create my free account").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))


def confirm_in_browser(page, message_text: str) -> None:
    """Open the verification link of a sent message and confirm the address."""
    page.goto(CONFIRM_LINK.search(message_text).group(0))
    page.get_by_role("button", name="Confirm").click()


def make_wages(city: str = "Atlanta", state: str = "georgia", soc_code: str = "15-2051",
               hourly=(40, 50, 60, 70)) -> None:  # fmt: skip
    """Prevailing wages for one occupation in the wage area of one city (hourly, as the
    Department of Labor's file gives them: Level I at $40 is $83,200 a year)."""
    area, _ = WageArea.objects.get_or_create(code=f"A{slugify(city)[:8]}", name=f"{city} area")
    CityWageArea.objects.update_or_create(city=make_city(city, state), defaults={"area": area})
    levels = dict(zip(("level1", "level2", "level3", "level4"), hourly, strict=True))
    PrevailingWage.objects.update_or_create(area=area, soc_code=soc_code, defaults=levels)
    refresh_wage_levels()  # as a wage import does, for jobs made before
