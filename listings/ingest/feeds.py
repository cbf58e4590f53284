"""Refreshing registered feeds and expiring jobs whose time has passed."""

from django.utils import timezone

from listings.ingest.pipeline import run_import
from listings.ingest.readers.records import FileRefused
from listings.ingest.upsert import Summary
from listings.models import Feed, Job
from listings.taxonomy.counts import refresh_listing_counts


def refresh_feed(feed: Feed) -> Summary:
    """Import one feed and record the outcome on it; FileRefused (recorded) when it fails."""
    try:
        summary = run_import(feed.url, feed.format, origin=feed.origin, employer=feed.employer_name)
    except FileRefused as error:
        feed.record_failure(str(error))
        raise
    feed.record_success(summary.line())
    return summary


def expire_jobs() -> int:
    """Jobs past their valid-through date get an expiry time (listings already hide them;
    this records when, for the expired banner and the JSON-LD). Returns how many."""
    today = timezone.localdate()
    expired = Job.objects.filter(expired_at__isnull=True, valid_through__lt=today).update(
        expired_at=timezone.now()
    )
    if expired:
        refresh_listing_counts()
    return expired
