"""Sitemaps list only what anonymous visitors may see: listing pages that have jobs, and the
detail pages of listed jobs."""

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from listings.models import Employer, Job, ListingCount, Role, State


class StaticSitemap(Sitemap):
    def items(self) -> list[str]:
        return ["listings:home", "listings:search"]

    def location(self, item: str) -> str:
        return reverse(item)


class RoleSitemap(Sitemap):
    def items(self) -> QuerySet:
        return Role.objects.filter(pk__in=ListingCount.objects.values("role_id"))


class StateSitemap(Sitemap):
    def items(self) -> QuerySet:
        return State.objects.filter(pk__in=ListingCount.objects.values("state_id")).order_by("slug")

    def location(self, state: State) -> str:
        return reverse("listings:state", args=[state.slug])


class LandingSitemap(Sitemap):
    def items(self) -> QuerySet:
        return (
            ListingCount.objects.filter(state__isnull=False)
            .values_list("role__slug", "state__slug")
            .distinct()
            .order_by("role__slug", "state__slug")
        )

    def location(self, item: tuple[str, str]) -> str:
        return reverse("listings:landing", args=item)


class CitySitemap(Sitemap):
    def items(self) -> QuerySet:
        return (
            ListingCount.objects.filter(city__isnull=False)
            .values_list("role__slug", "state__slug", "city__slug")
            .order_by("role__slug", "state__slug", "city__slug")
        )

    def location(self, item: tuple[str, str, str]) -> str:
        return reverse("listings:city", args=item)


class EmployerSitemap(Sitemap):
    def items(self) -> QuerySet:
        hiring = Job.objects.listed().values("employer_id")
        return Employer.objects.filter(pk__in=hiring).only("slug").order_by("slug")


class JobSitemap(Sitemap):
    limit = 10_000

    def items(self) -> QuerySet:
        return Job.objects.listed().only("id", "slug", "updated_at").order_by("-id")

    def lastmod(self, job: Job):
        return job.updated_at


SITEMAPS = {
    "pages": StaticSitemap,
    "roles": RoleSitemap,
    "states": StateSitemap,
    "landing": LandingSitemap,
    "cities": CitySitemap,
    "employers": EmployerSitemap,
    "jobs": JobSitemap,
}
