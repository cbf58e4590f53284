"""Public sponsorship records: USCIS H-1B Employer Data Hub counts, DOL LCA filings, OFLC
prevailing wages, and how government employer names are matched to ours.

Government rows are keyed by a normalised employer name, not by a foreign key: employers
appear in feeds after (or before) their filings are imported, and a name matches whenever
both sides exist. `EmployerAlias` overrides the cases normalisation gets wrong."""

from django.db import models
from django.db.models import Q

from listings.models.jobs import PERIODS_PER_YEAR, Employer


class EmployerAlias(models.Model):
    """A government-file name that belongs to one of our employers (or to none of them:
    leave employer empty to stop a name matching the employer its normalisation suggests)."""

    name = models.CharField(max_length=300, help_text="The name as a government file spells it.")
    normalized_name = models.CharField(max_length=300, unique=True, editable=False)
    employer = models.ForeignKey(
        Employer,
        on_delete=models.CASCADE,
        related_name="aliases",
        null=True,
        blank=True,
        help_text="Empty: this name matches no employer.",
    )

    class Meta:
        verbose_name_plural = "employer aliases"
        indexes = [models.Index("employer", name="employeralias_employer")]

    def __str__(self) -> str:
        return f"{self.name} → {self.employer or 'no employer'}"


class H1BApproval(models.Model):
    """USCIS first decisions on H-1B petitions, summed per employer, fiscal year and
    petitioner state (the hub has no occupation, so it cannot verify a role by itself)."""

    normalized_name = models.CharField(max_length=300)
    employer_name = models.CharField(max_length=300)
    fiscal_year = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=2, blank=True)
    naics = models.CharField("NAICS sector", max_length=6, blank=True)
    initial_approvals = models.PositiveIntegerField(default=0)
    initial_denials = models.PositiveIntegerField(default=0)
    continuing_approvals = models.PositiveIntegerField(default=0)
    continuing_denials = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "H-1B hub count"
        constraints = [
            models.UniqueConstraint(
                fields=["normalized_name", "fiscal_year", "state"], name="h1b_one_row_per_key"
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000, fiscal_year__lte=2100), name="h1b_fiscal_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer_name} FY{self.fiscal_year} {self.state}"


class LCAFiling(models.Model):
    """One Labor Condition Application (H-1B, H-1B1 or E-3), the latest status of its case."""

    case_number = models.CharField(max_length=40, unique=True)
    status = models.CharField(max_length=40, blank=True)
    visa_class = models.CharField(max_length=40, blank=True)
    fiscal_year = models.PositiveSmallIntegerField()
    decision_date = models.DateField(null=True, blank=True)
    employer_name = models.CharField(max_length=300)
    normalized_name = models.CharField(max_length=300)
    naics = models.CharField("NAICS code", max_length=6, blank=True)
    soc_code = models.CharField("SOC code", max_length=7, blank=True)
    soc_title = models.CharField("SOC title", max_length=200, blank=True)
    job_title = models.CharField(max_length=300, blank=True)
    worksite_city = models.CharField(max_length=100, blank=True)
    worksite_county = models.CharField(max_length=100, blank=True)
    worksite_state = models.CharField(max_length=2, blank=True)
    wage_from = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    wage_to = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    wage_unit = models.CharField(max_length=10, blank=True)
    wage_annual = models.PositiveIntegerField(null=True, blank=True)
    prevailing_wage = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    pw_unit = models.CharField(max_length=10, blank=True)
    pw_annual = models.PositiveIntegerField(null=True, blank=True)
    pw_level = models.CharField(max_length=3, blank=True)
    h1b_dependent = models.BooleanField(null=True)
    willful_violator = models.BooleanField(null=True)

    class Meta:
        verbose_name = "LCA filing"
        indexes = [
            models.Index("normalized_name", "fiscal_year", name="lca_employer_year"),
            models.Index("soc_code", "worksite_state", "fiscal_year", name="lca_soc_state_year"),
            models.Index("worksite_state", "worksite_city", name="lca_state_city"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000, fiscal_year__lte=2100), name="lca_fiscal_year"
            ),
            models.CheckConstraint(
                condition=Q(soc_code="") | Q(soc_code__regex=r"^\d{2}-\d{4}$"),
                name="lca_soc_code_format",
            ),
        ]

    # Statuses are stored as the files spell them ("Certified", "CERTIFIED"); compare folded.
    CERTIFIED = "certified"

    def __str__(self) -> str:
        return f"{self.case_number} {self.employer_name}"

    @property
    def is_certified(self) -> bool:
        return self.status.lower() == self.CERTIFIED


