from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchQueryField
from django.db import models
from django.db.models import F, Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from alerts.search import FIELDS, kept_names
from listings.models import Job, Role, State
from listings.pages.filters import SPONSORED, JobFilter
from listings.taxonomy.vocabulary import ROLES, STATES, VISA_TYPES
from listings.visas import routes
from listings.visas.profile import Profile


class AlertQuerySet(models.QuerySet):
    def active(self) -> "AlertQuerySet":
        return self.filter(paused=False)

    def owned_by(self, user) -> "AlertQuerySet":
        return self.filter(user=user)

    def refresh_routes(self, profile: Profile | None) -> int:
        """Re-reads the routes of these alerts that filter on them from the member's new
        profile (None: deleted, and the filters no longer narrow anything). One UPDATE for
        each of the two route filters."""
        changed = self.filter(routes=True).update(**_route_columns(profile))
        return changed + self.filter(no_lottery=True).update(**_no_lottery_columns(profile))


def _route_columns(profile: Profile | None) -> dict:
    if profile is None:
        return {"route_terms": None, "route_terms_later": None, "route_terms_change": None}
    terms = routes.terms_over_time(profile, timezone.localdate())
    return {
        "route_terms": sorted(terms.now),
        "route_terms_later": sorted(terms.later),
        "route_terms_change": terms.change,
    }


def _no_lottery_columns(profile: Profile | None) -> dict:
    if profile is None:
        return {"no_lottery_terms": None}
    return {"no_lottery_terms": sorted(routes.no_lottery_terms(profile, timezone.localdate()))}


