"""Pooled database connections: checked before reuse when they may have gone stale, and not
before every request while in steady use; a thread that promised to serve without the
database is stopped before it connects (jobboard.postgres)."""

import time

import psycopg2
import pytest
from django.core.signals import request_finished, request_started
from django.db import connection, connections, transaction

from jobboard.postgres.base import NeedsDatabase, without_database
from listings.models import Job
from tests.database import shared_database_url


def a_request() -> int:
    """What a page does with the connection: Django's signals around one statement."""
    request_started.send(sender=None)
    try:
        return Job.objects.count()
    finally:
        request_finished.send(sender=None)


def backend_pid() -> int:
    return connection.connection.info.backend_pid


def terminate(pid: int) -> None:
    admin = psycopg2.connect(shared_database_url())
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    admin.close()


@pytest.fixture
def checks(monkeypatch) -> list[bool]:
    """The health checks Django runs on this thread's connection, as they answer."""
    seen: list[bool] = []
    wrapper = type(connections["default"])
    real = wrapper.is_usable
    monkeypatch.setattr(wrapper, "is_usable", lambda self: seen.append(real(self)) or seen[-1])
    return seen


@pytest.mark.django_db(transaction=True)
def test_a_connection_in_steady_use_is_not_checked_before_each_request(checks):
    a_request()
    pid = backend_pid()

    for _ in range(5):
        a_request()

    assert checks == []  # no `SELECT 1` round trip before each page
    assert backend_pid() == pid


@pytest.mark.django_db(transaction=True)
def test_a_connection_that_died_while_idle_is_replaced_before_it_is_used(checks):
    a_request()
    stale = backend_pid()
    terminate(stale)  # what a database restart does to every pooled connection
    time.sleep(1.1)  # idle longer than a connection is trusted

    assert a_request() == 0  # the page still gets its answer

    assert checks == [False]
    assert backend_pid() != stale


@pytest.mark.django_db(transaction=True)
def test_a_thread_that_promised_no_database_is_stopped_at_its_first_use_of_it():
    connection.close()
    for use in (Job.objects.count, lambda: transaction.atomic().__enter__()):
        with without_database(), pytest.raises(NeedsDatabase):
            use()
        assert connection.connection is None  # it never connected

    assert Job.objects.count() == 0  # the promise ended with its block
