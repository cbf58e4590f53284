"""Whole-page caching for anonymous visitors: search engines and first visits read the same
few thousand landing pages, and for them a page is a function of its URL alone."""

import contextlib
import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from redis.exceptions import RedisError


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
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            # Serving the page matters more than caching it.
            with contextlib.suppress(RedisError):
                cache.set(key, response.content, settings.ANONYMOUS_PAGE_CACHE_SECONDS)
        return response

    return wrapped