class Alert(models.Model):
    """A saved search with a frequency. The search is kept as the query string the search page
    understands, and its values are copied into columns so one SQL join can match every alert
    against a batch of new jobs (alerts.matching)."""

    class Frequency(models.TextChoices):
        INSTANT = "instant", "As they arrive"
        DAILY = "daily", "Once a day"
        WEEKLY = "weekly", "Once a week"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="alerts")
    query = models.CharField(max_length=1000, blank=True, help_text="Search page parameters.")
    frequency = models.CharField(max_length=7, choices=Frequency, default=Frequency.DAILY)
    paused = models.BooleanField(default=False)
    # The search, materialised for matching; empty or null means "any".
    keywords = models.CharField(max_length=200, blank=True)
    keywords_query = models.GeneratedField(
        expression=SearchQuery(F("keywords"), search_type="websearch", config="english"),
        output_field=SearchQueryField(),
        db_persist=True,
    )
    role = models.ForeignKey(Role, models.CASCADE, null=True, blank=True, related_name="+")
    state = models.ForeignKey(State, models.CASCADE, null=True, blank=True, related_name="+")
    city_slug = models.CharField(max_length=100, blank=True)
    visa_codes = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    workplace = models.CharField(max_length=6, choices=Job.Workplace, blank=True)
    posted_days = models.PositiveSmallIntegerField(null=True, blank=True)
    # "Employer has sponsored": a key of listings.pages.filters.SPONSORED, or "" for any.
    sponsored = models.CharField(
        "employer has sponsored",
        max_length=10,
        choices=[(key, label) for key, (label, _) in SPONSORED.items()],
        blank=True,
        default="",
    )
    cap_exempt_only = models.BooleanField(default=False)
    experience = models.CharField(max_length=6, choices=Job.Experience, blank=True)
    min_salary = models.PositiveIntegerField(null=True, blank=True)
    min_wage_level = models.PositiveSmallIntegerField(null=True, blank=True)
    e_verify_only = models.BooleanField(default=False)
    # "Open to my routes": the member's routes as job conditions (listings.visas.terms), copied
    # from their profile when the alert is saved and again whenever the profile changes, so
    # matching needs no profile. Null: no narrowing (not asked for, or no profile). Until
    # `route_terms_change` (the day OPT ends) `route_terms` hold, and `route_terms_later` after.
    routes = models.BooleanField("open to my routes", default=False)
    route_terms = ArrayField(models.CharField(max_length=20), null=True, blank=True)
    route_terms_later = ArrayField(models.CharField(max_length=20), null=True, blank=True)
    route_terms_change = models.DateField(null=True, blank=True)
    # "No lottery needed": the same for the routes that outlast OPT without the lottery.
    no_lottery = models.BooleanField("no lottery needed", default=False)
    no_lottery_terms = ArrayField(models.CharField(max_length=20), null=True, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    # The `matched_until` of the alert's last digest: deliveries matched after it wait for the next.
    digested_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="alert_user_recent"),
            # The matcher joins new jobs to alerts on these keys (alerts.matching).
            models.Index("role", "state", name="alert_role_state", condition=Q(paused=False)),
            models.Index("state", name="alert_state", condition=Q(paused=False)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(posted_days__isnull=True) | Q(posted_days__range=(1, 365)),
                name="alert_posted_days_range",
            ),
        ]

    def __str__(self) -> str:
        return self.describe()

    def get_absolute_url(self) -> str:
        return reverse("alerts:edit", args=[self.pk])

    @property
    def search_params(self) -> QueryDict:
        return QueryDict(self.query)

    @property
    def search_url(self) -> str:
        url = reverse("listings:search")
        return f"{url}?{self.query}" if self.query else url

    def set_search(self, cleaned: dict, profile: Profile | None = None) -> None:
        """Stores a JobFilter form's cleaned data as the query string and as match columns
        (alerts.search.FIELDS says which columns hold each field), and the member's routes
        from their profile when the search keeps to them."""
        params = QueryDict(mutable=True)
        for name in kept_names():
            value = cleaned.get(name)
            if value:
                params.setlist(name, sorted(value) if isinstance(value, list) else [value])
            for column, stored in zip(FIELDS[name].columns, FIELDS[name].store(value), strict=True):
                setattr(self, column, stored)
        self.query = params.urlencode()
        for column, stored in _route_columns(profile if self.routes else None).items():
            setattr(self, column, stored)
        for column, stored in _no_lottery_columns(profile if self.no_lottery else None).items():
            setattr(self, column, stored)

    def describe(self) -> str:
        """The search in words, from the query string alone (no query to the database)."""
        params = self.search_params
        roles = {r.slug: r.name for r in ROLES}
        states = {s.slug: s.name for s in STATES}
        what = roles.get(params.get("role", ""), "Jobs")
        if params.get("q"):
            what = f"{what} matching “{params['q']}”"
        city = params.get("city", "")
        where = (city.replace("-", " ").title() if city.islower() else city) or states.get(
            params.get("state", ""), ""
        )
        parts = [f"{what} in {where}" if where else what]
        if params.getlist("visa"):
            names = {v.code: v.name for v in VISA_TYPES}
            parts.append(", ".join(names.get(code, code) for code in params.getlist("visa")))
        if params.get("remote"):
            parts.append(Job.Workplace(params["remote"]).label)
        if params.get("posted"):
            parts.append(f"posted within {params['posted']} days")
        if params.get("experience") in Job.Experience:
            parts.append(Job.Experience(params["experience"]).label)
        if params.get("min_salary", "").isdigit():
            parts.append(f"at least ${int(params['min_salary']):,} a year")
        if params.get("wage_level", "") in ("1", "2", "3", "4"):
            parts.append(f"wage level {'I' * int(params['wage_level'])}+".replace("IIII", "IV"))
        if params.get("sponsored") in SPONSORED:
            parts.append(f"{_flag_label('sponsored')}: {SPONSORED[params['sponsored']][0]}")
        flags = ("cap_exempt", "routes", "no_lottery", "e_verify")
        parts += [_flag_label(name) for name in flags if params.get(name)]
        return " · ".join(parts)

    def pause(self, paused: bool = True) -> None:
        self.paused = paused
        self.save(update_fields=["paused", "updated_at"])


