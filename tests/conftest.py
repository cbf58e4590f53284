import pytest
from django.core.cache import cache

from listings.counts import refresh_listing_counts


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The cache is a real Redis shared by every test: start each one from empty.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def counts_refreshed(db):
    """Call after making jobs: rebuilds the summary the landing-page links read."""
    return refresh_listing_counts
