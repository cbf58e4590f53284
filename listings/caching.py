"""Caching that never stands between a visitor and a page: whole pages for anonymous visitors
(search engines and first visits read the same few thousand landing pages, and for them a page
is a function of its URL alone), values computed once and shared, and the version under which
what is computed from government data is cached."""

import contextlib
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import BaseCache, cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from redis.exceptions import RedisError

from listings import admission


class RecentPages:
    """The cached pages this web process served last (anonymous pages whole, the parts of
    member pages), each kept until the moment its copy in Redis is no longer good, so no page
    is staler in memory than in Redis. A page from here costs no round trip to Redis and no
    copy out of it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._pages: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, now: float) -> Any:
        with self._lock:
            found = self._pages.get(key)
            if found is None:
                return None
            if found[0] <= now:
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return found[1]

    def put(self, key: str, expires_at: float, content: Any) -> None:
        if not self.size:
            return
        with self._lock:
            self._pages[key] = (expires_at, content)
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


# Web processes only: elsewhere (the test client, a shell) every page comes from Redis.
recent_pages = RecentPages(settings.PAGES_IN_MEMORY if settings.WEB_PROCESS else 0)


# How long one request may hold a cached page's renewal: past it (it failed, its process
# died), another may take it. About a slow page's render.
RENEWAL_SECONDS = 5


def renewal_key(key: str) -> str:
    return "renewal:" + key


def take_renewal(key: str) -> bool:
    """Whether this request renews the cached page under `key`: no other request, in any web
    process, holds its renewal. While Redis is away the cache falls back to this process's
    memory (listings.failover), so each process renews its own copy."""
    return cache.add(renewal_key(key), 1, RENEWAL_SECONDS)


def give_back_renewal(key: str) -> None:
    cache.delete(renewal_key(key))


# An anonymous page is renewed in the last part of its time in the cache (this share of it) by
# the one request that takes its renewal; visitors asking meanwhile get the page as it is. So a
# popular page's time running out costs one render, not one for every visitor at that moment.
RENEW_SHARE = 0.25


class KeptPage(NamedTuple):
    """An anonymous page as cached (for ANONYMOUS_PAGE_CACHE_SECONDS): until when it needs no
    renewal (time.time()), and its body."""

    renew_at: float
    content: bytes


def anonymous_page_key(full_path: str) -> str:
    # "3": stored as a KeptPage, where "2" held (when it expires, the page).
    return "anon-page3:" + hashlib.sha256(full_path.encode()).hexdigest()


def cache_for_anonymous(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # A flash message belongs to one visitor; a page carrying one is never shared.
        if request.user.is_authenticated or len(get_messages(request)):
            return view(request, *args, **kwargs)
        key = anonymous_page_key(request.get_full_path())
        kept = recent_pages.get(key, time.time())
        if kept is None:
            try:
                kept = cache.get(key)
            except RedisError:
                return view(request, *args, **kwargs)
            if kept is not None:  # in memory until it is due for renewal, then read again
                recent_pages.put(key, kept.renew_at, kept)
        if kept is not None and (time.time() < kept.renew_at or not take_renewal(key)):
            return HttpResponse(kept.content)
        # Not cached, or this request renews it: the render waits its turn like any other
        # (listings.admission).
        try:
            response = admission.render(lambda: view(request, *args, **kwargs))
            if response.status_code == 200 and not response.streaming:
                _keep(key, response.content)
            elif kept is not None:
                return HttpResponse(kept.content)  # turned away or failed: the page as it was
        finally:
            if kept is not None:  # this request took the renewal
                give_back_renewal(key)
        return response

    wrapped.cached_for_anonymous = True  # admission lets such requests straight in
    return wrapped


def _keep(key: str, content: bytes) -> None:
    seconds = settings.ANONYMOUS_PAGE_CACHE_SECONDS
    kept = KeptPage(time.time() + seconds * (1 - RENEW_SHARE), content)
    # Serving the page matters more than caching it.
    with contextlib.suppress(RedisError):
        cache.set(key, kept, seconds)
    recent_pages.put(key, kept.renew_at, kept)


def forget_on_commit(store: BaseCache, key: str) -> None:
    """Deletes `key` now and again when the change being made commits: a request that read
    the rows as they were before may have cached them meanwhile."""
    store.delete(key)
    transaction.on_commit(lambda: store.delete(key))


def cached(key: str, compute: Callable[[], Any], timeout: int) -> Any:
    """cache.get_or_set that serves from the database while Redis is down."""
    try:
        return cache.get_or_set(key, compute, timeout=timeout)
    except RedisError:
        return compute()


GOVDATA_VERSION_KEY = "govdata-version"


def govdata_version() -> int:
    """Pages cache what they compute from government data under this version."""
    try:
        return cache.get(GOVDATA_VERSION_KEY) or 0
    except RedisError:
        return 0


def bump_govdata_version() -> None:
    """Called after a government-data import, so cached answers computed from it expire."""
    with contextlib.suppress(RedisError):
        cache.set(GOVDATA_VERSION_KEY, govdata_version() + 1, timeout=None)


JOBS_VERSION_KEY = "jobs-version"


def bump_jobs_version(**_signal) -> None:
    """Jobs changed: member pages assembled before (listings.pages.assembled) are not read
    again. Called after every bulk change of jobs, and a receiver of Job's save and delete."""
    with contextlib.suppress(RedisError):
        cache.set(JOBS_VERSION_KEY, time.time_ns(), timeout=None)
