"""Django's PostgreSQL backend, checking a pooled connection only when it may have gone stale.

With CONN_HEALTH_CHECKS, Django sends `SELECT 1` before the first statement of every request
that reuses a connection: a whole extra round trip to the server on every page. A connection
that answered a request less than TRUSTED_SECONDS ago is used without it; one that sat idle
longer, or whose last request met an error, is checked as before. A server restarted under
load costs nothing more: every connection in use then meets an error, and is checked (and
replaced) before its next use.

It also lets a thread promise to serve without the database (`without_database`): there, the
first use of a connection raises NeedsDatabase instead of connecting, so a page that usually
comes from caches can be tried on a thread that holds no connection and started over on one
that does (listings.admission.inline_first).
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db.backends.postgresql import base

TRUSTED_SECONDS = 1.0

_promised = threading.local()


class NeedsDatabase(Exception):
    """Raised on a thread inside `without_database()` where it would use the database."""


@contextmanager
def without_database() -> Iterator[None]:
    """On this thread, until the block ends, any use of the database raises NeedsDatabase."""
    before = getattr(_promised, "no_database", False)
    _promised.no_database = True
    try:
        yield
    finally:
        _promised.no_database = before


class DatabaseWrapper(base.DatabaseWrapper):
    # When a request last used this connection without an error (time.monotonic()).
    answered_at = float("-inf")

    def ensure_connection(self) -> None:
        # Every statement, cursor and transaction passes here before it reaches the server.
        if getattr(_promised, "no_database", False):
            raise NeedsDatabase(f"the database ({self.alias}) is needed")
        super().ensure_connection()

    def close_if_health_check_failed(self) -> None:
        fresh = time.monotonic() - self.answered_at < TRUSTED_SECONDS
        if self.connection is not None and fresh and not self.errors_occurred:
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def close_if_unusable_or_obsolete(self) -> None:
        # Django calls this as a request starts and as it finishes; the check of the request
        # that just finished (its first statement) means the connection was used in it.
        used = self.health_check_done and not self.errors_occurred
        super().close_if_unusable_or_obsolete()
        if used and self.connection is not None:
            self.answered_at = time.monotonic()

    def close(self) -> None:
        super().close()
        self.answered_at = float("-inf")
