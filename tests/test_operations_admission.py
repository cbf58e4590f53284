"""Admission control under gunicorn: with one render slot taken by a slow member page (made
slow by a lock on the job table), a second member page waits its turn and is turned away with
our 503 and Retry-After once it has waited too long, a third is turned away at once because
the queue is full, and cached anonymous pages, a member's cached pages and /healthz answer at
once throughout. Only the render threads ever hold a database connection, and every web
process gets its share of the connections."""

import http.client
import os
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.urls import reverse
from redis import Redis

from listings.taxonomy.counts import refresh_listing_counts
from tests.database import shared_database_url
from tests.factories import make_alert, make_job, make_user
from tests.webserver import Answer, fetch, member_cookie, serve

LANDING = "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"
SEARCH = "/visa-sponsorship-jobs/?q=data"
ADMISSION = {
    "ADMISSION_SLOTS": 1,
    "ADMISSION_QUEUE": 1,
    "ADMISSION_WAIT": 0.5,
    "DB_LOCK_TIMEOUT": 3,  # how long the slow page holds its slot
    "DB_STATEMENT_TIMEOUT": 5,
    "WEB_CONCURRENCY": 1,  # one process, so one gate
}


def in_background(base: str, url: str, cookie: str, into: list[Answer]) -> threading.Thread:
    thread = threading.Thread(target=lambda: into.append(fetch(base, url, cookie)))
    thread.start()
    return thread


def wait_for_a_request_on_the_lock(timeout: float = 20) -> None:
    """Until a web request is seen waiting for the job table's lock: a fixed sleep would race
    the request's start on a busy machine."""
    watcher = psycopg2.connect(shared_database_url())
    watcher.autocommit = True
    deadline = time.monotonic() + timeout
    try:
        with watcher.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                )
                if cursor.fetchone()[0]:
                    return
                time.sleep(0.02)
    finally:
        watcher.close()
    raise AssertionError("no request came to wait for the lock")


def hold_the_slot(locker, base: str, cookie: str, into: list[Answer]) -> threading.Thread:
    """Locks the job table on `locker` and starts a member page that waits on the lock in
    the one render slot; returns once it is waiting there."""
    with locker.cursor() as cursor:
        cursor.execute("LOCK TABLE listings_job IN ACCESS EXCLUSIVE MODE")
    thread = in_background(base, "/visa-sponsorship-jobs/?q=a", cookie, into)
    wait_for_a_request_on_the_lock()
    return thread


@pytest.fixture
def one_slot(transactional_db, tmp_path):
    """A job, a member's cookie, gunicorn with one render slot (ADMISSION) and a connection
    to lock the job table with."""
    make_job(title="Data Engineer")
    refresh_listing_counts()
    cookie = member_cookie()
    gunicorn, base = serve(shared_database_url(), tmp_path / "gunicorn.log", **ADMISSION)
    locker = psycopg2.connect(shared_database_url())
    yield base, cookie, locker
    locker.rollback()
    locker.close()
    gunicorn.terminate()
    gunicorn.wait(20)


@pytest.mark.django_db(transaction=True)
def test_cheap_pages_pass_while_member_renders_queue_and_overflow_gets_503(one_slot):
    base, cookie, locker = one_slot
    slow, later = [], []
    assert fetch(base, LANDING).status == 200  # now in the page cache
    assert fetch(base, "/visa-sponsorship-jobs/?state=georgia", cookie).status == 200
    threads = [hold_the_slot(locker, base, cookie, slow)]
    # One of these takes the one place in the queue, the other finds it taken.
    threads.append(in_background(base, "/visa-sponsorship-jobs/?q=b", cookie, later))
    time.sleep(0.1)
    threads.append(in_background(base, "/visa-sponsorship-jobs/?q=c", cookie, later))
    cheap = [fetch(base, url) for url in (LANDING, "/healthz", LANDING, "/healthz")]
    for thread in threads:
        thread.join(30)

    assert [answer.status for answer in cheap] == [200, 200, 200, 200]
    assert max(answer.seconds for answer in cheap) < 1  # not behind the 3 s render
    (slow,) = slow
    first, second = sorted(later, key=lambda answer: answer.seconds)
    # One found the queue full and was turned away at once, or (on a slow machine, arriving
    # after the other had given up) waited its 0.5 s; neither waited for the slow render.
    assert first.seconds < 1 and 0.5 <= second.seconds < 2.5
    for answer in (first, second):
        assert answer.status == 503
        assert "Busy for a moment" in answer.body and int(answer.retry_after) > 0
    assert slow.status == 503 and "Back in a moment" in slow.body  # the lock's deadline
    assert slow.seconds > 2.5


@pytest.mark.django_db(transaction=True)
def test_a_members_cached_pages_answer_while_every_render_slot_is_taken(one_slot):
    """A member's listing page assembled from cached parts, and the alerts page of a member
    without alerts, need no database: they are served on the thread that took the request,
    not behind the render that holds the one slot."""
    base, cookie, locker = one_slot
    slow, uncached = [], []
    for _ in range(2):  # rendered, then assembled: the page and the member's marks kept
        assert fetch(base, SEARCH, cookie).status == 200
    assert fetch(base, "/alerts/", cookie).status == 200
    threads = [hold_the_slot(locker, base, cookie, slow)]

    cached = [fetch(base, url, cookie) for url in (SEARCH, "/alerts/", SEARCH)]
    threads.append(in_background(base, "/visa-sponsorship-jobs/?q=b", cookie, uncached))
    for thread in threads:
        thread.join(30)

    assert [answer.status for answer in cached] == [200, 200, 200]
    assert max(answer.seconds for answer in cached) < 1  # not behind the 3 s render
    assert "Data Engineer" in cached[0].body and "You have no alerts yet" in cached[1].body
    # A page that must be rendered still waits for a slot, and is turned away in time.
    assert [answer.status for answer in uncached] == [503] and uncached[0].seconds < 2.5
    assert [answer.status for answer in slow] == [503]


