"""Admission control inside each web process: cheap answers never wait behind expensive ones.

A page that must be rendered (a member's page, an anonymous page not in the cache, a job
page, a form) runs on one of ADMISSION_SLOTS render threads; the thread that took the
request only waits for it. Waiting requests form a queue of at most ADMISSION_QUEUE, and a
request that has not started rendering after ADMISSION_WAIT seconds answers our 503 with
Retry-After instead of hanging. Cached anonymous pages, `/healthz` and `/readyz` never enter
the queue: gunicorn's other threads serve them at once.

Pages that usually come from caches whoever asks (a member's listing page assembled from
cached parts, the alerts page of a member without alerts) are tried first on the thread that
took the request, promising not to use the database (`inline_first`): most are served there
with no hand-off at all, and one that turns out to need the database stops at its first use
of it and starts over on a render thread.

Why threads of their own rather than a semaphore around the render: gunicorn hands requests
to its threads in order of arrival, so requests waiting for a slot must not hold what cheap
pages need. A thread waiting on a future costs nothing, and only the render threads ever
hold a PostgreSQL connection (Django keeps one per thread), so the number of connections is
the number of slots, however many threads gunicorn runs.
"""

import contextvars
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import caches
from django.db import close_old_connections, connections
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.urls import Resolver404, resolve

from jobboard.postgres.base import NeedsDatabase, without_database

# How soon a client turned away may try again.
BUSY_RETRY_SECONDS = 2
# Paths that never queue: probes a load balancer must get an answer from at once.
PROBES = frozenset({"/healthz", "/readyz"})
# Requests an inline_first view may serve without a render slot: they change nothing, so
# one can be started over.
SAFE_METHODS = frozenset({"GET", "HEAD"})

_local = threading.local()


class Gate:
    """This process's render threads, the count of requests waiting for one, and the places
    for members' pages served inline (`inline_first`)."""

    def __init__(self, slots: int, queue: int, wait: float) -> None:
        self.queue, self.wait = queue, wait
        self._pool = ThreadPoolExecutor(slots, thread_name_prefix="render")
        # As many as render at once: more pages in Python at the same time would only make
        # every page, cheap ones included, wait longer for the interpreter lock.
        self.inline = threading.BoundedSemaphore(slots)
        self._waiting = 0
        self._lock = threading.Lock()

    def render(self, work: Callable[[], HttpResponse]) -> HttpResponse:
        with self._lock:
            if self._waiting >= self.queue:
                return busy()
            self._waiting += 1
        started = threading.Event()
        _make_caches()
        try:
            # In a copy of this request's context: its deadline on the database goes along.
            future = self._pool.submit(contextvars.copy_context().run, _run, work, started)
            if not started.wait(self.wait) and future.cancel():
                return busy()
        finally:
            with self._lock:
                self._waiting -= 1
        return future.result()


def _make_caches() -> None:
    """Makes this thread's cache objects before its context is copied. Django keeps them in
    a context variable: made first inside the copy, they would be made again for every
    request, each with its own Redis connections."""
    for alias in settings.CACHES:
        caches[alias]


def _run(work: Callable[[], HttpResponse], started: threading.Event) -> HttpResponse:
    started.set()
    _local.rendering = True
    # What Django's request_started and request_finished signals do for the thread that
    # serves a request: they fire in gunicorn's thread, but the connection is this one's.
    close_old_connections()
    try:
        return work()
    finally:
        close_old_connections()
        _local.rendering = False


_gate: Gate | None = None
_gate_pid = 0
_gate_lock = threading.Lock()


def gate() -> Gate:
    """This process's gate, made on first use (after gunicorn forks its workers)."""
    global _gate, _gate_pid
    with _gate_lock:
        if _gate is None or _gate_pid != os.getpid():
            slots, queue = settings.ADMISSION_SLOTS, settings.ADMISSION_QUEUE
            _gate, _gate_pid = Gate(slots, queue, settings.ADMISSION_WAIT), os.getpid()
        return _gate


def render(work: Callable[[], HttpResponse]) -> HttpResponse:
    """Runs `work` (a page's render) on a render thread, or answers 503 when too many wait.
    Only in a web process (jobboard.wsgi): a management command or the test client renders
    in its own thread, on its own connection and transaction."""
    if not settings.WEB_PROCESS or getattr(_local, "rendering", False):
        return work()  # already admitted: this is part of that render
    return gate().render(work)


def inline_first(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a view whose pages usually come from caches: served on the thread that took the
    request while it needs no database; at its first use of the database it stops
    (NeedsDatabase) and the request renders on a render thread from the start. A member's
    page is served inline only while fewer than ADMISSION_SLOTS are; past that it waits for
    a render slot like any other.

    What the view did before it stopped must be safe to do twice: reads, and writes to
    caches of what it read. A view that writes anything else before its first query must
    not be marked. On the way out, after the view, the middleware may still use the
    database (a session saved); that rare connection is closed with the request
    (`_close_connections`)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.WEB_PROCESS or getattr(_local, "rendering", False):
            return view(request, *args, **kwargs)  # the middleware sent it to a slot
        # A visitor's page comes whole from the page cache, or renders in a slot, so it
        # takes no place.
        visitor = settings.SESSION_COOKIE_NAME not in request.COOKIES
        places = None if visitor else gate().inline
        if places is None or places.acquire(blocking=False):
            try:
                with without_database():
                    return view(request, *args, **kwargs)
            except NeedsDatabase:
                pass
            finally:
                if places is not None:
                    places.release()
        return render(lambda: view(request, *args, **kwargs))

    wrapped.inline_first = True  # admission lets its safe requests straight in
    return wrapped


def busy() -> HttpResponse:
    # No context processors: the page must cost nothing to make.
    response = HttpResponse(loader.get_template("busy.html").render(), status=503)
    response["Retry-After"] = str(BUSY_RETRY_SECONDS)
    return response


def admission_middleware(get_response: Callable) -> Callable:
    """Sends every request that must render through the gate. An anonymous request for a
    page cached whole (its view marked by listings.caching.cache_for_anonymous) goes on at
    once, as does a GET or HEAD of a view marked `inline_first`; their decorators send them
    through the gate when the page must be rendered after all."""

    def middleware(request: HttpRequest) -> HttpResponse:
        # The request's deadline on the database counts from here (jobboard.deadlines), so
        # time spent waiting for a slot is part of it.
        request.arrived_at = time.monotonic()
        if request.path_info in PROBES or _straight_in(request):
            try:
                return get_response(request)
            finally:
                _close_connections()
        return render(lambda: get_response(request))

    return middleware


def _close_connections() -> None:
    """Closes what a request served outside the render threads opened on the way out (a
    session saved after an inline_first view): only render threads keep connections."""
    if not settings.WEB_PROCESS:
        return  # the test client and commands serve on their own connection
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            connection.close()


def _straight_in(request: HttpRequest) -> bool:
    for_anonymous, inline = _marks(request.path_info)
    if inline and request.method in SAFE_METHODS:
        return True
    return for_anonymous and settings.SESSION_COOKIE_NAME not in request.COOKIES


@lru_cache(maxsize=4096)
def _marks(path: str) -> tuple[bool, bool]:
    """Whether the view at `path` serves anonymous visitors from the page cache, and whether
    it is inline_first. Remembered per path: URLs do not change while the process runs, and
    resolving costs as much as the rest of a cached page's routing."""
    try:
        func = resolve(path).func
    except Resolver404:
        return False, False
    return getattr(func, "cached_for_anonymous", False), getattr(func, "inline_first", False)
