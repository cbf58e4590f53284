"""The site served by gunicorn as `make run` serves it, for tests of what only a real web
process does (deadlines, admission control), and plain HTTP requests to it."""

import os
import shlex
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.test import Client

from jobboard import devserver
from tests.factories import make_user


@dataclass
class Answer:
    url: str
    started: float
    seconds: float
    status: int
    retry_after: str
    body: str


def fetch(base: str, url: str, cookie: str = "") -> Answer:
    request = urllib.request.Request(base + url, headers={"Cookie": cookie} if cookie else {})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, retry_after, body = response.status, "", response.read().decode()
    except urllib.error.HTTPError as error:
        status, retry_after = error.code, error.headers.get("Retry-After", "")
        body = error.read().decode()
    return Answer(url, started, time.monotonic() - started, status, retry_after, body)


def serve(database_url: str, log: Path, **variables) -> tuple[subprocess.Popen, str]:
    """gunicorn as `make run` starts it, with `variables` added to its environment; returns
    it and its base URL."""
    port = devserver.free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "ANONYMOUS_PAGE_CACHE_SECONDS": "300",
        **{name: str(value) for name, value in variables.items()},
    }
    web = devserver.web_command("127.0.0.1", str(port), env)  # sized by `variables` too
    command = [sys.executable, "-m", *shlex.split(web)]
    gunicorn = subprocess.Popen(
        command, cwd=devserver.REPO, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    assert devserver.wait_healthy(f"{base}/healthz", [gunicorn])
    return gunicorn, base


def member_cookie(user=None) -> str:
    client = Client()
    client.force_login(user or make_user("member@example.com"))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
