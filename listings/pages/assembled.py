"""Member listing pages assembled from cached parts.

A listing page is the same for every member who asks the same question with the same visa
profile, except for a few small things: the member's marks on each job (`pages.marks`), how
long ago each job was posted and last found open, and the CSRF token in its forms. So the page
is rendered once with a slot where each of those goes, cut at the slots and cached under (its
URL, the member's profile, today), with the versions it was rendered under: the jobs version
and the government-data version. Each member's request reads it back, reads their marks for
the page's jobs (kept in the sessions cache) and joins the parts with the slots filled. The
member's own marks are never part of what is cached. The web process that served a page
keeps its parts in memory too (`caching.recent_pages`).

The jobs version (`caching.bump_jobs_version`) changes whenever jobs do: a Job saved or
deleted one at a time (the admin), and every refresh of the listing counts, which every
import, expiry, re-classification and demo seeding runs after changing jobs in bulk (and beat
every five minutes). The government-data version is `caching.govdata_version`. A page's
count comes from `page_data.shared_capped_count`, shared for a minute: a page rendered just
after a change may keep a count from before it until the next version, at most five minutes
(a minute before pages were cached).

A page stored under other versions, or RENEW_AFTER_SECONDS or more ago, is renewed by one
request (the one that takes the page's renewal in Redis, across every web process), which
renders it again; members asking meanwhile get the page as it was until the new one is
stored, a fraction of a second. So a new version, or a page's renewal falling due, costs one
render rather than one for each member asking at that moment. A page is kept long past its
renewal (PAGE_SECONDS), so one nobody asked for since is still there to serve meanwhile.
"""

import dataclasses
import hashlib
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache, wraps
from typing import NamedTuple

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.timesince import timesince

from jobboard.csrf import get_token
from jobboard.postgres.base import NeedsDatabase
from listings.caching import (
    GOVDATA_VERSION_KEY,
    JOBS_VERSION_KEY,
    give_back_renewal,
    recent_pages,
    take_renewal,
)
from listings.pages import marks
from listings.pages.freshness import checked_words
from listings.visas.profile import profile_of

# A page is rendered again this long after it was stored, when next asked for; beat's count
# refresh bumps the jobs version every five minutes anyway.
RENEW_AFTER_SECONDS = 240
# Nothing on the page changes without a new version (posting ages are slots), so how long a
# page is kept only bounds what an unused page occupies. Well past its renewal: a page asked
# for again after a quiet spell is served as it was while one request renders it. Kept only
# until it was due, members who came to it at once all rendered it (p99 2 s on a page of the
# load benchmark that had gone unasked for five minutes).
PAGE_SECONDS = 900
# PostgreSQL text cannot hold a NUL character, so no job's text can contain a slot.
CSRF_SLOT = "\x00csrf:\x00"
_SLOTS = re.compile("\x00(csrf|age|fresh|mark):([^\x00]*)\x00")


def is_assembling(request: HttpRequest) -> bool:
    return getattr(request, "assembling", False)


def age_slot(posted_at: datetime) -> str:
    return f"\x00age:{posted_at.timestamp()}\x00"


def freshness_slot(job) -> str:
    """A slot for the job's "checked open ... ago" (pages.freshness), from its last check."""
    checked = getattr(job, "checked_at", None)
    return f"\x00fresh:{checked.timestamp() if checked else ''}\x00"


def posted_ago(posted_at: datetime, now: datetime) -> str:
    # timesince() returns plain words (digits, units, no-break spaces): nothing to escape.
    return f"{timesince(posted_at, now)} ago"


def context(request: HttpRequest) -> dict:
    """Context processor: while a page is assembled, templates write slots (`{% mark %}`
    reads `assembling`; `{% csrf_token %}` writes whatever `csrf_token` holds)."""
    return {"assembling": True, "csrf_token": CSRF_SLOT} if is_assembling(request) else {}


class Stored(NamedTuple):
    """A rendered page as cached: the versions it was rendered under, until when it needs no
    renewal (time.time()), and its parts."""

    versions: tuple
    renew_at: float
    parts: list[str]


