import os

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import make_user

# Benchmarks build a million rows: `make bench` runs them, `make test` leaves them out.
collect_ignore = [] if os.environ.get("JOBBOARD_BENCH") else ["bench"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The cache is a real Redis shared by every test: start each one from empty.
    cache.clear()
    yield
    cache.clear()


# Personas: Sam the seeker, Olu the other seeker, Ada on the staff.
@pytest.fixture
def seeker(db):
    return make_user("sam@example.com")


@pytest.fixture
def other_seeker(db):
    return make_user("olu@example.com")


@pytest.fixture
def staff(db):
    return make_user("ada@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def seeker_client(seeker):
    client = Client()
    client.force_login(seeker)
    return client


@pytest.fixture
def other_client(other_seeker):
    client = Client()
    client.force_login(other_seeker)
    return client
