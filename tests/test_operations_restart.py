"""PostgreSQL stops and starts under a running site: gunicorn answers our 503 page meanwhile,
and gunicorn and a Celery worker carry on afterwards without being restarted, the alert
due across the outage sent exactly once."""

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings

from jobboard import devserver
from tests.pgdirs import scratch_dir
from tests.servers import Worker, purge_broker, tick

SEARCH = "/visa-sponsorship-jobs/"
MATCH, SEND = "alerts.tasks.match_new_jobs", "alerts.tasks.send_digests"
# Made through the ORM in the site's own database, in a subprocess: the test's database is
# another one, on the server this test must not stop.
SETUP = """
from tests.factories import make_alert, make_job, make_user
make_alert(make_user("reader@example.com"), "state=georgia")
make_job(title="Engineer posted before the outage")
"""


class Postgres:
    """An embedded PostgreSQL of the test's own, started and stopped as an operator would."""

    def __init__(self, pgdata: Path) -> None:
        self.pgdata = pgdata
        self.url = devserver.start_postgres(pgdata, "site")
        self.socket_dir = dj_database_url.parse(self.url)["HOST"]
        self.user = "pgserver" if os.geteuid() == 0 else None

    def pg_ctl(self, *args: str) -> None:
        devserver._pgserver().pg_ctl(["-w", *args], pgdata=self.pgdata, user=self.user)

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "stop")

    def start(self) -> None:
        # As pgserver starts it: no TCP at all, the same unix socket directory.
        options = ["-o", '-h ""', "-o", f"-k {self.socket_dir}"]
        self.pg_ctl(*options, "-l", str(self.pgdata / "log"), "start")


@dataclass
class Load:
    """Threads fetching a page that reads the database, recording what each answer was."""

    url: str
    answers: list[tuple[float, int, str, str]] = field(default_factory=list)
    running: bool = True

    def fetch(self) -> tuple[int, str, str]:
        try:
            with urllib.request.urlopen(self.url, timeout=10) as response:
                return response.status, response.read().decode(), ""
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers.get("Retry-After", "")

    def run(self) -> None:
        while self.running:
            status, body, retry_after = self.fetch()
            self.answers.append((time.monotonic(), status, body, retry_after))
            time.sleep(0.05)

    def since(self, moment: float) -> list[int]:
        return [status for at, status, _, _ in list(self.answers) if at > moment]

    def wait_for(self, status: int, after: float, timeout: float = 20) -> float:
        deadline = time.monotonic() + timeout
        while status not in self.since(after):
            assert time.monotonic() < deadline, f"no {status} within {timeout} s"
            time.sleep(0.05)
        return next(at for at, got, _, _ in list(self.answers) if at > after and got == status)


def run_manage(env: dict, *args: str) -> None:
    command = [sys.executable, "manage.py", *args]
    subprocess.run(command, cwd=devserver.REPO, env=env, check=True, capture_output=True)


@pytest.fixture
def postgres():
    """The site's own PostgreSQL, with a migrated database and one alert due."""
    with scratch_dir() as scratch:
        server = Postgres(scratch / "pgdata")
        try:
            env = {**os.environ, "DATABASE_URL": server.url, "REDIS_URL": settings.REDIS_URL}
            run_manage(env, "migrate", "--noinput")
            run_manage(env, "shell", "-c", SETUP)
            yield server
        finally:
            devserver.stop_postgres(server.pgdata)  # whether the test left it up or not


@pytest.fixture
def site(postgres, tmp_path):
    """gunicorn (two workers) serving the site's database; yields its base URL."""
    env = {**os.environ, "DATABASE_URL": postgres.url, "REDIS_URL": settings.REDIS_URL}
    env["ANONYMOUS_PAGE_CACHE_SECONDS"] = "0"  # every answer must come from the database
    port = devserver.free_port()
    command = [sys.executable, "-m", "gunicorn", "jobboard.wsgi:application"]
    command += ["--workers", "2", "--bind", f"127.0.0.1:{port}", "--timeout", "30"]
    with open(tmp_path / "gunicorn.log", "wb") as log:
        gunicorn = subprocess.Popen(
            command, cwd=devserver.REPO, env=env, stdout=log, stderr=log, start_new_session=True
        )
        try:
            assert devserver.wait_healthy(f"http://127.0.0.1:{port}/healthz", [gunicorn])
            yield gunicorn, f"http://127.0.0.1:{port}"
        finally:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            gunicorn.wait(20)


@pytest.fixture
def worker(postgres, inbox, tmp_path):
    """A Celery worker on the site's database, sending to the test's SMTP server."""
    purge_broker()
    worker = Worker(inbox.controller.port, tmp_path / "worker.log", DATABASE_URL=postgres.url)
    yield worker
    worker.stop()
    purge_broker()


def family(process: subprocess.Popen) -> set[int]:
    """The process and its children (gunicorn's workers), as the kernel lists them."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    return {process.pid, *map(int, children)}


def restart_under_load(postgres: Postgres, load: Load) -> tuple[float, float]:
    """Stop PostgreSQL while load runs, tick beat meanwhile, start it again; return when it
    started and when the first 200 came after that."""
    threads = [threading.Thread(target=load.run) for _ in range(4)]
    try:
        for thread in threads:
            thread.start()
        load.wait_for(200, after=time.monotonic())
        stopped = time.monotonic()
        postgres.stop()
        load.wait_for(503, after=stopped)
        tick(MATCH, SEND)  # a beat tick during the outage: the worker must survive it
        time.sleep(1)
        started = time.monotonic()
        postgres.start()
        recovered = load.wait_for(200, after=started)
        time.sleep(1)
        return started, recovered
    finally:
        load.running = False
        for thread in threads:
            thread.join(15)


def wait_for_mail(mailbox, worker) -> None:
    deadline = time.monotonic() + 60
    while not mailbox.snapshot():
        assert time.monotonic() < deadline, worker.output()[-3000:]
        tick(MATCH, SEND)
        time.sleep(1)
    tick(MATCH, SEND)  # one more tick: it must not send the digest again
    time.sleep(2)


def test_a_postgres_restart_under_load_is_a_503_then_recovers_without_restarts(
    postgres, site, worker, inbox
):
    gunicorn, base = site
    processes = family(gunicorn) | {worker.proc.pid}
    load = Load(base + SEARCH)

    started, recovered = restart_under_load(postgres, load)

    assert recovered - started < 10
    assert set(load.since(0)) == {200, 503}
    assert load.since(recovered + 0.5).count(503) == 0
    for _, status, body, retry_after in load.answers:
        if status == 503:
            assert "Back in a moment" in body and "Traceback" not in body
            assert int(retry_after) > 0
    wait_for_mail(inbox, worker)  # the worker recovers too: the next ticks send the alert
    (message,) = inbox.snapshot()
    assert message.to == "reader@example.com"
    assert "Engineer posted before the outage" in message.text
    assert family(gunicorn) | {worker.proc.pid} == processes  # nothing was restarted
