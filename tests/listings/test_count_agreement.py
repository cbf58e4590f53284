"""Every count agrees: for each role and state of the demo, the home page's figure, the role's
or the state's own page, and the sum over their city pages (with the jobs that name no city)
are one number, and that number is what the database lists."""

from collections import defaultdict
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from listings.models import Job, ListingCount

pytestmark = pytest.mark.django_db


def test_home_role_state_and_city_pages_agree_for_every_role_and_state():
    call_command("seed_demo", jobs=600, stdout=StringIO())
    cache.clear()
    client = Client()
    home = client.get("/")
    home_html = home.content.decode()
    listed = Job.objects.listed()

    city_sums: dict[str, int] = defaultdict(int)
    cities = ListingCount.objects.filter(city__isnull=False)
    for role, state, city in cities.values_list("role__slug", "state__slug", "city__slug"):
        page = client.get(f"/visa-sponsorship-jobs/{role}/{state}/{city}/")
        city_sums[role] += page.context["total"]
        city_sums[state] += page.context["total"]

    for place in home.context["roles"]:
        page = client.get(f"/visa-sponsorship-jobs/{place.slug}/")
        truth = listed.filter(role__slug=place.slug).count()
        no_city = listed.filter(role__slug=place.slug, city__isnull=True).count()
        assert place.jobs == page.context["total"] == truth, place.slug
        assert city_sums[place.slug] + no_city == truth, place.slug
        assert f"{page.context['total_display']} open" in page.content.decode()

    assert len(home.context["states"]) >= 10
    for place in home.context["states"]:
        page = client.get(f"/visa-sponsorship-jobs/{place.slug}/")
        truth = listed.filter(state__slug=place.slug).count()
        no_city = page.context["places"].no_city
        assert place.jobs == page.context["total"] == truth, place.slug
        assert city_sums[place.slug] + no_city == truth, place.slug
        assert f'{place.slug}/">{place.name}</a> <span class="count">{place.jobs}<' in home_html
        assert f"We found {page.context['total_display']} open" in page.content.decode()
