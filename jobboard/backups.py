"""`make backup` and `make restore FILE=...`: pg_dump custom-format files of the database.

    python -m jobboard.backups backup [DIR]   # DIR/<database>-<UTC time>.dump, var/backups/
    python -m jobboard.backups restore FILE   # into an empty database, all or nothing

Both use DATABASE_URL when it is set, else the embedded PostgreSQL under var/ (joined when
`make run` is up, started for the command when not), and pgserver's own pg_dump and
pg_restore where installed, so the tools match the embedded server's version.

Restore fills an empty database only: it never mixes a backup with live rows. The file is
read in full before the database is touched, and the restore runs as one transaction, so a
missing, truncated or foreign file leaves the database exactly as it was.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import dj_database_url
import psycopg2

from jobboard import devserver, localservices

BACKUP_DIR = devserver.VAR / "backups"


class BackupError(Exception):
    """What went wrong, in one line an operator can act on."""


def pg_tool(name: str) -> str:
    """pgserver's copy of a PostgreSQL client program, else the one on PATH."""
    spec = importlib.util.find_spec("pgserver")  # located, not imported: no server start-up
    if spec and spec.origin:
        bundled = Path(spec.origin).parent / "pginstall" / "bin" / name
        if bundled.exists():
            return str(bundled)
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} not found: install the PostgreSQL client programs")
    return found


def connect_params(url: str) -> dict[str, str]:
    """libpq connection keywords for a DATABASE_URL, its ?sslmode= and the like included."""
    config = dj_database_url.parse(url)
    params = {
        "host": config["HOST"] or "localhost",
        "port": str(config["PORT"] or 5432),
        "user": config["USER"],
        "password": config["PASSWORD"],
        "dbname": config["NAME"],
    }
    params.update({key: str(value) for key, value in config.get("OPTIONS", {}).items()})
    return {key: value for key, value in params.items() if value}


def _tool_args(params: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """--dbname conninfo for pg_dump / pg_restore; the password goes in the environment,
    where `ps` does not show it."""
    quoted = (value.replace("\\", "\\\\").replace("'", "\\'") for value in params.values())
    conninfo = " ".join(
        f"{key}='{value}'" for key, value in zip(params, quoted, strict=True) if key != "password"
    )
    env = {**os.environ, "PGPASSWORD": params.get("password", "")}
    return ["--dbname", conninfo], env


def _first_error(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if ": error:" in line] or lines or ["no message"]
    return errors[0].split(": error: ", 1)[-1]


def backup(url: str, directory: Path = BACKUP_DIR) -> Path:
    """Dump the database to a new timestamped file in directory; return its path."""
    params = connect_params(url)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = directory / f"{params['dbname']}-{stamp}.dump"
    partial = target.with_name(target.name + ".partial")  # never a half-written .dump
    args, env = _tool_args(params)
    command = [pg_tool("pg_dump"), "--format=custom", "--file", str(partial), *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {_first_error(result.stderr)}")
    partial.rename(target)
    return target


def check_archive(path: Path) -> None:
    """Read the whole file as pg_restore would, touching no database."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file; the database was not changed")
    # --list reads only the table of contents; writing the script out to /dev/null reads
    # every data block too, which is what finds a file cut short.
    for extra in (["--list"], ["--file", os.devnull]):
        command = [pg_tool("pg_restore"), *extra, str(path)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode:
            problem = _first_error(result.stderr)
            raise BackupError(
                f"{path} is not a complete backup ({problem}); the database was not changed"
            )


def count_tables(params: dict[str, str]) -> int:
    with psycopg2.connect(**params) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM pg_tables"
            " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        )
        (count,) = cur.fetchone()
    conn.close()
    return count


def restore(url: str, path: Path) -> int:
    """Restore a checked backup (check_archive) into the empty database at url; return
    the number of tables it now has."""
    params = connect_params(url)
    if tables := count_tables(params):
        raise BackupError(
            f"database {params['dbname']} already has {tables} tables: restore fills an "
            "empty database only (README: Backups); the database was not changed"
        )
    args, env = _tool_args(params)
    # Owners and grants are the old server's; the restoring user owns everything here.
    command = [pg_tool("pg_restore"), "--single-transaction", "--exit-on-error", "--no-owner"]
    command += ["--no-privileges", *args, str(path)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        problem = _first_error(result.stderr)
        raise BackupError(f"restore failed and was rolled back: {problem}")
    return count_tables(params)


def _act(command: str, argument: str | None) -> None:
    url = os.environ["DATABASE_URL"]
    if command == "backup":
        path = backup(url, Path(argument) if argument else BACKUP_DIR)
        print(f"backup written: {path} ({path.stat().st_size:,} bytes)")
    else:
        tables = restore(url, Path(argument))
        print(f"restored {argument} into {connect_params(url)['dbname']}: {tables} tables")


def main(argv: list[str]) -> int:
    command, argument = (argv + [None, None])[:2]
    if command not in {"backup", "restore"} or len(argv) > 2:
        print(__doc__, file=sys.stderr)
        return 2
    if command == "restore" and not argument:
        print("restore: say which file: make restore FILE=var/backups/<name>.dump", file=sys.stderr)
        return 2
    try:
        if command == "restore":
            check_archive(Path(argument))  # before anything starts or connects
        # A restore may be the first thing a fresh var/ sees: let it create the database.
        with localservices.local_services(create=command == "restore", need_redis=False):
            _act(command, argument)
    except (BackupError, localservices.LocalServicesError, psycopg2.OperationalError) as err:
        print(f"{command}: {str(err).strip().splitlines()[0]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
