"""Where jobs come from: registered feeds, the source records behind each job, and the record
of sponsorship changes that users who applied are told about."""

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
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


# What the board formats accept as a token (their public board names are like these).
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


class FeedQuerySet(models.QuerySet):
    def with_open_jobs(self) -> "FeedQuerySet":
        """Annotates `open_jobs`: open jobs the feed's last successful refresh listed."""
        jobs = (
            JobSource.objects.filter(
                feed=OuterRef("pk"), gone_at__isnull=True, job__expired_at__isnull=True
            )
            .values("feed")
            .annotate(count=Count("job_id", distinct=True))
            .values("count")
        )
        return self.annotate(open_jobs=Coalesce(Subquery(jobs), 0))


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
    # Why the feed is not refreshed ("" while active): an operator paused it, or it failed
    # too often in a row.
    pause_reason = models.CharField(max_length=200, blank=True)
    # What the last successful refresh read, so the next asks "changed since?" (a 304 costs
    # nothing) and identical content is not read again.
    etag = models.CharField(max_length=200, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    content_digest = models.CharField(max_length=64, blank=True, editable=False)
    # How that read was read (address, format, employer, reader version): validators for
    # one reading say nothing about another.
    read_as = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FeedQuerySet.as_manager()

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

    def clean(self) -> None:
        if self.location.startswith(("https://", "http://")):
            return
        if self.format not in _BOARD_URLS:
            raise ValidationError({"location": "This format needs the feed's https:// address."})
        if not _TOKEN.fullmatch(self.location):
            raise ValidationError(
                {"location": "A board token is letters, digits, '.', '_' or '-' (e.g. datadog)."}
            )

    @property
    def url(self) -> str:
        if self.location.startswith(("https://", "http://")):
            return self.location
        return _BOARD_URLS[self.format].format(self.location)

    @property
    def origin(self) -> str:
        """What the jobs of this feed are grouped by when expiring the ones that vanished."""
        return f"feed:{self.pk}"

    @property
    def status(self) -> str:
        """The feed's health in a few words, for `feeds list` and the admin."""
        if not self.active:
            return f"paused: {self.pause_reason or 'by an operator'}"
        if self.last_run_at is None:
            return "not refreshed yet"
        if self.consecutive_failures:
            stale = self.last_success_at and self.last_success_at < stale_before()
            since = f"; jobs not seen since {self.last_success_at:%b %-d}" if stale else ""
            return f"failing ({self.consecutive_failures} in a row{since})"
        return "ok"

    @property
    def next_refresh(self) -> datetime | None:
        """When beat's next refresh reaches it (None while paused)."""
        if not self.active:
            return None
        every = timedelta(seconds=settings.FEED_REFRESH_SECONDS)
        return max(self.last_run_at + every, timezone.now()) if self.last_run_at else None

    def record_success(self, summary: str, validators: tuple[str, str, str, str] = ("",) * 4):
        """`validators`: the read's ETag, Last-Modified, content digest and how it was read."""
        now = timezone.now()
        self.last_run_at = self.last_success_at = now
        self.last_error = ""
        self.last_summary = summary[:300]
        self.consecutive_failures = 0
        etag, modified, self.content_digest, self.read_as = validators
        self.etag, self.last_modified = etag[:200], modified[:100]
        self.save(
            update_fields=[
                "last_run_at",
                "last_success_at",
                "last_error",
                "last_summary",
                "consecutive_failures",
                "etag",
                "last_modified",
                "content_digest",
                "read_as",
            ]
        )

    def record_failure(self, error: str) -> None:
        """Keeps the error for the operator; pauses the feed after too many in a row."""
        self.last_run_at = timezone.now()
        self.last_error = error[:2000]
        self.consecutive_failures = models.F("consecutive_failures") + 1
        self.save(update_fields=["last_run_at", "last_error", "consecutive_failures"])
        self.refresh_from_db(fields=["consecutive_failures"])
        if self.active and self.consecutive_failures >= settings.FEED_PAUSE_AFTER_FAILURES:
            self.pause(f"{self.consecutive_failures} failed refreshes in a row")

    def pause(self, reason: str) -> None:
        self.active, self.pause_reason = False, reason[:200]
        self.save(update_fields=["active", "pause_reason"])

    def resume(self) -> None:
        self.active, self.pause_reason, self.consecutive_failures = True, "", 0
        self.save(update_fields=["active", "pause_reason", "consecutive_failures"])


def stale_before() -> datetime:
    """A job whose feed has not listed it since before this says when it was last seen."""
    return timezone.now() - timedelta(days=settings.FEED_STALE_DAYS)


class JobSource(models.Model):
    """One source record (a feed's id for a posting) behind a job. A posting seen twice, or
    reposted under another id or by another feed, is one job with several sources."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="sources")
    source = models.CharField(max_length=50)
    external_id = models.CharField(max_length=200)
    origin = models.CharField(
        max_length=1000, help_text="The feed or file this record was last read from."
    )
    # The registered feed behind `origin`, if it is one: its last successful refresh is when
    # this record was last seen listed (a refresh that changes nothing writes no row here).
    feed = models.ForeignKey(
        Feed, models.SET_NULL, null=True, blank=True, related_name="job_sources"
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