class PermFiling(models.Model):
    """One PERM labor certification application (the first step of most employment green
    cards), the latest status of its case."""

    case_number = models.CharField(max_length=40, unique=True)
    status = models.CharField(max_length=40, blank=True)
    fiscal_year = models.PositiveSmallIntegerField()
    decision_date = models.DateField(null=True, blank=True)
    employer_name = models.CharField(max_length=300)
    normalized_name = models.CharField(max_length=300)
    naics = models.CharField("NAICS code", max_length=6, blank=True)
    soc_code = models.CharField("SOC code", max_length=7, blank=True)
    soc_title = models.CharField("SOC title", max_length=200, blank=True)
    job_title = models.CharField(max_length=300, blank=True)
    worksite_city = models.CharField(max_length=100, blank=True)
    worksite_state = models.CharField(max_length=2, blank=True)
    wage_from = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    wage_to = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    wage_unit = models.CharField(max_length=10, blank=True)
    wage_annual = models.PositiveIntegerField(null=True, blank=True)
    pw_level = models.CharField(max_length=3, blank=True)

    class Meta:
        verbose_name = "PERM filing"
        indexes = [
            models.Index("normalized_name", "fiscal_year", name="perm_employer_year"),
            models.Index("soc_code", "worksite_state", "fiscal_year", name="perm_soc_state_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000, fiscal_year__lte=2100), name="perm_fiscal_year"
            ),
            models.CheckConstraint(
                condition=Q(soc_code="") | Q(soc_code__regex=r"^\d{2}-\d{4}$"),
                name="perm_soc_code_format",
            ),
        ]

    # "Certified - Expired" was certified too: the employer did not file the next step in
    # the 180 days the certification lasts, which says nothing against its sponsorship.
    CERTIFIED_STATUSES = ("Certified", "Certified - Expired")

    def __str__(self) -> str:
        return f"{self.case_number} {self.employer_name}"

    @property
    def is_certified(self) -> bool:
        return self.status in self.CERTIFIED_STATUSES


class FilingYear(models.Model):
    """What one government name filed of one kind (hub, LCA, PERM) in one fiscal year, summed;
    each kind's rows are rebuilt by `listings.sponsors.yearly.refresh_filing_years()` after an
    import of that kind. Employer pages sum these few rows over an employer's names instead of
    reading its filings (a large employer has hundreds of thousands). A row fills the columns
    of its kind only."""

    normalized_name = models.CharField(max_length=300)
    kind = models.CharField(max_length=5)  # the DataImport.Kind of its file: hub, lca or perm
    fiscal_year = models.PositiveSmallIntegerField()
    hub_approved = models.PositiveIntegerField(null=True)
    hub_initial = models.PositiveIntegerField(null=True)  # approvals for new employment
    hub_denied = models.PositiveIntegerField(null=True)
    lca_filed = models.PositiveIntegerField(null=True)
    lca_certified = models.PositiveIntegerField(null=True)
    lca_no_status = models.PositiveIntegerField(null=True)  # rows the file gave no status
    perm_decided = models.PositiveIntegerField(null=True)
    perm_certified = models.PositiveIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["normalized_name", "kind", "fiscal_year"],
                name="filingyear_one_row_per_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.normalized_name} {self.kind} FY{self.fiscal_year}"


