"""Member and anonymous pages under load on a million jobs, served the way `make run` serves
them (jobboard.devserver.web_command), every figure a ratio to /healthz in the same run:
16 connections per page kind, a mixed load of 256 anonymous and 64 member connections, and
Redis stalled (SIGSTOP), resumed, killed and started again under load."""

import os
import re
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from jobboard.devserver import web_command
from tests.bench import wrk
from tests.bench.conftest import report
from tests.factories import make_user

ROLES = ("machine-learning-engineer", "software-engineer", "data-scientist")
STATES = ("georgia", "california", "texas", "new-york", "washington")
LANDINGS = [f"/visa-sponsorship-jobs/{role}/{state}/" for role in ROLES for state in STATES]
SEARCHES = [
    f"/visa-sponsorship-jobs/?state={state}&visa=h-1b&remote={remote}"
    for state in ("california", "texas", "georgia")
    for remote in ("onsite", "hybrid", "remote")
]
# The floor every member page pays: a signed-in page that does almost nothing (an empty list).
TRIVIAL_MEMBER = ["/alerts/"]
# The filters candidates asked for (experience, pay, wage level, E-Verify), alone and together,
# and a city as typed.
NEW_FILTERS = [
    "/visa-sponsorship-jobs/?experience=entry",
    "/visa-sponsorship-jobs/?state=california&experience=senior&sort=salary",
    "/visa-sponsorship-jobs/?min_salary=150000",
    "/visa-sponsorship-jobs/software-engineer/?min_salary=120000&experience=mid",
    "/visa-sponsorship-jobs/?wage_level=2",
    "/visa-sponsorship-jobs/?wage_level=4&state=texas",
    "/visa-sponsorship-jobs/?e_verify=on",
    "/visa-sponsorship-jobs/?e_verify=on&experience=entry&role=data-scientist",
    "/visa-sponsorship-jobs/?city=Atlanta%2C+GA&experience=entry&e_verify=on&sort=salary",
    "/visa-sponsorship-jobs/georgia/?min_salary=100000",
]
# "Employer has sponsored", each kind of evidence alone, on a landing page and with others.
SPONSORED = [
    "/visa-sponsorship-jobs/?sponsored=here",
    "/visa-sponsorship-jobs/?sponsored=h1b",
    "/visa-sponsorship-jobs/?sponsored=green-card",
    "/visa-sponsorship-jobs/software-engineer/california/?sponsored=green-card",
    "/visa-sponsorship-jobs/?sponsored=here&state=texas&sort=salary",
    "/visa-sponsorship-jobs/?sponsored=h1b&experience=entry&remote=hybrid",
    "/visa-sponsorship-jobs/machine-learning-engineer/?sponsored=green-card&min_salary=120000",
    "/visa-sponsorship-jobs/?verified=on&state=georgia",
]
KEYWORD_SEARCHES = [
    f"/visa-sponsorship-jobs/?q={term}"
    for term in (
        "python",
        "engineer",
        "machine+learning",
        "h-1b",
        "kubernetes",
        "Peachtree+Analytics",
        "lanternfish",
        "xylophonist",
        "the",
        "data+pipelines",
    )
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


def _workers_rss(server: subprocess.Popen) -> list[float]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text()
    return [round(_rss_mb(int(pid))) for pid in children.split()]


def _get(port: int, path: str, cookie: str = "") -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:  # URLError included: not listening yet, or the connection failed
        return 0


@pytest.fixture
def site(million_jobs, redis_server, tmp_path):
    """`make run`'s gunicorn on the benchmark database and a Redis of the test's own."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    test_db = urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": test_db,
        "REDIS_URL": redis_server.url,
        "ANONYMOUS_PAGE_CACHE_SECONDS": "300",
    }
    command = [sys.executable, "-m", *shlex.split(web_command("127.0.0.1", str(port)))]
    report("server", [(" ".join(command[2:]),)])
    log = tmp_path / "gunicorn.log"
    server = subprocess.Popen(command, env=env, stderr=log.open("w"))
    try:
        for _ in range(100):
            if server.poll() is None and _get(port, "/healthz") == 200:
                break
            time.sleep(0.2)
        yield port, server, redis_server
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    # A Redis call slower than REDIS_TIMEOUT opens the breaker (listings.failover) for a second.
    report("Redis circuit breaker opened", [(log.read_text().count("circuit open"), "times")])


# The mark makes pytest-django set up the benchmark database; the tests write nothing in it.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def member_cookie(million_jobs, django_db_blocker):
    # Module-scoped, so it is made before any test's transaction: gunicorn sees the session.
    client = Client()
    with django_db_blocker.unblock():
        user = make_user("load@example.com")
        client.force_login(user)
        client.get("/alerts/")  # the CSRF cookie the site sets, which a browser sends back
    cookies = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    yield "; ".join(f"{name}={client.cookies[name].value}" for name in cookies)
    with django_db_blocker.unblock():
        get_user_model().objects.filter(pk=user.pk).delete()


def _warm(port: int, cookie: str, tmp: Path) -> None:
    """One answered request for every URL, one at a time (the page caches, the card cache),
    then a short run of each set (connection pools). A timed run alone may leave pages
    unrendered on a busy machine, and those then render under the measured load."""
    for url in LANDINGS:
        _get(port, url)
    for url in LANDINGS + SEARCHES + KEYWORD_SEARCHES + NEW_FILTERS + SPONSORED + TRIVIAL_MEMBER:
        _get(port, url, cookie)
    wrk.run(port, LANDINGS, 3, 4, tmp)
    for urls in (LANDINGS, SEARCHES, KEYWORD_SEARCHES, NEW_FILTERS, SPONSORED, TRIVIAL_MEMBER):
        wrk.run(port, urls, 3, 4, tmp, cookie)


def _row(name: str, load: wrk.Load, health: wrk.Load | None = None) -> tuple:
    ratio = f"{load.rps / health.rps:.2f}x healthz" if health else "reference"
    return (
        name,
        f"{load.rps:.0f} req/s",
        ratio,
        f"p50 {load.p50:.1f} ms",
        f"p99 {load.p99:.1f} ms",
        f"errors {load.errors}",
    )


def _median_ratios(port, tmp, reference, page, rounds: int = 3, seconds: int = 5):
    """Interleaved pairs of runs, the reference first, then the page: the median ratio of
    their throughputs, and the page's runs. Single runs on this shared machine swing 2-3x;
    a pair shares most of its noise."""
    (reference_urls, reference_cookie), (page_urls, page_cookie) = reference, page
    pairs = [
        (
            wrk.run(port, reference_urls, seconds, 16, tmp, reference_cookie),
            wrk.run(port, page_urls, seconds, 16, tmp, page_cookie),
        )
        for _ in range(rounds)
    ]
    ratios = [page_load.rps / reference_load.rps for reference_load, page_load in pairs]
    return statistics.median(ratios), [page_load for _, page_load in pairs]


def _ratio_row(name: str, ratio: float, loads: list[wrk.Load], against: str) -> tuple:
    return (
        name,
        f"{ratio:.2f}x {against} (median of {len(loads)} pairs)",
        "req/s " + ", ".join(f"{load.rps:.0f}" for load in loads),
        "p99 ms " + ", ".join(f"{load.p99:.0f}" for load in loads),
        f"errors {sum(load.errors for load in loads)}",
    )


def test_pages_against_healthz_at_16_connections(site, member_cookie, tmp_path):
    port, server, _ = site
    _warm(port, member_cookie, tmp_path)
    health, trivial = (["/healthz"], ""), (TRIVIAL_MEMBER, member_cookie)
    pages = {
        "member landing": (LANDINGS, member_cookie),
        "member filtered search": (SEARCHES, member_cookie),
        "member keyword search": (KEYWORD_SEARCHES, member_cookie),
        "member new filters": (NEW_FILTERS, member_cookie),
        "member 'Employer has sponsored'": (SPONSORED, member_cookie),
    }
    results = {
        "anonymous landing": _median_ratios(port, tmp_path, health, (LANDINGS, "")),
        "trivial member page (/alerts/)": _median_ratios(port, tmp_path, health, trivial),
    }
    rows = [_ratio_row(name, *result, "healthz") for name, result in results.items()]
    for name, page in pages.items():
        results[name] = _median_ratios(port, tmp_path, health, page)
        results[name + " vs trivial"] = _median_ratios(port, tmp_path, trivial, page)
        rows.append(_ratio_row(name, *results[name], "healthz"))
        rows.append(_ratio_row(name, *results[name + " vs trivial"], "the trivial member page"))
    rows.append(("worker RSS MB", *_workers_rss(server)))
    report("16 connections, interleaved 5 s pairs, ratios to the reference run before each", rows)

    assert all(load.errors == 0 for _, loads in results.values() for load in loads)
    assert results["anonymous landing"][0] >= 0.8
    assert results["trivial member page (/alerts/)"][0] >= 0.35
    for name in pages:
        assert results[name][0] >= 0.15, name
        assert results[name + " vs trivial"][0] >= 0.5, name
        assert statistics.median(load.p99 for load in results[name][1]) < 150, name


def test_mixed_load_keeps_cheap_pages_cheap(site, member_cookie, tmp_path):
    port, server, _ = site
    _warm(port, member_cookie, tmp_path)
    health = wrk.run(port, ["/healthz"], 10, 16, tmp_path)
    before = _workers_rss(server)

    anonymous = wrk.start(port, LANDINGS, 60, 256, tmp_path)
    member_urls = SEARCHES + KEYWORD_SEARCHES + LANDINGS + NEW_FILTERS + SPONSORED
    members = wrk.start(port, member_urls, 60, 64, tmp_path, member_cookie)
    anonymous, members = wrk.result(anonymous), wrk.result(members)
    after = _workers_rss(server)
    report(
        "mixed load, 256 anonymous + 64 member connections, 60 s",
        [
            _row("healthz alone, 16 connections", health),
            _row("anonymous landing", anonymous, health),
            _row("member pages", members, health),
            ("worker RSS MB before / after", before, after),
        ],
    )

    assert anonymous.errors == 0 and members.errors == 0
    assert anonymous.p99 < 300 and members.p99 < 1000
    assert max(b - a for a, b in zip(before, after, strict=True)) < 50


def test_redis_stalled_then_killed_under_load(site, member_cookie, tmp_path):
    port, server, redis_server = site
    _warm(port, member_cookie, tmp_path)
    baseline = wrk.run(port, SEARCHES + LANDINGS, 10, 16, tmp_path, member_cookie)

    members = wrk.start(port, SEARCHES + LANDINGS, 40, 16, tmp_path, member_cookie)
    anonymous = wrk.start(port, LANDINGS, 40, 16, tmp_path)
    time.sleep(5)
    redis_server.pause()
    stalled_ready = _get(port, "/readyz")
    time.sleep(10)
    redis_server.resume()
    back_after_resume = _seconds_until_redis_used(port, redis_server)
    time.sleep(5)
    redis_server.kill()
    time.sleep(5)
    redis_server.start()
    back_after_restart = _seconds_until_redis_used(port, redis_server)
    members, anonymous = wrk.result(members), wrk.result(anonymous)
    report(
        "Redis stalled 10 s, resumed, killed 5 s, restarted; under 16 + 16 connections",
        [
            _row("member pages, Redis up (before)", baseline),
            _row("member pages through the outages", members),
            _row("anonymous landing through the outages", anonymous),
            ("/readyz while stalled", stalled_ready),
            (
                "s until pages use Redis again: resumed / restarted",
                back_after_resume,
                back_after_restart,
            ),
            ("web processes restarted", "none" if server.poll() is None else "died"),
        ],
    )

    assert members.bad_status == 0 and anonymous.bad_status == 0  # no 5xx, no 4xx
    assert members.errors == 0 and anonymous.errors == 0
    assert stalled_ready == 503
    assert back_after_resume < 5 and back_after_restart < 5
    assert server.poll() is None


def _seconds_until_redis_used(port: int, redis_server) -> float:
    """From now until an anonymous page lands in Redis again (each try is a new URL, so it
    cannot come from the processes' fallback memory)."""
    started = time.monotonic()
    client = redis_server.client()
    for attempt in range(200):
        client.delete(*client.keys("*anon-page*") or ["none"])
        _get(port, f"/visa-sponsorship-jobs/software-engineer/texas/?probe={attempt}")
        if client.keys("*anon-page*"):
            return round(time.monotonic() - started, 2)
        time.sleep(0.1)
    return float("inf")
