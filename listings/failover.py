"""Redis as a cache, never a single point of failure: a circuit breaker per Redis server, the
cache backend that falls back to this process's memory while Redis fails, and enqueueing a
Celery task from a request without waiting on a broker that does not answer.

A Redis that is down or stalled costs a request at most one short timeout: the first call that
fails opens the breaker, and for the next `cooldown` seconds every call in this process (all
threads) goes straight to the fallback. Then one call probes Redis again; the first success
closes the breaker, so service comes back within about `cooldown` of Redis returning.
"""

import logging
import threading
import time
from typing import Any

from celery import Task
from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class CircuitBreaker:
    """Closed: calls go through. Open: they do not, until the cooldown ends; then exactly one
    caller at a time probes (the others still skip) until a probe succeeds."""

    def __init__(self, name: str, cooldown: float) -> None:
        self.name, self.cooldown = name, cooldown
        self._open = False
        self._retry_at = 0.0
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self._open

    def allow(self) -> bool:
        if not self._open:
            return True
        with self._lock:
            now = time.monotonic()
            if now < self._retry_at:
                return False
            self._retry_at = now + self.cooldown  # this caller probes; the rest wait again
            return True

    def succeeded(self) -> None:
        if self._open:
            self._open = False
            logger.warning("%s answers again; circuit closed", self.name)

    def failed(self, error: Exception) -> None:
        with self._lock:
            if not self._open:
                logger.error("%s failed (%s); circuit open", self.name, error)
            self._open = True
            self._retry_at = time.monotonic() + self.cooldown


# One breaker per server for the whole process: Django makes a cache object per thread.
_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(name: str, cooldown: float) -> CircuitBreaker:
    with _breakers_lock:
        return _breakers.setdefault(name, CircuitBreaker(name, cooldown))


# One connection pool and one redis.Redis per server and options for the whole process.
# Django makes a cache object per thread and per context (a page rendered on a render thread,
# listings.admission, runs in a copy of its request's context), and each object would
# otherwise open connections of its own: a new TCP connection to Redis for every page.
_clients: dict[tuple, Any] = {}
_clients_lock = threading.Lock()


class SharedRedisCacheClient(RedisCacheClient):
    """Django's Redis client, with the process's shared pools and clients. Django's own makes
    a redis.Redis for every cache call, and redis-py builds a table of some 170 response
    callbacks for each one (about a third of a millisecond of CPU per call); one redis.Redis
    per pool serves every thread, taking a connection from the pool for each command."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = repr(sorted(self._pool_options.items()))
        self._shared = [(server, options) for server in self._servers]

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        shared = self._shared[self._get_connection_pool_index(write)]
        client = _clients.get(shared)
        if client is None:
            with _clients_lock:
                client = _clients.get(shared)
                if client is None:
                    pool = self._pool_class.from_url(shared[0], **self._pool_options)
                    client = _clients[shared] = self._client(connection_pool=pool)
        return client


class FailoverRedisCache(RedisCache):
    """Django's Redis cache; while Redis fails, a small in-process cache answers instead.

    The fallback keeps cached anonymous pages cheap and rate limits counting (per process,
    so N web processes allow up to N times a limit) while Redis is away. OPTIONS take,
    besides redis-py's own: BREAKER_COOLDOWN (seconds), FALLBACK_MAX_ENTRIES (0: no fallback,
    every read misses while Redis fails) and MAX_TIMEOUT (seconds no entry outlives)."""

    _OPERATIONS = (
        "add",
        "get",
        "set",
        "touch",
        "delete",
        "get_many",
        "has_key",
        "incr",
        "set_many",
        "delete_many",
        "clear",
    )

    def __init__(self, server: str, params: dict) -> None:
        options = dict(params.get("OPTIONS", {}))
        cooldown = float(options.pop("BREAKER_COOLDOWN", 1.0))
        max_entries = int(options.pop("FALLBACK_MAX_ENTRIES", 300))
        self._max_timeout = options.pop("MAX_TIMEOUT", None)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = SharedRedisCacheClient
        self._breaker = breaker_for(f"Redis cache at {server}", cooldown)
        fallback = {**params, "OPTIONS": {"MAX_ENTRIES": max_entries}}
        location = f"failover:{params.get('KEY_PREFIX', '')}:{server}"
        self._fallback = LocMemCache(location, fallback) if max_entries else DummyCache("", {})

    def validate_key(self, key: str) -> None:
        """Redis takes any key. Django's check warns of keys memcached would refuse, a loop
        over every character of every key on every call."""

    def get_backend_timeout(self, timeout: Any = DEFAULT_TIMEOUT) -> float | None:
        seconds = super().get_backend_timeout(timeout)
        if self._max_timeout is None:
            return seconds
        return self._max_timeout if seconds is None else min(seconds, self._max_timeout)

    def _call(self, operation: str, *args: Any, **kwargs: Any) -> Any:
        if self._breaker.allow():
            try:
                result = getattr(super(), operation)(*args, **kwargs)
            except RedisError as error:
                self._breaker.failed(error)
            else:
                self._breaker.succeeded()
                return result
        return getattr(self._fallback, operation)(*args, **kwargs)

    def add(self, *args: Any, **kwargs: Any) -> bool:
        return self._call("add", *args, **kwargs)

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get", *args, **kwargs)

    def set(self, *args: Any, **kwargs: Any) -> None:
        return self._call("set", *args, **kwargs)

    def touch(self, *args: Any, **kwargs: Any) -> bool:
        return self._call("touch", *args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> bool:
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args: Any, **kwargs: Any) -> dict:
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args: Any, **kwargs: Any) -> bool:
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args: Any, **kwargs: Any) -> int:
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args: Any, **kwargs: Any) -> list:
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args: Any, **kwargs: Any) -> None:
        return self._call("delete_many", *args, **kwargs)

    def clear(self) -> None:
        self._fallback.clear()
        return self._call("clear")


def enqueue(task: Task, *args: Any) -> bool:
    """Sends `task` without ever holding up the request: one attempt over a connection with
    the broker's short timeouts, skipped while the broker's breaker is open. Returns whether
    it was sent; work that matters is also recorded in PostgreSQL, so beat's next wake-up
    picks up what a lost message missed."""
    url = settings.CELERY_BROKER_URL
    breaker = breaker_for(f"Celery broker at {url}", settings.REDIS_BREAKER_COOLDOWN)
    if not breaker.allow():
        return False
    options = {
        "socket_connect_timeout": settings.REDIS_TIMEOUT,
        "socket_timeout": settings.REDIS_TIMEOUT,
        "max_retries": 0,  # kombu's default is to retry the connection for ever
    }
    try:
        with task.app.connection_for_write(url, transport_options=options) as connection:
            task.apply_async(args, connection=connection, retry=False)
    except (OperationalError, RedisError, OSError) as error:
        breaker.failed(error)
        return False
    breaker.succeeded()
    return True
