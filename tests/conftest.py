import os
from importlib import import_module

import pytest
from django.apps import apps
from django.core.cache import cache
from django.test import Client

from listings import wordstats
from listings.models import Role
from tests.factories import make_user
from tests.servers import BoardServer, Inbox, RedisServer, Worker, purge_broker, start_smtp

# Benchmarks build a million rows: `make bench` runs them, `make test` leaves them out.
collect_ignore = [] if os.environ.get("JOBBOARD_BENCH") else ["bench"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The cache is a real Redis shared by every test: start each one from empty, and with
    # no process copy of the text statistics a test before read.
    cache.clear()
    wordstats.forget_local()
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


# Real mail and real workers: an SMTP server in a thread, Celery workers as subprocesses.
@pytest.fixture
def inbox():
    inbox = Inbox()
    controller = start_smtp(inbox)
    inbox.controller = controller
    yield inbox
    controller.stop()


@pytest.fixture
def workers(inbox, tmp_path):
    """Starts workers on demand (`workers.start(**env)`); stops all of them afterwards."""
    purge_broker()
    started = []

    class Workers:
        def start(self, **env) -> Worker:
            log_path = tmp_path / f"worker-{len(started)}.log"
            started.append(Worker(inbox.controller.port, log_path, **env))
            return started[-1]

    yield Workers()
    for worker in started:
        worker.stop()
    purge_broker()


@pytest.fixture
def redis_server(tmp_path):
    """A Redis of the test's own, to stall, kill and start again (tests.servers.RedisServer)."""
    server = RedisServer(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.kill()


@pytest.fixture
def boards(settings):
    """A local HTTP server of recorded job-board responses (tests.servers.BoardServer), with
    the fetch's waits shortened so retries and timeouts take a moment."""
    settings.FEED_FETCH_BACKOFF = 0.01
    settings.FEED_FETCH_TIMEOUT = 2.0
    server = BoardServer()
    yield server
    server.stop()
