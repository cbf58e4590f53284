"""The "Open to my routes" filter on the benchmark table: queries per page, server time beside
the same page without the filter, and member throughput against /healthz under gunicorn."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from accounts.models import VisaProfile
from tests.bench import wrk
from tests.bench.conftest import report, server_ms
from tests.factories import make_profile

SEARCH = "/visa-sponsorship-jobs/"
PAGES = [
    SEARCH,
    SEARCH + "?state=california&visa=h-1b&remote=hybrid&posted=30",
    "/visa-sponsorship-jobs/software-engineer/california/",
    "/visa-sponsorship-jobs/data-scientist/georgia/atlanta/",
]
# Broad (TN roles), narrow (E-Verify postings) and narrowest (cap-exempt employers only).
PROFILES = {
    "Canadian, bachelor's": {"citizenships": ["CA"]},
    "F-1 STEM OPT": {"citizenships": ["IN"], "status": "stem-opt", "stem": True},
    "Indian, bachelor's, no status": {"citizenships": ["IN"]},
}


def with_routes(url: str) -> str:
    return url + ("&" if "?" in url else "?") + "routes=on"


def counting(queries: list):
    """An execute wrapper that records every statement. Counting the growth of the debug
    query log (CaptureQueriesContext) read zero statements per page in this module's runs."""

    def wrapper(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    return wrapper


def use_profile(user, fields: dict) -> None:
    VisaProfile.objects.filter(user=user).delete()
    make_profile(user, **fields)


@pytest.mark.django_db
def test_routes_pages_run_few_queries_and_cost_about_the_same(
    million_jobs, member, django_db_blocker
):
    client = Client()
    client.force_login(member)
    rows, worst = [], []
    with django_db_blocker.unblock():
        for name, fields in PROFILES.items():
            use_profile(member, fields)
            for url in PAGES:
                client.get(url)  # warm the catalog and the plans
                queries = []
                with connection.execute_wrapper(counting(queries)):
                    client.get(with_routes(url))
                plain, routes = server_ms(client, url), server_ms(client, with_routes(url))
                rows.append((name, url, f"{len(queries)} q", f"{plain:.1f}", f"{routes:.1f} ms"))
                worst.append((routes, plain, name, url))
                assert len(queries) <= 8, (name, url)
    report(f"routes filter, plain vs filtered server ms ({million_jobs:,} jobs)", rows)
    routes, plain, name, url = max(worst)
    assert routes <= 2 * plain + 50, (name, url, routes, plain)


# Not marked django_db: gunicorn runs in another process and must see committed rows.
def test_routes_throughput_against_healthz(gunicorn, member, django_db_blocker, tmp_path):
    port, _server = gunicorn
    client = Client()
    with django_db_blocker.unblock():
        use_profile(member, PROFILES["Canadian, bachelor's"])
        client.force_login(member)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    searches = [
        f"{SEARCH}?state={state}&visa=h-1b&remote={remote}"
        for state in ("california", "texas", "georgia")
        for remote in ("onsite", "hybrid", "remote")
    ]
    wrk.run(port, searches, 3, 4, tmp_path, cookie)  # warm

    health = wrk.run(port, ["/healthz"], 10, 16, tmp_path)
    plain = wrk.run(port, searches, 10, 16, tmp_path, cookie)
    routes = wrk.run(port, [with_routes(url) for url in searches], 10, 16, tmp_path, cookie)
    rows = [("healthz", f"{health.rps:.0f} req/s", f"p99 {health.p99:.1f} ms")]
    for label, result in (("member filtered search", plain), ("the same, my routes", routes)):
        rows.append((label, f"{result.rps:.0f} req/s", f"p99 {result.p99:.1f} ms",
                     f"{result.rps / health.rps:.2f}x healthz"))  # fmt: skip
    report("gunicorn, 2 workers, 16 connections, 10 s each", rows)
    for result in (health, plain, routes):
        assert result.errors == 0
    # The filter must not cost the member search its budget: within 80% of the same search.
    assert routes.rps >= 0.8 * plain.rps
