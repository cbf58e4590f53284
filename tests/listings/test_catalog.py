"""The catalog of roles, states and cities: each web process keeps the copy it read, and
sees a change made anywhere on its next page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from listings.taxonomy.catalog import CATALOG_KEY, STAMP_KEY, catalog, forget_catalog
from tests.factories import make_city

pytestmark = pytest.mark.django_db


def test_a_process_keeps_its_copy_while_the_cached_catalog_is_the_same():
    first = catalog()
    with CaptureQueriesContext(connection) as queries:
        again = catalog()

    assert again is first  # not fetched and unpickled again
    assert len(queries) == 0


def test_a_change_forgotten_by_another_process_is_seen_on_the_next_read():
    before = catalog()
    make_city("Valdosta", "georgia")
    # What forget_catalog does in the process that changed something: drop the cached copy.
    # This process's own copy stays, as another process's would.
    cache.delete_many([STAMP_KEY, CATALOG_KEY])

    after = catalog()

    assert "valdosta" not in before.cities
    assert [place.label for place in after.cities["valdosta"]] == ["Valdosta, GA"]


def test_a_catalog_read_again_after_it_expired_replaces_every_processs_copy():
    before = catalog()
    make_city("Macon", "georgia")
    cache.clear()  # expired; another process reads it again, under a new stamp
    other = catalog()
    assert cache.get(STAMP_KEY) is not None

    assert "macon" not in before.cities
    assert catalog() is other and "macon" in other.cities


def test_forget_catalog_drops_this_processs_copy_too():
    before = catalog()
    make_city("Athens", "georgia")
    forget_catalog()

    assert "athens" not in before.cities
    assert "athens" in catalog().cities
