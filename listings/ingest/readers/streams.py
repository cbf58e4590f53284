"""Opening a path or URL as a byte stream, and reading JSON incrementally from it."""

import os
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

import ijson

from listings.ingest.readers.records import FileRefused

URL_TIMEOUT = 30  # seconds to connect, and between reads


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


@contextmanager
def open_source(location: str, timeout: float = URL_TIMEOUT) -> Iterator[tuple[BinaryIO, int]]:
    """(stream, size or 0) for a local path or an http(s) URL; FileRefused when it cannot be
    read at all."""
    if is_url(location):
        request = urllib.request.Request(location, headers={"User-Agent": "jobboard-import/1"})
        try:
            response = urllib.request.urlopen(request, timeout=timeout)  # noqa: S310
        except TimeoutError as error:
            raise FileRefused(f"timed out after {timeout:g} s") from error
        except urllib.error.HTTPError as error:
            raise FileRefused(f"HTTP {error.code} {error.reason}") from error
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError | socket.timeout):
                raise FileRefused(f"timed out after {timeout:g} s") from error
            raise FileRefused(f"cannot fetch ({reason})") from error
        with response:
            yield response, int(response.headers.get("Content-Length") or 0)
        return
    if not os.path.isfile(location):
        raise FileRefused("no such file")
    try:
        stream = open(location, "rb")  # noqa: SIM115 - closed below
    except OSError as error:
        raise FileRefused(f"cannot open ({error.strerror})") from error
    with stream:
        size = os.fstat(stream.fileno()).st_size
        if size == 0:
            raise FileRefused("the file is empty")
        yield stream, size


def _json_error(error: Exception) -> FileRefused:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    if isinstance(error, ijson.IncompleteJSONError) and "premature" in text.lower():
        return FileRefused("malformed JSON: the file ends early (truncated?)")
    return FileRefused(f"malformed JSON: {text[:200]}")


def iter_jobs(stream: BinaryIO, array_key: str) -> Iterator[object]:
    """The jobs of a feed document, streamed: the items of a top-level array, or of the array
    under `array_key` in a top-level object ({"jobs": [...]}); a top-level object without
    that key is itself one job (a single-job response). The rest of an envelope is ignored.
    FileRefused for malformed or truncated JSON, even after some items were read."""
    # One piece: a single pass over ijson's events whose state (where the items are, the
    # object being built, the envelope) only makes sense together.
    item_prefix = None  # known once the top level is seen
    builder, depth = None, 0
    has_array = False
    top = ijson.ObjectBuilder()
    try:
        for prefix, event, value in ijson.parse(stream, use_float=True):
            if item_prefix is None:
                if event not in ("start_map", "start_array"):
                    raise FileRefused("not a job feed: the JSON is neither an object nor a list")
                item_prefix = "item" if event == "start_array" else f"{array_key}.item"
            if builder is not None:
                builder.event(event, value)
                depth += _DEPTH.get(event, 0)
                if depth == 0:
                    yield builder.value
                    builder = None
            elif prefix == item_prefix:
                if event in _DEPTH:
                    builder, depth = ijson.ObjectBuilder(), 1
                    builder.event(event, value)
                else:
                    yield value
            elif prefix == array_key:
                has_array = True
            elif item_prefix != "item" and not prefix.startswith(f"{array_key}."):
                # The envelope (or a single job), kept small: the job array is not in it.
                top.event(event, value)
    except (ijson.JSONError, UnicodeDecodeError) as error:
        raise _json_error(error) from error
    except TimeoutError as error:
        raise FileRefused("the feed stopped sending (timed out)") from error
    if item_prefix is None:
        raise FileRefused("the file holds no JSON")
    single = getattr(top, "value", None)
    if isinstance(single, dict) and single and not has_array:
        yield single


_DEPTH = {"start_map": 1, "start_array": 1, "end_map": -1, "end_array": -1}
