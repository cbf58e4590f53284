from datetime import timedelta

from django.apps import apps
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from listings.models.tracker import AppliedMark, SavedJob

# Pay periods in a working year (2,080 hours): salaries and wages compare across units only
# once annualised. The generated salary column, the wage levels and the LCA reader use this.
PERIODS_PER_YEAR = {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}


def annual_amount_expression(column: str) -> Case:
    """SQL for `column` (in the row's salary_unit) as a yearly amount."""
    # Reversed so the CASE keeps the order the generated column was created with.
    periods = [(unit, n) for unit, n in reversed(PERIODS_PER_YEAR.items()) if n != 1]
    return Case(
        *[When(salary_unit=unit, then=F(column) * n) for unit, n in periods],
        default=F(column),
        output_field=models.BigIntegerField(),
    )


class Role(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    soc_code = models.CharField("SOC code", max_length=7, help_text="e.g. 15-1252")
    soc_title = models.CharField("SOC title", max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(soc_code__regex=r"^\d{2}-\d{4}$"), name="role_soc_code_format"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("listings:role", args=[self.slug])


class State(models.Model):
    code = models.CharField(max_length=2, unique=True)
    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    notes = models.TextField(
        blank=True, help_text="Shown on this state's landing pages; leave empty for the default."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"), name="state_code_format"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class City(models.Model):
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="cities")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)

    class Meta:
        ordering = ["state__name", "name"]
        verbose_name_plural = "cities"
        constraints = [
            models.UniqueConstraint(fields=["state", "slug"], name="city_unique_slug_per_state"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.state.code}"


class EmployerQuerySet(models.QuerySet):
    def cap_exempt(self) -> "EmployerQuerySet":
        return self.filter(cap_exempt_q())


def cap_exempt_q(prefix: str = "") -> Q:
    """Only the admin flag, set with its reason: NAICS 6113 also holds for-profit colleges, which
    are not exempt, so an industry code alone never makes an employer cap-exempt."""
    return Q(**{f"{prefix}cap_exempt": True})


class Employer(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    website = models.URLField(blank=True)
    # How government files spell this employer once normalised (listings.sponsors.names); empty
    # until set, and filled by refresh_verified_sponsors() for employers created without it.
    normalized_name = models.CharField(max_length=300, blank=True, db_index=True, editable=False)
    naics = models.CharField(
        "NAICS code", max_length=6, blank=True, help_text="From the employer's LCA filings."
    )

    class CapExempt(models.TextChoices):
        UNIVERSITY = "university", "Public or nonprofit institution of higher education"
        AFFILIATE = "affiliate", "Nonprofit affiliated with such an institution"
        NONPROFIT_RESEARCH = "nonprofit-research", "Nonprofit research organization"
        GOVERNMENT_RESEARCH = "government-research", "Government research organization"

    class EVerifySeen(models.TextChoices):
        NOTICE = "notice", "A posting carries the E-Verify notice"
        STEM_OPT = "stem-opt", "A posting says it takes STEM OPT candidates"

    cap_exempt = models.BooleanField(
        "cap-exempt",
        default=False,
        help_text="Not subject to the H-1B cap: only with one of the reasons below. An industry "
        "code of 6113 (colleges) is not enough: for-profit colleges are subject to the cap.",
    )
    cap_exempt_reason = models.CharField(
        "why cap-exempt", max_length=20, choices=CapExempt, blank=True, default=""
    )
    cap_exempt_note = models.CharField(
        "cap-exempt evidence",
        max_length=300,
        blank=True,
        default="",
        help_text="Where this was checked, e.g. the institution's IPEDS control or its 501(c)(3).",
    )
    h1b_dependent = models.BooleanField("H-1B-dependent", default=False)
    # Three answers: enrolled, not enrolled, or not known (null), when what its postings
    # showed (e_verify_seen) decides. The admin's answer wins over the postings'.
    e_verify = models.BooleanField(
        "E-Verify",
        null=True,
        blank=True,
        default=None,
        help_text="Whether it is enrolled in E-Verify, which F-1 STEM OPT employment requires. "
        "Leave unknown to go by its postings; 'No' overrides what its other postings showed. "
        "Postings that carry the E-Verify notice are marked on their own.",
    )
    # Refreshed from the employer's postings after every import (refresh_e_verify_employers):
    # one posting's notice, or its plain acceptance of STEM OPT, holds for all its jobs. Null
    # (none seen) rather than "", so the column was added without rewriting the table.
    e_verify_seen = models.CharField(  # noqa: DJ001
        "E-Verify seen in postings", max_length=8, choices=EVerifySeen, null=True, editable=False
    )
    willful_violator = models.BooleanField(default=False)
    # The employer's record from the government files, as job cards state it: USCIS hub
    # H-1B approvals (initial and continuing) and certified PERM labor certifications, each
    # in the latest complete fiscal year that had any among the recent ones (null: none).
    # Refreshed with the verified-sponsor flags (listings.sponsors.verified).
    h1b_approvals = models.PositiveIntegerField(
        "H-1B approvals", null=True, blank=True, editable=False
    )
    h1b_approvals_year = models.PositiveSmallIntegerField(
        "fiscal year of the H-1B approvals", null=True, blank=True, editable=False
    )
    perm_certified = models.PositiveIntegerField(
        "PERM certifications", null=True, blank=True, editable=False
    )
    perm_certified_year = models.PositiveSmallIntegerField(
        "fiscal year of the PERM certifications", null=True, blank=True, editable=False
    )

    objects = EmployerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(
                fields=["naics"],
                opclasses=["varchar_pattern_ops"],  # the admin's "colleges to review" list
                name="employer_naics",
                condition=~Q(naics=""),
            ),
            models.Index("cap_exempt", name="employer_cap_exempt", condition=Q(cap_exempt=True)),
            models.Index("e_verify", name="employer_e_verify", condition=Q(e_verify=True)),
            models.Index(
                "e_verify_seen",
                name="employer_e_verify_seen",
                condition=Q(e_verify_seen__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("listings:employer", args=[self.slug])

    def clean(self) -> None:
        if self.cap_exempt and not self.cap_exempt_reason:
            raise ValidationError(
                {
                    "cap_exempt_reason": "Say which cap-exempt category this employer is in; an "
                    "industry code is not enough (for-profit colleges are subject to the cap)."
                }
            )

    @property
    def is_cap_exempt(self) -> bool:
        return self.cap_exempt

    @property
    def uses_e_verify(self) -> bool:
        """The admin's answer, or else what any of its postings showed."""
        if self.e_verify is not None:
            return self.e_verify
        return self.e_verify_seen is not None


class VisaType(models.Model):
    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=30, unique=True)
    description = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class JobQuerySet(models.QuerySet):
    def live(self) -> "JobQuerySet":
        """Jobs still open: not expired by their feed, not past their valid-through date."""
        today = timezone.localdate()
        return self.filter(expired_at__isnull=True).filter(
            Q(valid_through__isnull=True) | Q(valid_through__gte=today)
        )

    def listed(self) -> "JobQuerySet":
        """What listing pages show: live jobs that state sponsorship, or say nothing but come
        from an employer with a verified sponsorship history. Refusals are never listed."""
        return self.live().filter(
            Q(sponsorship=Job.Sponsorship.STATED)
            | Q(sponsorship=Job.Sponsorship.SILENT, verified_sponsor=True)
        )

    def posted_within(self, days: int) -> "JobQuerySet":
        # From the start of the current minute: the same search then is the same SQL for a
        # minute, and shares its cached count (listings.pages.page_data.shared_capped_count).
        now = timezone.now().replace(second=0, microsecond=0)
        return self.filter(posted_at__gte=now - timedelta(days=days))

    def for_cards(self) -> "JobQuerySet":
        """Everything a job card shows, in one query (visa names ride along as an array),
        and `checked_at`: when a successful refresh of a registered feed last listed the job
        (None for one-off imports; listings.pages.freshness words it)."""
        visas = VisaType.objects.filter(jobs=models.OuterRef("pk")).order_by("position")
        # By name: the source model lives in models.feeds, which imports this module.
        sources = apps.get_model("listings", "JobSource").objects.filter(
            job=models.OuterRef("pk"), gone_at__isnull=True, feed__isnull=False
        )
        checked = sources.values("job").annotate(at=models.Max("feed__last_success_at"))
        return self.select_related("employer", "city", "state", "role").annotate(
            visa_names=ArraySubquery(visas.values("name")),
            checked_at=models.Subquery(checked.values("at")),
        )

    def with_applied(self, user) -> "JobQuerySet":
        """Annotates `applied` (True, False or None: not answered) and `saved` for a
        signed-in user."""
        marks = AppliedMark.objects.filter(user=user, job=models.OuterRef("pk"))
        saved = SavedJob.objects.filter(user=user, job=models.OuterRef("pk"))
        return self.annotate(
            applied=models.Subquery(marks.values("applied")[:1]), saved=models.Exists(saved)
        )


class Job(models.Model):
    class Workplace(models.TextChoices):
        ONSITE = "onsite", "On-site"
        HYBRID = "hybrid", "Hybrid"
        REMOTE = "remote", "Remote"

    class SalaryUnit(models.TextChoices):
        YEAR = "year", "per year"
        MONTH = "month", "per month"
        WEEK = "week", "per week"
        DAY = "day", "per day"
        HOUR = "hour", "per hour"

    class EmploymentType(models.TextChoices):
        # The values are schema.org's employmentType words, so JSON-LD uses them as they are.
        FULL_TIME = "FULL_TIME", "Full-time"
        PART_TIME = "PART_TIME", "Part-time"
        CONTRACTOR = "CONTRACTOR", "Contract"
        TEMPORARY = "TEMPORARY", "Temporary"
        INTERN = "INTERN", "Internship"

    class Experience(models.TextChoices):
        # Read at import from the title and the years asked for (listings.ingest.experience).
        ENTRY = "entry", "Entry level"
        MID = "mid", "Mid level"
        SENIOR = "senior", "Senior"

    class Sponsorship(models.TextChoices):
        STATED = "stated", "Sponsorship offered"
        SILENT = "silent", "Not mentioned"
        REFUSED = "refused", "No sponsorship"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, db_index=False)
    # The composite indexes in Meta lead with these columns, so single-column ones are waste.
    role = models.ForeignKey(Role, models.PROTECT, related_name="jobs", db_index=False)
    employer = models.ForeignKey(Employer, models.PROTECT, related_name="jobs", db_index=False)
    state = models.ForeignKey(
        State, models.PROTECT, related_name="jobs", null=True, blank=True, db_index=False
    )
    city = models.ForeignKey(
        City, models.PROTECT, related_name="jobs", null=True, blank=True, db_index=False
    )
    workplace = models.CharField(max_length=6, choices=Workplace, default=Workplace.ONSITE)
    # Empty when neither the feed nor the posting's text says.
    employment_type = models.CharField(max_length=10, choices=EmploymentType, blank=True)
    # Empty when neither the title nor the years asked for say.
    experience = models.CharField(
        max_length=6, choices=Experience, blank=True, default="", db_default=""
    )
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_unit = models.CharField(max_length=5, choices=SalaryUnit, blank=True)
    description_html = models.TextField(help_text="Sanitised HTML.")
    apply_url = models.URLField(max_length=1000)
    posted_at = models.DateTimeField()
    valid_through = models.DateField(null=True, blank=True)
    expired_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=50)
    external_id = models.CharField(max_length=200)
    sponsorship = models.CharField(max_length=7, choices=Sponsorship, default=Sponsorship.SILENT)
    sponsorship_evidence = models.TextField(blank=True)
    # The classifier version that judged this job; older ones are judged again after a
    # deploy (listings.ingest.sponsorship.reclassify). 0: judged before versions were kept.
    sponsorship_version = models.PositiveSmallIntegerField(default=0, db_default=0)
    # Denormalised for listing speed: the employer has a verified H-1B/LCA history for this
    # job's role and state; maintained by the sponsorship-data imports.
    verified_sponsor = models.BooleanField(default=False)
    # The employer's record (Employer.h1b_approvals_year, perm_certified_year) copied onto
    # its jobs by the same refresh, so each choice of "Employer has sponsored" reads one
    # partial index in the page's order.
    sponsors_h1b = models.BooleanField(default=False, db_default=False)
    sponsors_green_card = models.BooleanField(default=False, db_default=False)
    # The posting carries the E-Verify participation notice (detected at import).
    e_verify = models.BooleanField(default=False)
    # The prevailing-wage level its salary reaches (0-4; None: no wage block), what the job
    # page's wage block shows (listings.sponsors.wages). Kept by the database: a trigger sets
    # it whenever the row is written, and wage imports refresh it (migration 0023).
    wage_level = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # What the posting says to F-1 students (listings.ingest.sponsorship.students): True
    # welcomes OPT (STEM OPT included) or CPT, False shuts them out, None says nothing.
    # Neither needs a petition, so a refusal that welcomes OPT still leaves the OPT route.
    accepts_opt = models.BooleanField(null=True, blank=True)
    accepts_cpt = models.BooleanField(null=True, blank=True)
    # An offer open to some routes only, as space-separated codes (VisaType codes and
    # "h-1b-transfer"): "tn e-3" for new visas for Canadians and Australians only. Empty:
    # any route the offer may need (listings.ingest.sponsorship.offers).
    offer_limited_to = models.CharField(max_length=100, blank=True, default="", db_default="")
    # Duplicate detection on import: jobs with the same employer, normalised title and place
    # share this key; only then are their descriptions compared.
    dedupe_key = models.CharField(max_length=32, blank=True, editable=False)
    # The employer's name and its aliases' names, so a keyword search finds a company
    # (listings.keywords). A generated column cannot read another table, so triggers keep
    # this in step: on every insert or change of employer here, and on every change to an
    # employer's name or aliases there (migration 0006_job_employer_names).
    employer_names = models.TextField(blank=True, default="", editable=False)
    visa_types = models.ManyToManyField(VisaType, related_name="jobs", blank=True)
    salary_annual = models.GeneratedField(
        expression=annual_amount_expression("salary_max"),
        output_field=models.BigIntegerField(null=True),
        db_persist=True,
    )
    # Weight A ranks first in keyword results (listings.keywords.ranks_first). Stored in the
    # row (STORAGE MAIN, migration 0022), not in the TOAST table: a search tests it row by row.
    search_vector = models.GeneratedField(
        expression=SearchVector("title", "employer_names", weight="A", config="english")
        + SearchVector("description_html", weight="B", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at", "-id"]
        indexes = [
            models.Index(
                "role",
                "state",
                F("posted_at").desc(),
                F("id").desc(),
                name="job_role_state_posted",
            ),
            models.Index(
                "state",
                F("posted_at").desc(),
                F("id").desc(),
                name="job_state_posted",
            ),
            models.Index(
                "city",
                F("posted_at").desc(),
                F("id").desc(),
                name="job_city_posted",
            ),
            models.Index(F("posted_at").desc(), F("id").desc(), name="job_posted"),
            # "Any job judged by an older classifier?" is asked every few minutes.
            models.Index(fields=["sponsorship_version", "id"], name="job_sponsorship_version"),
            models.Index(
                "workplace",
                F("posted_at").desc(),
                F("id").desc(),
                name="job_workplace_posted",
            ),
            models.Index(
                F("salary_annual").desc(nulls_last=True), F("id").desc(), name="job_salary"
            ),
            models.Index(
                "experience",
                F("posted_at").desc(),
                F("id").desc(),
                name="job_experience_posted",
                condition=~Q(experience=""),
            ),
            models.Index("employer", "role", "state", name="job_employer_role_state"),
            models.Index("dedupe_key", name="job_dedupe_key", condition=~Q(dedupe_key="")),
            models.Index(
                F("posted_at").desc(),
                F("id").desc(),
                name="job_e_verify_posted",
                condition=Q(e_verify=True),
            ),
            # "Employer has sponsored": this role here, any H-1B, a green card.
            models.Index(
                F("posted_at").desc(),
                F("id").desc(),
                name="job_verified_posted",
                condition=Q(verified_sponsor=True),
            ),
            models.Index(
                F("posted_at").desc(),
                F("id").desc(),
                name="job_sponsors_h1b_posted",
                condition=Q(sponsors_h1b=True),
            ),
            models.Index(
                F("posted_at").desc(),
                F("id").desc(),
                name="job_sponsors_gc_posted",
                condition=Q(sponsors_green_card=True),
            ),
            # New jobs are batched by arrival time for matching against saved searches.
            models.Index("created_at", name="job_created"),
            GinIndex("search_vector", name="job_search_vector"),
            # The A-weighted words alone, to find the matches that rank first.
            GinIndex(
                SearchVector("title", "employer_names", config="english"), name="job_ranked_words"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="job_unique_source_id"),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=F("salary_max")),
                name="job_salary_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True, salary_max__isnull=True) | ~Q(salary_unit=""),
                name="job_salary_has_unit",
            ),
            models.CheckConstraint(
                condition=Q(city__isnull=True) | Q(state__isnull=False),
                name="job_city_needs_state",
            ),
            models.CheckConstraint(
                condition=~Q(sponsorship="stated") | ~Q(sponsorship_evidence=""),
                name="job_stated_has_evidence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.employer}"

    def get_absolute_url(self) -> str:
        return reverse("listings:job_detail", args=[self.pk, self.slug or "job"])

    @property
    def is_expired(self) -> bool:
        if self.expired_at is not None:
            return True
        return self.valid_through is not None and self.valid_through < timezone.localdate()

    @property
    def closed_on(self):
        """The day the job closed (its feed stopped listing it, or its date passed)."""
        if self.expired_at is not None:
            closed = timezone.localdate(self.expired_at)
            return min(closed, self.valid_through) if self.valid_through else closed
        return self.valid_through if self.is_expired else None

    @property
    def offer_limits(self) -> frozenset[str]:
        """The codes an offer is limited to; empty when it is not limited."""
        return frozenset(self.offer_limited_to.split())

    @property
    def location(self) -> str:
        if self.city_id:
            return f"{self.city.name}, {self.state.code}"
        if self.state_id:
            return self.state.name
        return "Remote (US)"

    @staticmethod
    def make_slug(title: str, employer_name: str) -> str:
        return slugify(f"{title} {employer_name}")[:120].strip("-") or "job"
