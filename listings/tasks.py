import logging

from celery import shared_task

from listings.ingest import feeds
from listings.ingest.readers.records import FileRefused
from listings.ingest.sponsorship import reclassify
from listings.models import Feed
from listings.sponsors import verified
from listings.taxonomy.counts import refresh_listing_counts as refresh

logger = logging.getLogger(__name__)


@shared_task
def refresh_listing_counts() -> int:
    return refresh()


@shared_task
def refresh_verified_sponsors() -> int:
    """Recent history slides as fiscal years turn over, even when no file is imported."""
    return verified.refresh_verified_sponsors()


@shared_task
def refresh_feeds() -> int:
    """Fan out: one task per active feed, so one failing feed delays no other."""
    ids = list(Feed.objects.filter(active=True).values_list("pk", flat=True))
    for pk in ids:
        refresh_feed.delay(pk)
    return len(ids)


@shared_task
def refresh_feed(feed_id: int, allow_mass_expiry: bool = False) -> int:
    """Jobs created or updated. A failure (the fetch retries network errors and 5xx itself)
    is recorded on the feed for `feeds list` and the admin, and expires nothing; beat's next
    refresh tries again, and too many in a row pause the feed."""
    feed = Feed.objects.filter(pk=feed_id, active=True).first()
    if feed is None:
        return 0
    try:
        summary = feeds.refresh_feed(feed, allow_mass_expiry=allow_mass_expiry)
    except FileRefused as error:
        logger.warning("feed %s refused: %s", feed.name, error)
        return 0
    return summary.created + summary.updated


@shared_task
def expire_jobs() -> int:
    return feeds.expire_jobs()


@shared_task
def reclassify_jobs() -> int:
    """Runs after a deploy that changed the classifier version; otherwise one index probe."""
    if not reclassify.pending():
        return 0
    return reclassify.reclassify_jobs().judged
