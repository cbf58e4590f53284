"""How fresh a listing is, in the words cards and job pages use, and the JSON-LD
validThrough that agrees with them. A job's `checked_at` (Job.objects.for_cards) is the last
successful refresh of a registered feed that listed it: a check that finds nothing changed
moves it without writing the job."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.timesince import timesince

from listings.models import Job
from listings.models.feeds import stale_before

NOT_RECHECKED = "Posted on the employer's board; not rechecked"


def freshness(job: Job, now: datetime | None = None) -> str:
    """ "Checked open 3 hours ago"; "Not seen on the employer's board since Dec 1, 2026"
    once its feeds have failed for FEED_STALE_DAYS; NOT_RECHECKED for one-off imports."""
    checked = getattr(job, "checked_at", None)
    if checked is None:
        return NOT_RECHECKED
    now = now or timezone.now()
    if checked < stale_before():
        return f"Not seen on the employer's board since {checked:%b} {checked.day}, {checked.year}"
    return f"Checked open {timesince(checked, now, depth=1)} ago"


def valid_through(job: Job) -> date | None:
    """A closed job's last day; an open job's own date, or else the day our checks would
    stop vouching for it (its last check plus FEED_STALE_DAYS), whichever comes first."""
    if job.expired_at is not None:
        return job.closed_on
    checked = getattr(job, "checked_at", None)
    if checked is None:
        return job.valid_through
    vouched = timezone.localdate(checked) + timedelta(days=settings.FEED_STALE_DAYS)
    return min(vouched, job.valid_through) if job.valid_through else vouched