class ConnectionCounter(threading.Thread):
    """Counts, while it runs, the most connections open at once under `application_name`."""

    def __init__(self, application_name: str) -> None:
        super().__init__()
        self.application_name, self.most = application_name, 0
        self.done = threading.Event()

    def run(self) -> None:
        watcher = psycopg2.connect(shared_database_url())
        watcher.autocommit = True
        try:
            with watcher.cursor() as cursor:
                while not self.done.wait(0.005):
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                        [self.application_name],
                    )
                    self.most = max(self.most, cursor.fetchone()[0])
        finally:
            watcher.close()


@pytest.mark.django_db(transaction=True)
def test_pages_tried_without_the_database_start_over_on_a_render_thread(tmp_path):
    """A member with alerts needs the database for /alerts/, and a member's first listing
    page for their marks: those pages stop where they would use it and render on a render
    thread, with the right content, and the web process never holds more connections than
    it has render slots however many of its threads served."""
    job = make_job(title="Data Engineer")
    refresh_listing_counts()
    alerted = make_user("alerted@example.com")
    alert = make_alert(alerted, "q=data")
    cookies = [member_cookie(), member_cookie(alerted)]
    url = shared_database_url()
    url += ("&" if "?" in url else "?") + "application_name=web-under-test"
    gunicorn, base = serve(url, tmp_path / "gunicorn.log", WEB_CONCURRENCY=1, ADMISSION_SLOTS=2)
    pages = ["/alerts/", SEARCH, LANDING, job.get_absolute_url()] * 6
    counter = ConnectionCounter("web-under-test")
    counter.start()
    try:
        with ThreadPoolExecutor(8) as pool:
            # Each round of four pages as one member, then the other.
            answers = list(
                pool.map(lambda n: fetch(base, pages[n], cookies[n // 4 % 2]), range(24))
            )
    finally:
        counter.done.set()
        counter.join()
        gunicorn.terminate()
        gunicorn.wait(20)

    assert {answer.status for answer in answers} == {200}
    alerts = [answer.body for answer in answers if answer.url == "/alerts/"]
    assert all(reverse("alerts:edit", args=[alert.pk]) in body for body in alerts[1::2])
    assert all("You have no alerts yet" in body for body in alerts[0::2])
    assert 1 <= counter.most <= 2


@pytest.mark.django_db(transaction=True)
def test_member_pages_on_render_threads_reuse_their_redis_connections(tmp_path):
    """Each page runs in a copy of its request's context on a render thread; the cache
    objects and their connection pools must outlive it, or every page opens new Redis
    connections (and pays for making them)."""
    job = make_job(title="Data Engineer")
    refresh_listing_counts()
    cookie = member_cookie()
    gunicorn, base = serve(shared_database_url(), tmp_path / "gunicorn.log", WEB_CONCURRENCY=1)
    redis = Redis.from_url(settings.REDIS_URL)
    # Pages that always render: a job's page and the member's list of applications.
    pages = [job.get_absolute_url(), "/accounts/applied/"]
    try:
        assert fetch(base, pages[0], cookie).status == 200  # the process's pools are made
        before = redis.info("stats")["total_connections_received"]
        answers = [fetch(base, url, cookie) for url in pages * 15]
        opened = redis.info("stats")["total_connections_received"] - before
    finally:
        gunicorn.terminate()
        gunicorn.wait(20)

    assert {answer.status for answer in answers} == {200}
    assert "Data Engineer" in answers[-2].body
    assert opened <= 2  # 30 pages, each reading the session and the member from Redis


def tcp_sockets(pid: int, port: int) -> dict[str, set[int]]:
    """The TCP sockets process `pid` holds on local port `port`: their inodes, listening and
    connected (the kernel's tables, /proc/net/tcp, joined to the process's descriptors)."""
    held = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except FileNotFoundError:  # closed while we looked
            continue
        if target.startswith("socket:["):
            held.add(int(target[8:-1]))
    found = {"listening": set(), "connected": set()}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port, state, inode = int(fields[1].split(":")[1], 16), fields[3], int(fields[9])
        if local_port == port and inode in held:
            found["listening" if state == "0A" else "connected"].add(inode)
    return found


@pytest.mark.django_db(transaction=True)
def test_kept_alive_connections_are_spread_over_the_web_processes(tmp_path):
    """Each web process listens on a socket of its own, so the kernel shares new connections
    out between them. On one shared socket, the process that woke first often took a whole
    burst of connections and, with keep-alive, served all of them while the other idled."""
    gunicorn, base = serve(shared_database_url(), tmp_path / "gunicorn.log", WEB_CONCURRENCY=2)
    port = int(base.rsplit(":", 1)[1])
    clients = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(16)]
    try:
        for client in clients:  # all connected at once, as a browser or a proxy opens them
            client.sock = socket.create_connection(("127.0.0.1", port))
        for client in clients:
            client.request("GET", "/healthz")
            assert client.getresponse().read() == b"ok"
        children = Path(f"/proc/{gunicorn.pid}/task/{gunicorn.pid}/children").read_text()
        workers = {int(pid): tcp_sockets(int(pid), port) for pid in children.split()}
    finally:
        for client in clients:
            client.close()
        gunicorn.terminate()
        gunicorn.wait(20)

    assert len(workers) == 2
    first, second = workers.values()
    assert first["listening"] and second["listening"]
    assert not first["listening"] & second["listening"]  # not one socket shared
    assert len(first["connected"]) + len(second["connected"]) == 16
    assert min(len(first["connected"]), len(second["connected"])) >= 2
