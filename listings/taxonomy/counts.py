"""The ListingCount summary: how many listed jobs each (role, state, city) has."""

from django.db import transaction
from django.db.models import Count

from listings.caching import bump_jobs_version
from listings.models import Job, ListingCount


def refresh_listing_counts() -> int:
    """Recompute the whole summary in one transaction; readers never see it half-built."""
    rows = (
        Job.objects.listed()
        .filter(state__isnull=False)
        .values("role_id", "state_id", "city_id")
        .annotate(jobs=Count("id"))
        .order_by()
    )
    counts = [ListingCount(**row) for row in rows]
    with transaction.atomic():
        ListingCount.objects.all().delete()
        ListingCount.objects.bulk_create(counts, batch_size=5000)
    # Every bulk change of jobs ends here, so this is where assembled member pages expire.
    bump_jobs_version()
    return len(counts)
