"""`make run` is local by default, and links in mail point where it actually serves."""

import os
import socket
import subprocess
import sys

import pytest

from jobboard import devserver


@pytest.mark.parametrize(
    "host, url",
    [
        ("127.0.0.1", "http://127.0.0.1:8765"),
        ("0.0.0.0", "http://127.0.0.1:8765"),  # every interface: reached here as loopback
        ("192.168.1.20", "http://192.168.1.20:8765"),
        ("::1", "http://[::1]:8765"),
    ],
)
def test_the_served_url_is_the_address_a_browser_here_uses(host, url):
    assert devserver.served_url(host, "8765") == url


def test_gunicorn_binds_loopback_unless_host_says_otherwise():
    web = devserver.app_commands("127.0.0.1", "8765")[0]
    everywhere = devserver.app_commands("0.0.0.0", "8000")[0]

    assert "--bind 127.0.0.1:8765" in web
    assert "--bind 0.0.0.0:8000" in everywhere


def setting(name: str, **env: str) -> str:
    """A setting as a fresh process reads it, with env set and its own variable unset."""
    code = f"import django; django.setup(); from django.conf import settings as s; print(s.{name})"
    environ = {k: v for k, v in os.environ.items() if k != name}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_site_url_follows_port_when_not_set():
    assert setting("SITE_URL", PORT="8765") == "http://127.0.0.1:8765"


def test_a_specific_host_is_one_the_site_answers_to():
    allowed = setting("ALLOWED_HOSTS", HOST="192.168.1.20")

    assert "'192.168.1.20'" in allowed and "'127.0.0.1'" in allowed


def make_run(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jobboard.devserver", "run"],
        env={**os.environ, "HOST": "127.0.0.1", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_make_run_says_so_when_its_port_is_taken():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = make_run(PORT=port)

    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is in use" in result.stdout + result.stderr
    assert devserver.cannot_serve_at("127.0.0.1", port) is None  # free once the listener closed


@pytest.mark.parametrize(
    "env, message",
    [
        ({"PORT": "eighty"}, "PORT must be a number from 1 to 65535, not 'eighty'"),
        ({"PORT": "99999"}, "PORT must be a number from 1 to 65535, not '99999'"),
        ({"PORT": ""}, "PORT must be a number from 1 to 65535, not ''"),
        ({"PORT": "8765", "HOST": "203.0.113.7"}, "cannot listen on 203.0.113.7:8765"),
    ],
)
def test_make_run_refuses_an_address_it_cannot_serve_at(env, message):
    result = make_run(**env)

    assert result.returncode == 1
    assert message in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
