"""Deadlines on PostgreSQL: no web request waits on the database longer than its budget.

Three layers, each for what the one before cannot do:
- PostgreSQL's own `statement_timeout` and `lock_timeout`, set when a connection opens
  (settings.DATABASES: the web's short limits in web processes, longer ones for workers and
  management commands). A statement stuck behind a lock (a migration's ACCESS EXCLUSIVE) is
  cancelled by the server after DB_LOCK_TIMEOUT, any statement after DB_STATEMENT_TIMEOUT.
- In web processes, psycopg2 waits for every answer through `wait()` below, which gives up
  when the request's deadline (DB_STATEMENT_TIMEOUT after it arrived, plus GRACE_SECONDS
  for the server's own cancel to arrive) has passed. That covers a server that cannot cancel
  anything because it does not run at all (stopped, frozen, a network gone silent).
- `/readyz` probes on a connection of its own with a budget of READY_SECONDS (`probe()`).

Either way the page gets an OperationalError, which `jobboard.outage` turns into our 503 with
Retry-After.
"""

import select
import time
from collections.abc import Callable
from contextvars import ContextVar

import psycopg2
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from psycopg2 import extensions

# A statement the server should have cancelled by now gets this long for the cancel to arrive.
GRACE_SECONDS = 0.25
# /readyz answers within about this long, whatever the database does.
READY_SECONDS = 1.0

# The request's deadline (time.monotonic()), or None outside a request. A context variable
# rather than a thread-local: a page rendered on a render thread (listings.admission) runs in
# a copy of the request's context, deadline included.
_deadline: ContextVar[float | None] = ContextVar("database_deadline", default=None)


class DatabaseDeadline(psycopg2.OperationalError):
    """The database did not answer within the request's deadline."""


def server_options(statement_seconds: float, lock_seconds: float) -> str:
    """libpq's `options`: the limits PostgreSQL enforces on every statement of a connection."""
    statement, lock = round(statement_seconds * 1000), round(lock_seconds * 1000)
    return f"-c statement_timeout={statement} -c lock_timeout={lock}"


def serve_web() -> None:
    """Called once by a web process (jobboard.wsgi) before it serves: every wait on the
    database goes through wait(). (psycopg2 then cannot COPY, which no page does.)"""
    extensions.set_wait_callback(wait)


def wait(conn: extensions.connection) -> None:
    """psycopg2's wait callback: poll the connection until its answer is in, or the
    deadline passes. Raising here makes psycopg2 close the connection; Django opens a new
    one for the next request."""
    deadline = _deadline.get()
    if deadline is None:  # outside a request: one statement's limit
        deadline = time.monotonic() + settings.DB_STATEMENT_TIMEOUT + GRACE_SECONDS
    while True:
        state = conn.poll()
        if state == extensions.POLL_OK:
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise DatabaseDeadline("the database did not answer within the request's deadline")
        if state == extensions.POLL_READ:
            select.select([conn.fileno()], [], [], remaining)
        elif state == extensions.POLL_WRITE:
            select.select([], [conn.fileno()], [], remaining)
        else:
            raise psycopg2.OperationalError(f"unexpected poll state {state}")


def deadline_middleware(get_response: Callable) -> Callable:
    """Sets the request's deadline on the database, counted from its arrival: time it spent
    waiting for a render slot (listings.admission stamps `arrived_at`) is part of it."""

    def middleware(request: HttpRequest) -> HttpResponse:
        arrived = getattr(request, "arrived_at", None) or time.monotonic()
        token = _deadline.set(arrived + settings.DB_STATEMENT_TIMEOUT + GRACE_SECONDS)
        try:
            return get_response(request)
        finally:
            _deadline.reset(token)

    return middleware


def probe(sql: str = "SELECT 1 FROM listings_job LIMIT 1") -> bool:
    """Whether the database answers `sql` within READY_SECONDS, on a connection of its own
    (a pooled one could be the one that hangs). By default it reads the job table, the one a
    migration locks: a site that cannot read its jobs is not ready."""
    deadline = time.monotonic() + READY_SECONDS
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    lock = min(settings.DB_LOCK_TIMEOUT, READY_SECONDS / 2)
    params["options"] = server_options(READY_SECONDS, lock)
    try:
        conn = psycopg2.connect(**params, async_=True)
    except psycopg2.Error:
        return False
    try:
        _wait_async(conn, deadline)
        cursor = conn.cursor()
        cursor.execute(sql)
        _wait_async(conn, deadline)
        return True
    except psycopg2.Error:
        return False
    finally:
        conn.close()


def _wait_async(conn: extensions.connection, deadline: float) -> None:
    token = _deadline.set(deadline)
    try:
        wait(conn)
    finally:
        _deadline.reset(token)
