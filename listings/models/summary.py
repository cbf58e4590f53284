"""The per-page job counts that landing pages, the home page and sitemaps read."""

from django.db import models

from listings.models.jobs import City, Role, State


class ListingCount(models.Model):
    """How many listed jobs each role has in each city (city null: no city given; state null:
    no state either, as for a remote job), rebuilt by
    `listings.taxonomy.counts.refresh_listing_counts()`. Home-page counts, sitemaps and the links
    between landing pages read this small table instead of counting a million jobs."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE)
    state = models.ForeignKey(State, on_delete=models.CASCADE, null=True)
    city = models.ForeignKey(City, on_delete=models.CASCADE, null=True)
    jobs = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["role", "state", "city"],
                name="listingcount_unique_place",
                nulls_distinct=False,
            ),
        ]
        indexes = [models.Index("state", "role", name="listingcount_state_role")]

    def __str__(self) -> str:
        return f"{self.role} in {self.city or self.state}: {self.jobs}"
