"""`make run` is local by default, and links in mail point where it actually serves."""

import os
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


def test_site_url_follows_port_when_not_set():
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    )
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "PORT": "8765"},
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "http://127.0.0.1:8765"
