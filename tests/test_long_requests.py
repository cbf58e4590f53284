"""An address too long for any page of ours gets our own 414 page, from Django and through
gunicorn as `make run` starts it (not gunicorn's bare "URI Too Long")."""

import os
import shlex
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from jobboard import devserver

LONG = "/visa-sponsorship-jobs/?q=" + "python+" * 2500  # 17,526 characters


@pytest.mark.django_db
def test_a_long_address_gets_our_page(client):
    response = client.get(LONG)

    assert response.status_code == 414
    assert "That address is too long" in response.content.decode()
    assert "SponsorBoard" in response.content.decode()
    assert client.get("/visa-sponsorship-jobs/?q=" + "a" * 9000).status_code == 200


@pytest.mark.django_db
def test_gunicorn_passes_long_addresses_to_our_page(tmp_path, monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "1")  # one process is plenty here
    port = devserver.free_port()
    command = [sys.executable, "-m", *shlex.split(devserver.web_command("127.0.0.1", str(port)))]
    with open(tmp_path / "gunicorn.log", "wb") as log:
        server = subprocess.Popen(
            command, cwd=devserver.REPO, stdout=log, stderr=log, start_new_session=True
        )
        try:
            assert devserver.wait_healthy(f"http://127.0.0.1:{port}/healthz", [server])
            with pytest.raises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{LONG}", timeout=20)
            assert answer.value.code == 414
            assert "That address is too long" in answer.value.read().decode()
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(20)
    assert len(LONG) > settings.MAX_URI_LENGTH > 8190  # past gunicorn's own largest limit
