"""What members report happened after they applied, and the per-employer counts built from it.

The reports are about jobs and employers, and the employer page (listings) reads their counts,
so they live here beside AppliedMark; accounts owns the screens where members write them."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, JSONField, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import JSONObject

from listings.models.jobs import Job

# A report needs time to mean anything: most replies come within two weeks of applying.
REPORT_AFTER = timedelta(days=14)
# Counts appear only once this many different members reported on an employer, so no count
# can point at one person.
MIN_REPORTERS = 5


class OutcomeQuerySet(models.QuerySet):
    def counted(self) -> "OutcomeQuerySet":
        """Reports that count towards an employer's figures: every report staff have not hidden."""
        return self.filter(hidden=False)


def outcome_totals() -> Subquery:
    """An employer's counted reports as one JSON object (reporters, first, last, a count per
    result), for annotating the employer's own row: the employer page reads them with the
    employer, in no query of their own."""
    reports = (
        Outcome.objects.counted()
        .filter(job__employer=OuterRef("pk"))
        .order_by()
        .values("job__employer")  # one group: every report on this employer
        .annotate(
            totals=JSONObject(
                reporters=Count("user", distinct=True),
                first=Min("reported_at"),
                last=Max("reported_at"),
                **{r.value: Count("id", filter=Q(result=r)) for r in Outcome.Result},
            )
        )
    )
    return Subquery(reports.values("totals")[:1], output_field=JSONField())


@dataclass
class OutcomeSummary:
    reporters: int
    first: datetime
    last: datetime
    counts: list[tuple["Outcome.Result", int]]

    @classmethod
    def of(cls, totals: dict | None) -> "OutcomeSummary | None":
        """The summary an employer page shows, or None below MIN_REPORTERS members."""
        if not totals or totals["reporters"] < MIN_REPORTERS:
            return None
        counts = [(result, totals[result.value]) for result in Outcome.Result]
        first, last = (datetime.fromisoformat(totals[key]) for key in ("first", "last"))
        return cls(totals["reporters"], first, last, counts)

    @property
    def reports(self) -> int:
        return sum(count for _, count in self.counts)

    @property
    def mostly_no_sponsor(self) -> bool:
        """More than half of the reports say the employer told them it does not sponsor."""
        refused = dict(self.counts)[Outcome.Result.NO_SPONSOR]
        return refused * 2 > self.reports


class Outcome(models.Model):
    """A member's answer to "What happened?" for a job they applied to: one per job, changeable."""

    class Result(models.TextChoices):
        NO_REPLY = "no-reply", "No reply yet"
        REJECTED = "rejected", "Rejected"
        INTERVIEWED = "interviewed", "Interviewed"
        OFFER_SPONSORED = "offer-sponsored", "Offer with sponsorship"
        OFFER_UNSPONSORED = "offer-unsponsored", "Offer without sponsorship"
        NO_SPONSOR = "no-sponsor", "Told they do not sponsor"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outcomes"
    )
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="outcomes")
    result = models.CharField(max_length=17, choices=Result)
    reported_at = models.DateTimeField(auto_now=True)
    hidden = models.BooleanField(
        default=False, help_text="Hidden reports are left out of the employer's counts."
    )

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "job"], name="outcome_one_per_user_job"),
        ]

    def __str__(self) -> str:
        return f"{self.get_result_display()} (job {self.job_id})"