def for_members(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serves a listing view's pages to members from cached parts (anonymous visitors are
    cache_for_anonymous's)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        request.assembling = True
        # A flash message belongs to one member: that page is rendered for them alone.
        if len(get_messages(request)):
            return _rendered(request, view(request, *args, **kwargs), key=None, versions=())
        key, versions = _key(request), _versions()
        now = time.time()
        stored = recent_pages.get(key, now)
        if stored is None or stored.versions != versions:
            stored = cache.get(key)
            if stored is not None and stored.versions == versions:
                recent_pages.put(key, stored.renew_at, stored)
        good = stored is not None and stored.versions == versions and now < stored.renew_at
        if good or (stored is not None and not _renews(request, key)):
            # Good, or being renewed by another request: this one is served as it stands.
            return HttpResponse(fill(request, stored.parts))
        try:
            response = _rendered(request, view(request, *args, **kwargs), key, versions)
        except NeedsDatabase:
            raise  # the request starts over on a render thread, still holding the renewal
        except BaseException:
            _give_back(request, key)
            raise
        _give_back(request, key)
        return response

    return wrapped


def _renews(request: HttpRequest, key: str) -> bool:
    """Whether this request renews the page: it took the renewal already (before it started
    over on a render thread, admission.inline_first), or takes it now."""
    if getattr(request, "renewing", None) == key:
        return True
    if take_renewal(key):
        request.renewing = key
        return True
    return False


def _give_back(request: HttpRequest, key: str) -> None:
    if getattr(request, "renewing", None) == key:
        give_back_renewal(key)
        request.renewing = None


def _rendered(request: HttpRequest, response: HttpResponse, key, versions) -> HttpResponse:
    """The page just rendered, with its slots filled; stored under `key` if it is a page."""
    if response.streaming:
        return response
    parts = split(response.content.decode())
    if key and response.status_code == 200:
        stored = Stored(versions, time.time() + RENEW_AFTER_SECONDS, parts)
        cache.set(key, stored, PAGE_SECONDS)
        recent_pages.put(key, stored.renew_at, stored)
    response.content = fill(request, parts)
    return response


def split(body: str) -> list[str]:
    """The page cut at its slots: text, kind, argument, text, kind, argument, ..., text."""
    return _SLOTS.split(body)


def fill(request: HttpRequest, parts: list[str]) -> str:
    """Joins the parts with this member's marks, ages and CSRF token in the slots."""
    slots = list(zip(parts[1::3], parts[2::3], parts[3::3], strict=True))
    wanted = [arg.partition(":") for kind, arg, _ in slots if kind == "mark"]
    states = getattr(request, "marks_known", None)  # the page was rendered for this request
    if states is None:
        states = marks.read(request.user, (int(job) for _, _, job in wanted))
    minute, token = timezone.now().timestamp() // 60, None
    out = [parts[0]]
    for kind, arg, text in slots:
        if kind == "mark":
            name, _, job = arg.partition(":")
            out.append(marks.control(name, states.get((name, int(job)), marks.UNMARKED)))
        elif kind in ("age", "fresh"):
            out.append(_words(kind, arg, minute))
        else:
            token = token or get_token(request)
            out.append(token)
        out.append(text)
    return "".join(out)


@lru_cache(maxsize=8192)
def _words(kind: str, arg: str, minute: float) -> str:
    """A posting's age or its last check in words, worked out once a minute: a page lists 25
    jobs, and every page of the minute says the same of each."""
    now = timezone.now()
    if kind == "age":
        return posted_ago(datetime.fromtimestamp(float(arg), UTC), now)
    return checked_words(datetime.fromtimestamp(float(arg), UTC) if arg else None, now)


def _key(request: HttpRequest) -> str:
    profile = profile_of(request)
    facts = (
        request.get_full_path(),
        _fingerprint(profile) if profile else None,
        timezone.localdate().isoformat(),  # routes count days (an OPT end date)
    )
    # "2": stored with its versions (Stored), where the key used to hold them.
    return "member-page2:" + hashlib.sha256(repr(facts).encode()).hexdigest()


def _versions() -> tuple:
    versions = cache.get_many([JOBS_VERSION_KEY, GOVDATA_VERSION_KEY])
    return versions.get(JOBS_VERSION_KEY), versions.get(GOVDATA_VERSION_KEY)


def _fingerprint(profile) -> tuple:
    """Every field of the profile, sets in a fixed order (a set's order differs by process)."""
    return tuple(
        (field.name, sorted(value) if isinstance(value, frozenset) else value)
        for field in dataclasses.fields(profile)
        for value in [getattr(profile, field.name)]
    )
