import os
from importlib import import_module

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


@pytest.fixture(autouse=True)
def _taxonomy_after_flush(request):
    # A transactional test ends by emptying every table, the states, roles and visa types the
    # taxonomy migration loaded included: put them back for the transactional tests after it.
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction")
    if not transactional and "live_server" not in request.fixturenames:
        return
    from django.apps import apps

    from listings.models import Role

    if not Role.objects.exists():
        import_module("listings.migrations.0002_taxonomy").load_taxonomy(apps, None)


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
