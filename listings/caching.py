"""Caching that never stands between a visitor and a page: whole pages for anonymous visitors
(search engines and first visits read the same few thousand landing pages, and for them a page
is a function of its URL alone), values computed once and shared, and the version under which
what is computed from government data is cached."""

import contextlib
import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from redis.exceptions import RedisError

from listings import admission


def cache_for_anonymous(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # A flash message belongs to one visitor; a page carrying one is never shared.
        if request.user.is_authenticated or len(get_messages(request)):
            return view(request, *args, **kwargs)
        key = "anon-page:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
        try:
            content = cache.get(key)
        except RedisError:
            return view(request, *args, **kwargs)
        if content is not None:
            return HttpResponse(content)
        # Not cached: the render waits its turn like any other (listings.admission).
        response = admission.render(lambda: view(request, *args, **kwargs))
        if response.status_code == 200 and not response.streaming:
            # Serving the page matters more than caching it.
            with contextlib.suppress(RedisError):
                cache.set(key, response.content, settings.ANONYMOUS_PAGE_CACHE_SECONDS)
        return response

    wrapped.cached_for_anonymous = True  # admission lets such requests straight in
    return wrapped


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
