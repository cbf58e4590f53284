"""Refreshing registered feeds and expiring jobs whose time has passed."""

import hashlib

from django.utils import timezone

from listings.ingest.fetch import fetch
from listings.ingest.pipeline import run_import
from listings.ingest.readers.records import FileRefused
from listings.ingest.summary import Summary
from listings.ingest.upsert import PREPARE_VERSION
from listings.models import Feed, Job
from listings.taxonomy.counts import refresh_listing_counts


def refresh_feed(feed: Feed, allow_mass_expiry: bool = False) -> Summary:
    """Fetch and import one feed, recording the outcome on it; FileRefused (recorded) when
    it fails, ExpiryRefused when the read does not justify expiring what it lacks. A 304 or
    the same content as the last good read is a successful check that writes no job."""
    read_as = hashlib.sha256(
        "|".join([PREPARE_VERSION, feed.url, feed.format, feed.employer_name]).encode()
    ).hexdigest()
    # Asking "changed since?" is only right when the last read was imported in full, and
    # read the same way.
    known = feed.content_digest and feed.read_as == read_as
    etag, modified = (feed.etag, feed.last_modified) if known else ("", "")
    try:
        with fetch(feed.url, etag=etag, last_modified=modified, salt=read_as) as fetched:
            if fetched.not_modified or (known and fetched.digest == feed.content_digest):
                why = "HTTP 304" if fetched.not_modified else "same content"
                validators = (
                    fetched.etag or feed.etag,
                    fetched.last_modified or feed.last_modified,
                    feed.content_digest,
                    read_as,
                )
                feed.record_success(f"unchanged since the last refresh ({why})", validators)
                return Summary()
            summary = run_import(
                fetched.path,
                feed.format,
                origin=feed.origin,
                employer=feed.employer_name,
                allow_mass_expiry=allow_mass_expiry,
            )
    except FileRefused as error:
        feed.record_failure(str(error))
        raise
    validators = (fetched.etag, fetched.last_modified, fetched.digest, read_as)
    feed.record_success(summary.line(), validators)
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
