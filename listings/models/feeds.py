"""Where jobs come from: registered feeds, the source records behind each job, and the record
of sponsorship changes that users who applied are told about."""

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from listings.models.jobs import Job

FORMAT_CHOICES = [
    ("greenhouse", "Greenhouse job board"),
    ("lever", "Lever postings"),
    ("ashby", "Ashby job board"),
    ("jsonld", "schema.org JobPosting (JSON-LD)"),
    ("csv", "CSV file"),
]

# A board token is turned into the public API address of its format.
_BOARD_URLS = {
    "greenhouse": "https://boards-api.greenhouse.io/v1/boards/{}/jobs?content=true",
    "lever": "https://api.lever.co/v0/postings/{}?mode=json",
    "ashby": "https://api.ashbyhq.com/posting-api/job-board/{}?includeCompensation=true",
}


class Feed(models.Model):
    name = models.CharField(max_length=100, unique=True)
    format = models.CharField(max_length=10, choices=FORMAT_CHOICES)
    location = models.CharField(
        max_length=1000,
        help_text="The feed's https:// address, or the board token for Greenhouse, Lever and "
        "Ashby (e.g. 'datadog').",
    )
    employer_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="Employer for feeds that do not name one (Ashby, Lever); optional.",
    )
    active = models.BooleanField(default=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_summary = models.CharField(max_length=300, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=[code for code, _ in FORMAT_CHOICES]),
                name="feed_known_format",
            ),
            models.CheckConstraint(condition=~Q(location=""), name="feed_has_location"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def url(self) -> str:
        if self.location.startswith(("https://", "http://")):
            return self.location
        return _BOARD_URLS[self.format].format(self.location)

    @property
    def origin(self) -> str:
        """What the jobs of this feed are grouped by when expiring the ones that vanished."""
        return f"feed:{self.pk}"

    def record_success(self, summary: str) -> None:
        now = timezone.now()
        self.last_run_at = self.last_success_at = now
        self.last_error = ""
        self.last_summary = summary[:300]
        self.consecutive_failures = 0
        self.save(
            update_fields=[
                "last_run_at",
                "last_success_at",
                "last_error",
                "last_summary",
                "consecutive_failures",
            ]
        )

    def record_failure(self, error: str) -> None:
        self.last_run_at = timezone.now()
        self.last_error = error[:2000]
        self.consecutive_failures = models.F("consecutive_failures") + 1
        self.save(update_fields=["last_run_at", "last_error", "consecutive_failures"])
        self.refresh_from_db(fields=["consecutive_failures"])


class JobSource(models.Model):
    """One source record (a feed's id for a posting) behind a job. A posting seen twice, or
    reposted under another id or by another feed, is one job with several sources."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="sources")
    source = models.CharField(max_length=50)
    external_id = models.CharField(max_length=200)
    origin = models.CharField(
        max_length=1000, help_text="The feed or file this record was last read from."
    )
    content_hash = models.CharField(max_length=32)
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    gone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="jobsource_unique_source_id"
            ),
        ]
        indexes = [
            models.Index("job", name="jobsource_job"),
            models.Index("origin", "last_seen_at", name="jobsource_origin_seen"),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id}"


class SponsorshipChangeQuerySet(models.QuerySet):
    def for_applicant(self, user) -> "SponsorshipChangeQuerySet":
        """Changes on jobs the user marked applied, made after they marked them."""
        return self.filter(
            job__applied_marks__user=user,
            job__applied_marks__applied=True,
            changed_at__gt=models.F("job__applied_marks__created_at"),
        )

    def record(self, changes: list[tuple[int, str, str, str]], when: datetime) -> int:
        """The flips among (job id, old state, new state, evidence): what users who marked
        those jobs applied are told. Used by re-imports and by re-classification alike."""
        flips = [
            SponsorshipChange(
                job_id=job_id, old_state=old, new_state=new, evidence=evidence, changed_at=when
            )
            for job_id, old, new, evidence in changes
            if old != new
        ]
        self.bulk_create(flips)
        return len(flips)


class SponsorshipChange(models.Model):
    """A re-import changed what a posting says about sponsorship (silent to refused, say)."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="sponsorship_changes")
    old_state = models.CharField(max_length=7, choices=Job.Sponsorship)
    new_state = models.CharField(max_length=7, choices=Job.Sponsorship)
    evidence = models.TextField(blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    objects = SponsorshipChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(old_state=models.F("new_state")), name="sponsorshipchange_is_change"
            ),
        ]
        indexes = [models.Index(fields=["job", "-changed_at"], name="sponsorshipchange_job_recent")]

    def __str__(self) -> str:
        return f"{self.job_id}: {self.old_state} -> {self.new_state}"
