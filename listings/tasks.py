from celery import shared_task

from listings.counts import refresh_listing_counts as refresh


@shared_task
def refresh_listing_counts() -> int:
    return refresh()