class SponsorEvidence(models.Model):
    """Certified H-1B LCAs per matched employer, SOC code, worksite state and fiscal year;
    rebuilt by `listings.sponsors.verified.refresh_verified_sponsors()`. Job cards read the evidence
    sentence from here; state "" sums every state (for remote jobs)."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="evidence")
    soc_code = models.CharField(max_length=7)
    state = models.CharField(max_length=2, blank=True)
    fiscal_year = models.PositiveSmallIntegerField()
    certified_lcas = models.PositiveIntegerField()

    class Meta:
        verbose_name_plural = "sponsor evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "soc_code", "state", "fiscal_year"],
                name="evidence_one_row_per_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.soc_code} {self.state} FY{self.fiscal_year}"


class PermEvidence(models.Model):
    """Certified PERM labor certifications per matched employer and SOC code, in the latest
    complete fiscal year that had any among the recent ones; rebuilt by
    `listings.sponsors.verified.refresh_verified_sponsors()`. The visa routes name them for
    the job's occupation."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="perm_evidence")
    soc_code = models.CharField(max_length=7)
    fiscal_year = models.PositiveSmallIntegerField()
    certified_perms = models.PositiveIntegerField()

    class Meta:
        verbose_name_plural = "PERM evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "soc_code"], name="perm_evidence_one_row_per_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.soc_code} FY{self.fiscal_year}"


class WageArea(models.Model):
    """An OEWS wage area: a metro area (CBSA code) or a nonmetropolitan area."""

    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=2, blank=True, help_text="The state of most counties.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or self.code


class WageCounty(models.Model):
    """Geography.csv: which wage area a county (or New England town) belongs to."""

    state = models.CharField(max_length=2)
    county = models.CharField(max_length=100)
    county_key = models.CharField(max_length=100, help_text="Normalised for matching.")
    area = models.ForeignKey(WageArea, on_delete=models.CASCADE, related_name="counties")

    class Meta:
        verbose_name_plural = "wage counties"
        constraints = [
            models.UniqueConstraint(fields=["state", "county"], name="wagecounty_unique"),
        ]
        indexes = [models.Index("state", "county_key", name="wagecounty_key")]

    def __str__(self) -> str:
        return f"{self.county}, {self.state}"


class LevelledWage(models.Model):
    """Hourly (or annual) wages for Levels I-IV of one SOC code in one wage area."""

    soc_code = models.CharField(max_length=7)
    level1 = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    level2 = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    level3 = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    level4 = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    average = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    annual = models.BooleanField(default=False, help_text="Values are annual, not hourly.")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.soc_code} in {self.area_id}"

    def annual_levels(self) -> list[int | None]:
        factor = 1 if self.annual else PERIODS_PER_YEAR["hour"]
        levels = (self.level1, self.level2, self.level3, self.level4)
        return [round(level * factor) if level is not None else None for level in levels]


class PrevailingWage(LevelledWage):
    """ALC_Export.csv: the all-industries wages most employers pay at least."""

    area = models.ForeignKey(WageArea, on_delete=models.CASCADE, related_name="wages")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["soc_code", "area"], name="wage_unique_soc_area"),
        ]


class AcwiaWage(LevelledWage):
    """EDC_Export.csv: the ACWIA wages that institutions of higher education, their affiliated
    nonprofits and nonprofit or government research organizations pay at least (INA 212(p)),
    a table of its own so the all-industries one is never rewritten to hold it."""

    area = models.ForeignKey(WageArea, on_delete=models.CASCADE, related_name="acwia_wages")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["soc_code", "area"], name="acwia_unique_soc_area"),
        ]


class CityWageArea(models.Model):
    """Which wage area each of our cities falls in; rebuilt after wage and LCA imports."""

    city = models.OneToOneField("listings.City", on_delete=models.CASCADE, primary_key=True)
    area = models.ForeignKey(WageArea, on_delete=models.CASCADE, related_name="cities")

    def __str__(self) -> str:
        return f"{self.city_id} in {self.area_id}"


class DataImport(models.Model):
    """One completed government-file import: what it was, when, and what it covered."""

    class Kind(models.TextChoices):
        HUB = "hub", "USCIS H-1B Employer Data Hub"
        LCA = "lca", "DOL LCA disclosure data"
        WAGES = "wages", "OFLC prevailing wage data"
        PERM = "perm", "DOL PERM disclosure data"

    kind = models.CharField(max_length=5, choices=Kind)
    file_name = models.CharField(max_length=300)
    imported_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField()
    skipped = models.PositiveIntegerField()
    first_year = models.PositiveSmallIntegerField(null=True)
    last_year = models.PositiveSmallIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "-imported_at"], name="dataimport_latest")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"
