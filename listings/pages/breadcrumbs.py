"""The trail of pages above a page, shown as its breadcrumb and given to search engines as
schema.org BreadcrumbList JSON-LD from the same list, so the two never disagree."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from listings.models import City, Role, State


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str


def place_trail(
    role: Role | None = None, state: State | None = None, city: City | None = None
) -> list[Crumb]:
    """All jobs › role › state › city, as far as the page goes; All jobs › state for a
    state's own page."""
    crumbs = [Crumb("All jobs", reverse("listings:search"))]
    if state and not role:
        crumbs.append(Crumb(state.name, reverse("listings:state", args=[state.slug])))
    if role:
        crumbs.append(Crumb(role.name, reverse("listings:role", args=[role.slug])))
    if role and state:
        crumbs.append(Crumb(state.name, reverse("listings:landing", args=[role.slug, state.slug])))
    if role and state and city:
        args = [role.slug, state.slug, city.slug]
        crumbs.append(Crumb(city.name, reverse("listings:city", args=args)))
    return crumbs


def breadcrumb_list(request: HttpRequest, crumbs: list[Crumb]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.name,
                "item": request.build_absolute_uri(crumb.url),
            }
            for position, crumb in enumerate(crumbs, 1)
        ],
    }
