"""Data directories for the embedded PostgreSQL servers that operations tests start."""

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def scratch_dir() -> Iterator[Path]:
    """A directory for an embedded PostgreSQL's data, outside pytest's tmp_path.

    As root, pgserver runs the server as the `pgserver` user, which must reach the data
    directory; any pytest starting on this machine resets /tmp/pytest-of-<user> to 0700,
    so a server under tmp_path can lose its data directory in the middle of a test.
    """
    path = Path(tempfile.mkdtemp(prefix="jobboard-test-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
