from celery import shared_task

from listings.ingest import feeds
from listings.ingest.readers.records import FileRefused
from listings.ingest.sponsorship import reclassify
from listings.models import Feed
from listings.sponsors import verified
from listings.taxonomy.counts import refresh_listing_counts as refresh


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


@shared_task(bind=True, max_retries=3, retry_backoff=True)
def refresh_feed(self, feed_id: int) -> int:
    feed = Feed.objects.filter(pk=feed_id, active=True).first()
    if feed is None:
        return 0
    try:
        summary = feeds.refresh_feed(feed)
    except FileRefused as error:
        # Feeds fail transiently (timeouts, 5xx); the error stays on the feed for the admin.
        raise self.retry(exc=error, countdown=60 * 2**self.request.retries) from error
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
