"""Plain factories: make_x(**overrides) with sensible defaults, nothing clever."""

import itertools
from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from listings.models import City, Employer, Job, Role, State, VisaType

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
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(email, PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def make_filing(employer_name: str = "Peachtree Analytics Inc", **overrides):
    """One certified H-1B LCA in the current fiscal year, for a data scientist in Atlanta."""
    from listings.models import LCAFiling
    from listings.sponsors.names import normalize_employer_name
    from listings.sponsors.verified import current_fiscal_year

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
