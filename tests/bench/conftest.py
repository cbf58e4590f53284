import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client

from listings.models import Job
from tests.factories import make_user

BENCH_JOBS = int(os.environ.get("BENCH_JOBS", "1000000"))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """Benchmarks keep their million jobs in a database of their own (test_<name>_bench), so
    `make bench ARGS=--reuse-db` reuses it while `make test` recreates the ordinary one."""
    test = settings.DATABASES["default"].setdefault("TEST", {})
    test["NAME"] = f"test_{settings.DATABASES['default']['NAME']}_bench"


@pytest.fixture(scope="session")
def million_jobs(django_db_setup, django_db_blocker) -> int:
    """The benchmark table: BENCH_JOBS demo jobs (a million unless told otherwise), built
    once per session and kept for every benchmark in it."""
    with django_db_blocker.unblock():
        if Job.objects.count() != BENCH_JOBS:
            call_command("seed_demo", jobs=BENCH_JOBS, replace=True, verbosity=0)
    return BENCH_JOBS


@pytest.fixture(scope="module")
def member(million_jobs, django_db_blocker):
    """A member of the benchmark site, made before any test's transaction and removed after
    the module."""
    with django_db_blocker.unblock():
        user = make_user("bench@example.com")
        yield user
        get_user_model().objects.filter(pk=user.pk).delete()


def report(title: str, rows: list[tuple]) -> None:
    """Prints a small table; `make bench` runs pytest with -s so it reaches the terminal."""
    print(f"\n== {title}")
    for row in rows:
        print("  " + " | ".join(str(cell) for cell in row))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn(million_jobs):
    """gunicorn serving the benchmark database: 2 workers on this 2-core machine."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    test_db = urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": test_db, "ANONYMOUS_PAGE_CACHE_SECONDS": "300"}
    command = [sys.executable, "-m", "gunicorn", "jobboard.wsgi:application", "--workers", "2"]
    command += ["--bind", f"127.0.0.1:{port}", "--timeout", "30"]
    server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port, server
    server.send_signal(signal.SIGTERM)
    server.wait(30)


def server_ms(client: Client, url: str, runs: int = 5) -> float:
    """The median time the site takes to answer `url` in-process, in milliseconds."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    return statistics.median(timings)
