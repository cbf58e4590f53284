"""The services under var/ for one command, so `python manage.py ...`, `make backup` and
`make restore` work as typed on the embedded default (DATABASE_URL / REDIS_URL unset).

A running `make run` is joined: its PostgreSQL through pgserver, its Redis through the pid
file it leaves in var/redis/. With none running, the embedded PostgreSQL is started for the
command (pgserver stops it again when its last user exits) and a throwaway Redis beside it,
stopped when the command ends. A URL that is set wins, as everywhere else.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

from jobboard import devserver


class LocalServicesError(Exception):
    """var/ is not in a state a command can use; the message says what to do."""


def _shown(path: Path) -> str:
    """path as the operator types it: relative to the checkout."""
    repo = devserver.REPO
    return str(path.relative_to(repo)) if path.is_relative_to(repo) else str(path)


def _process_name(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except (FileNotFoundError, ProcessLookupError):
        return None


def _check_pid_file(pgdata: Path) -> bool:
    """Whether a PostgreSQL is running on pgdata; raise on a pid file no one can use."""
    pid_file = pgdata / "postmaster.pid"
    try:
        lines = pid_file.read_text().splitlines()
    except FileNotFoundError:
        return False
    # pgserver reads all eight lines; a file cut short would fail inside it.
    if len(lines) != 8 or not lines[0].strip().isdigit():
        raise LocalServicesError(
            f"{_shown(pid_file)} is unreadable: if `make run` is not running, delete it and retry"
        )
    name = _process_name(int(lines[0]))
    if name is None:
        return False  # stale: PostgreSQL itself replaces it on start
    if name != "postgres":
        raise LocalServicesError(
            f"{_shown(pid_file)} names process {lines[0].strip()} ({name}), not PostgreSQL: "
            "the server was killed; delete that file and retry"
        )
    if lines[7].strip() != "ready":
        raise LocalServicesError(
            f"PostgreSQL in {_shown(pgdata)} is {lines[7].strip()}: wait a moment and retry"
        )
    return True


def check_pgdata(pgdata: Path, create: bool = False) -> bool:
    """Refuse a var/ a command cannot use, with what to do; True if a server is running."""
    if not pgdata.exists():
        if create:
            return False
        raise LocalServicesError(
            f"no local database yet ({_shown(pgdata)} is missing): run `make run` once, "
            "or `python manage.py migrate` to create an empty one"
        )
    if not (pgdata / "PG_VERSION").exists():
        raise LocalServicesError(
            f"{_shown(pgdata)} is not a PostgreSQL data directory (no PG_VERSION): move it "
            "aside and run `make run` to create a fresh one"
        )
    return _check_pid_file(pgdata)


def running_redis(data_dir: Path) -> str | None:
    """The URL of the Redis `make run` started in data_dir, if it is still answering."""
    try:
        pid = int((data_dir / "redis.pid").read_text())
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        port = int(args[args.index(b"--port") + 1])
    except (FileNotFoundError, ProcessLookupError, ValueError, IndexError):
        return None  # no pid file, a dead pid, or a process that is not our redis-server
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        return url if b"redis-server" in args[0] and client.ping() else None
    except redis.RedisError:
        return None
    finally:
        client.close()


def _start_postgres(pgdata: Path, create: bool) -> str:
    if not check_pgdata(pgdata, create):
        devserver.log(f"starting PostgreSQL in {_shown(pgdata)} for this command")
    try:
        return devserver.start_postgres(pgdata)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:
        message = f"PostgreSQL in {_shown(pgdata)} did not start; see {_shown(pgdata / 'log')}"
        raise LocalServicesError(message) from err


@contextmanager
def local_services(
    *, var: Path = devserver.VAR, create: bool = False, need_redis: bool = True
) -> Iterator[None]:
    """Set DATABASE_URL (and REDIS_URL) for this process from what runs under var/.

    create: make the database when var/pgdata does not exist yet (for `migrate`).
    """
    redis_proc: subprocess.Popen | None = None
    scratch: tempfile.TemporaryDirectory | None = None
    try:
        if not os.environ.get("DATABASE_URL"):
            os.environ["DATABASE_URL"] = _start_postgres(var / "pgdata", create)
        if need_redis and not os.environ.get("REDIS_URL"):
            url = running_redis(var / "redis")
            if url is None:
                # Not var/redis: a second pid file there would hide `make run`'s Redis.
                scratch = tempfile.TemporaryDirectory(prefix="jobboard-redis-")
                redis_proc, url = devserver.start_redis(Path(scratch.name))
            os.environ["REDIS_URL"] = url
        yield
    finally:
        if redis_proc is not None:
            devserver.stop_processes([redis_proc])
        if scratch is not None:
            scratch.cleanup()


def run(main: Callable[[], object], **options: object) -> None:
    """Call main() inside local_services(**options); a broken var/ ends it with one line."""
    try:
        with local_services(**options):
            main()
    except LocalServicesError as err:
        sys.exit(f"{Path(sys.argv[0]).name}: {err}")
