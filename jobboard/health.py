"""What a load balancer and an orchestrator ask: is the process alive (`/healthz`, touching
nothing), and can it serve pages now (`/readyz`: the database and Redis answer in time)."""

import redis
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from jobboard import deadlines


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_ok(), "redis": _redis_ok()}
    status = 200 if all(checks.values()) else 503
    return JsonResponse(
        {name: "ok" if ok else "down" for name, ok in checks.items()}, status=status
    )


def _database_ok() -> bool:
    # On a connection of its own, within READY_SECONDS, reading the job table: a migration
    # that locks it makes the site unready, and a frozen server is "down" in time.
    return deadlines.probe()


def _redis_ok() -> bool:
    # A probe may wait a little longer than a page's calls, so a busy Redis is not "down".
    timeout = 4 * settings.REDIS_TIMEOUT
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=timeout, socket_timeout=timeout
    )
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()
