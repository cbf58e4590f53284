"""`python manage.py <command>` as typed, with no DATABASE_URL or REDIS_URL: it joins the
services under var/, or starts them for the command, and a broken var/ says what to do."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jobboard import devserver, localservices
from tests.pgdirs import scratch_dir

DATA = devserver.REPO / "tests" / "data"
# manage.py's own path with var/ moved to a directory of the test's choosing.
MANAGE_IN = """
import os, sys
from pathlib import Path
os.environ["DJANGO_SETTINGS_MODULE"] = "jobboard.settings"
from django.core.management import execute_from_command_line
from jobboard import localservices
var, argv = Path(sys.argv[1]), sys.argv[2:]
localservices.run(
    lambda: execute_from_command_line(["manage.py", *argv]), var=var, create=argv[0] == "migrate"
)
"""


def plain_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    return {**env, **extra}


def manage_in(var: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", MANAGE_IN, str(var), *args]
    return subprocess.run(
        command,
        cwd=devserver.REPO,
        env=plain_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_manage_py_joins_the_running_embedded_services():
    pgdata = devserver.VAR / "pgdata"
    if not (pgdata / "postmaster.pid").exists():
        pytest.skip("the tests run against DATABASE_URL, not the embedded server")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--database", "default"],
        cwd=devserver.REPO,
        env=plain_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "starting PostgreSQL" not in result.stderr  # it joined the one already running
    assert (pgdata / "postmaster.pid").exists()  # and left it running


def test_commands_on_a_stopped_site_start_the_database_and_stop_it_after():
    with scratch_dir() as var:
        try:
            run_stopped_site_commands(var)
        finally:
            devserver.stop_postgres(var / "pgdata")  # were a command killed half-way


def run_stopped_site_commands(var: Path) -> None:
    assert manage_in(var, "migrate", "--noinput").returncode == 0
    admin = manage_in(
        var,
        "createsuperuser",
        "--noinput",
        DJANGO_SUPERUSER_EMAIL="admin@example.com",
        DJANGO_SUPERUSER_PASSWORD="a-long-admin-passphrase-7",
    )
    board = DATA / "greenhouse_board_robinhood_no_content_trimmed.json"
    jobs = manage_in(var, "import_jobs", str(board), "--format", "greenhouse")
    hub = manage_in(var, "import_h1b_hub", str(DATA / "uscis_hub_legacy_FY2023_sample.csv"))
    count = "from listings.models import Job; print('jobs:', Job.objects.count())"
    shown = manage_in(var, "shell", "-c", count)

    for result in (admin, jobs, hub, shown):
        assert result.returncode == 0, result.stderr[-2000:]
        assert "starting PostgreSQL in" in result.stderr
    assert "Superuser created successfully." in admin.stdout
    assert "5 created" in jobs.stdout + jobs.stderr
    assert "jobs: 5" in shown.stdout
    assert not (var / "pgdata" / "postmaster.pid").exists()  # each stopped what it started


def test_a_missing_database_says_to_run_make_run_first(tmp_path):
    result = manage_in(tmp_path, "check")

    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "no local database yet" in line and "`make run`" in line


def test_a_data_directory_without_postgresql_in_it_says_to_move_it_aside(tmp_path):
    (tmp_path / "pgdata").mkdir()

    with pytest.raises(localservices.LocalServicesError, match="move it aside"):
        localservices.check_pgdata(tmp_path / "pgdata")


def pid_file(pgdata: Path, pid: int, status: str = "ready") -> None:
    pgdata.mkdir()
    (pgdata / "PG_VERSION").write_text("16\n")
    lines = [str(pid), str(pgdata), "1700000000", "5432", str(pgdata), "", "1 2", status]
    (pgdata / "postmaster.pid").write_text("\n".join(lines) + "\n")


def test_a_pid_file_naming_another_program_says_to_delete_it(tmp_path):
    pid_file(tmp_path / "pgdata", os.getpid())  # alive, and python, not postgres

    with pytest.raises(localservices.LocalServicesError, match="delete that file and retry"):
        localservices.check_pgdata(tmp_path / "pgdata")


def test_a_pid_file_of_a_dead_server_is_left_for_postgresql_to_replace(tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    pid_file(tmp_path / "pgdata", dead.pid)

    assert localservices.check_pgdata(tmp_path / "pgdata") is False  # not running: start it


def test_a_garbled_pid_file_says_what_to_do(tmp_path):
    pgdata = tmp_path / "pgdata"
    pgdata.mkdir()
    (pgdata / "PG_VERSION").write_text("16\n")
    (pgdata / "postmaster.pid").write_text("not a pid\n")

    with pytest.raises(localservices.LocalServicesError, match="delete it and retry"):
        localservices.check_pgdata(pgdata)


def test_a_dead_redis_pid_file_is_ignored(tmp_path):
    (tmp_path / "redis.pid").write_text(str(os.getpid()))

    assert localservices.running_redis(tmp_path) is None
