"""Fetching a registered feed: a conditional GET (If-None-Match / If-Modified-Since from the
last good read), retried with backoff on network errors and 5xx, each wait bounded by a
timeout, the body spooled to a temporary file and hashed on the way. The import then reads
the file, so a network failure never happens half-way through the database work."""

import hashlib
import http.client
import socket
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings

from listings.ingest.readers.records import FileRefused

CHUNK = 64 * 1024
# A whole download may take this many timeouts (a server trickling bytes never ends it).
_TOTAL_TIMEOUTS = 10


@dataclass
class Fetched:
    path: str  # the body on disk ("" when not modified)
    etag: str
    last_modified: str
    digest: str  # of the body and what it is read as (see `fetch`)

    @property
    def not_modified(self) -> bool:
        return not self.path


class _Retry(Exception):
    """A failure worth another try (network, timeout, 5xx, a body cut short)."""


@contextmanager
def fetch(url: str, *, etag: str = "", last_modified: str = "", salt: str = "") -> Iterator:
    """Yields a Fetched; FileRefused once the tries are used up or at once for a 4xx.
    `salt` goes into the digest with the body: the same bytes read another way (another
    format, employer or reader version) are not the same content."""
    headers = {"User-Agent": "jobboard-feeds/1", "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    attempts, wait = settings.FEED_FETCH_ATTEMPTS, settings.FEED_FETCH_BACKOFF
    with tempfile.NamedTemporaryFile(prefix="feed-", suffix=".body") as body:
        for attempt in range(1, attempts + 1):
            try:
                fetched = _get(url, headers, body, salt)
                break
            except _Retry as error:
                if attempt == attempts:
                    tries = f" (after {attempts} tries)" if attempts > 1 else ""
                    raise FileRefused(f"{error}{tries}") from error
                time.sleep(wait * 2 ** (attempt - 1))
        yield fetched


def _get(url: str, headers: dict, body, salt: str) -> Fetched:
    timeout = settings.FEED_FETCH_TIMEOUT
    request = urllib.request.Request(url, headers=headers)
    try:
        response = urllib.request.urlopen(request, timeout=timeout)  # noqa: S310
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Fetched("", "", "", "")
        if error.code >= 500:
            raise _Retry(f"HTTP {error.code} {error.reason}") from error
        raise FileRefused(f"HTTP {error.code} {error.reason}") from error
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError | socket.timeout):
            raise _Retry(f"timed out after {timeout:g} s") from error
        if isinstance(error, ValueError):
            raise FileRefused(f"not a usable address ({error})") from error
        raise _Retry(f"cannot fetch ({reason})") from error
    with response:
        digest = _save(response, body, salt, timeout)
        etag = response.headers.get("ETag", "")
        modified = response.headers.get("Last-Modified", "")
    return Fetched(body.name, etag, modified, digest)


def _save(response, body, salt: str, timeout: float) -> str:
    body.seek(0)
    body.truncate()
    digest = hashlib.sha256(salt.encode())
    deadline = time.monotonic() + timeout * _TOTAL_TIMEOUTS
    try:
        while chunk := response.read(CHUNK):
            digest.update(chunk)
            body.write(chunk)
            if time.monotonic() > deadline:
                raise _Retry(f"still sending after {timeout * _TOTAL_TIMEOUTS:g} s")
    except http.client.IncompleteRead as error:
        raise _Retry("the body ended early (truncated)") from error
    except TimeoutError as error:
        raise _Retry(f"stopped sending (timed out after {timeout:g} s)") from error
    except (OSError, http.client.HTTPException) as error:
        raise _Retry(f"the connection broke ({error})") from error
    body.flush()
    expected = response.headers.get("Content-Length", "")
    if expected.isdigit() and body.tell() < int(expected):
        raise _Retry("the body ended early (truncated)")
    if body.tell() == 0:
        raise FileRefused("the feed answered with an empty body")
    return digest.hexdigest()
