"""`make backup` / `make restore`: what users gave us survives a lost database, and a bad
file changes nothing."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import connection

from alerts.matching import match_new_jobs
from alerts.models import Alert, Delivery
from jobboard import backups as backups_module
from jobboard import devserver
from listings.models import AppliedMark, Job
from tests.database import shared_database_url
from tests.factories import make_alert, make_job, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def backups(*args: str, url: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url or shared_database_url()}
    command = [sys.executable, "-m", "jobboard.backups", *args]
    return subprocess.run(
        command, cwd=devserver.REPO, env=env, capture_output=True, text=True, timeout=120
    )


def what_users_gave_us() -> dict:
    return {
        "users": sorted(EmailAddress.objects.values_list("email", "verified")),
        "alerts": sorted(Alert.objects.values_list("user__email", "query", "frequency")),
        "deliveries": sorted(Delivery.objects.values_list("alert__user__email", "job__title")),
        "applied": sorted(AppliedMark.objects.values_list("user__email", "job__title", "applied")),
        "jobs": sorted(Job.objects.values_list("title", "employer__name", "sponsorship")),
    }


def make_users_data() -> None:
    sam, olu = make_user("sam@example.com"), make_user("olu@example.com", verified=False)
    make_alert(sam, "state=georgia")
    make_alert(olu, "role=data-scientist", frequency="weekly")
    jobs = [make_job(title=f"Engineer {n}") for n in range(3)]
    match_new_jobs()
    AppliedMark.objects.create(user=sam, job=jobs[0], applied=True)
    AppliedMark.objects.create(user=olu, job=jobs[1], applied=False)


def drop_everything() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")


def tables_in(url: str) -> int:
    return backups_module.count_tables(backups_module.connect_params(url))


def table_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        return cursor.fetchone()[0]


def test_backup_then_restore_into_an_emptied_database_brings_everything_back(tmp_path):
    make_users_data()
    before = what_users_gave_us()
    assert before["deliveries"] and before["applied"] and len(before["users"]) == 2

    made = backups("backup", str(tmp_path))
    assert made.returncode == 0, made.stderr
    (dump,) = tmp_path.glob("*.dump")
    assert re.fullmatch(rf"{connection.settings_dict['NAME']}-\d{{8}}T\d{{6}}Z\.dump", dump.name)

    drop_everything()
    try:
        restored = backups("restore", str(dump))
        assert restored.returncode == 0, restored.stderr
        assert what_users_gave_us() == before
    finally:
        if not table_count():  # leave a usable database for the tests after this one
            call_command("migrate", verbosity=0)


def test_restore_refuses_a_database_that_has_tables_and_changes_nothing(tmp_path):
    make_users_data()
    assert backups("backup", str(tmp_path)).returncode == 0
    (dump,) = tmp_path.glob("*.dump")
    make_user("after-backup@example.com")
    before = what_users_gave_us()

    result = backups("restore", str(dump))

    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "already has" in result.stderr and "empty database" in result.stderr
    assert what_users_gave_us() == before


def bad_file(kind: str, tmp_path: Path) -> Path:
    if kind == "missing":
        return tmp_path / "no-such.dump"
    if kind == "not a dump":
        path = tmp_path / "notes.dump"
        path.write_text("id,title\n1,Engineer\n")
        return path
    make_users_data()
    assert backups("backup", str(tmp_path)).returncode == 0
    (dump,) = tmp_path.glob("*.dump")
    truncated = tmp_path / "truncated.dump"
    truncated.write_bytes(dump.read_bytes()[: dump.stat().st_size * 2 // 3])
    return truncated


@pytest.fixture
def empty_database():
    """A second, empty database on the test server: a target only the file can stop."""
    name = f"{connection.settings_dict['NAME']}_empty"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    url = shared_database_url()
    yield url[: url.rindex("/") + 1] + name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE "{name}"')


@pytest.mark.parametrize(
    "kind, says",
    [
        ("missing", "no such file"),
        ("not a dump", "not a complete backup"),
        ("truncated", "not a complete backup"),
    ],
)
def test_restore_of_a_bad_file_says_so_in_one_line_and_leaves_the_database(
    tmp_path, empty_database, kind, says
):
    path = bad_file(kind, tmp_path)

    result = backups("restore", str(path), url=empty_database)

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], result.stderr
    assert "the database was not changed" in lines[0]
    assert tables_in(empty_database) == 0


def test_backup_of_an_unreachable_database_says_so_in_one_line(tmp_path):
    url = f"postgres://nobody@127.0.0.1:{devserver.free_port()}/nothing"

    result = backups("backup", str(tmp_path), url=url)

    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("backup: pg_dump failed:")
    assert not list(tmp_path.iterdir())


def test_backup_on_the_embedded_default_joins_the_running_server(tmp_path):
    if not (devserver.VAR / "pgdata" / "postmaster.pid").exists():
        pytest.skip("the tests run against DATABASE_URL, not the embedded server")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    command = [sys.executable, "-m", "jobboard.backups", "backup", str(tmp_path)]

    result = subprocess.run(
        command, cwd=devserver.REPO, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    assert "starting PostgreSQL" not in result.stderr
    (dump,) = tmp_path.glob("jobboard-*.dump")
    assert f"backup written: {dump}" in result.stdout