def _flag_label(name: str) -> str:
    """'Cap-exempt employers only', as the search page labels the filter."""
    return str(JobFilter.base_filters[name].label)


class Digest(models.Model):
    """One email to send: the jobs an alert has not yet sent, frozen when the digest is made,
    so a retry after a crash sends the same jobs under the same Message-ID. Its jobs are the
    alert's deliveries matched after `matched_after` (the previous digest's `matched_until`)
    up to and including `matched_until`; alerts.matching makes sure no delivery can be
    recorded inside that range once the digest exists."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Not sent"

    alert = models.ForeignKey(Alert, models.CASCADE, related_name="digests")
    status = models.CharField(max_length=9, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    # Who holds the digest while it is being sent, and since when: a claim older than
    # ALERTS_CLAIM_SECONDS belonged to a worker that died, and may be taken over.
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    matched_after = models.DateTimeField(null=True, blank=True)
    matched_until = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                "next_attempt_at",
                name="digest_due",
                condition=Q(status__in=["pending", "sending"]),
            ),
        ]
        constraints = [
            # At most one unsent digest per alert: the jobs of the next wait for this one.
            models.UniqueConstraint(
                fields=["alert"],
                condition=Q(status__in=["pending", "sending"]),
                name="digest_one_open_per_alert",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="digest_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Digest {self.pk} for alert {self.alert_id} ({self.status})"

    @property
    def message_id(self) -> str:
        """Deterministic, so a digest sent twice after a crash reads as one to mail clients."""
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"<alert-digest-{self.pk}.{self.alert_id}@{host}>"

    @property
    def deliveries(self) -> "models.QuerySet[Delivery]":
        found = Delivery.objects.filter(alert_id=self.alert_id, matched_at__lte=self.matched_until)
        if self.matched_after is not None:
            found = found.filter(matched_at__gt=self.matched_after)
        return found

    @staticmethod
    def backoff(attempts: int) -> timedelta:
        return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


class Delivery(models.Model):
    """An (alert, job) pair the matcher found; the unique constraint is what makes every job
    go out at most once per alert. It belongs to the alert's digest whose range of
    `matched_at` holds it, and waits while no digest does; it is sent once that digest is."""

    # The (alert, matched_at) index serves lookups by alert; the job index deleting a job.
    alert = models.ForeignKey(Alert, models.CASCADE, related_name="deliveries", db_index=False)
    # No database constraint on the job: checking it costs as much as writing the row, and the
    # matcher only pairs jobs it has just read. Deleting a job deletes its deliveries (Django's
    # cascade); a job deleted while a match runs can leave a pair for a job that no longer
    # exists, which nothing reads (digests join the job table) and no new job can take over
    # (ids are never reused).
    job = models.ForeignKey(
        Job, models.CASCADE, related_name="alert_deliveries", db_constraint=False
    )
    matched_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["alert", "job"], name="delivery_unique_alert_job"),
        ]
        indexes = [
            # A digest's jobs, and whether an alert has any waiting: a range of one alert's.
            models.Index("alert", "matched_at", name="delivery_alert_matched"),
        ]

    def __str__(self) -> str:
        return f"Job {self.job_id} for alert {self.alert_id}"

    @property
    def digest(self) -> Digest | None:
        """The digest that took this job, or None while it waits for one."""
        return (
            Digest.objects.filter(alert_id=self.alert_id, matched_until__gte=self.matched_at)
            .filter(Q(matched_after__isnull=True) | Q(matched_after__lt=self.matched_at))
            .first()
        )

    @property
    def digest_id(self) -> int | None:
        digest = self.digest
        return digest.pk if digest else None


class MatchCursor(models.Model):
    """Where the matcher got to: jobs created after `matched_until` (less an overlap for
    transactions that committed late) are the next batch. One row."""

    matched_until = models.DateTimeField()

    def __str__(self) -> str:
        return f"Matched up to {self.matched_until:%Y-%m-%d %H:%M:%S}"
