"""The development launcher behind `make run` and `make test` (no database)."""

from pathlib import Path

import dj_database_url
import pytest
import redis

from jobboard import devserver


def test_embedded_redis_answers_ping_and_stops(tmp_path: Path) -> None:
    port = devserver.free_port()
    assert port not in (5432, 6379)

    proc, url = devserver.start_redis(tmp_path / "redis", port)
    try:
        assert url == f"redis://127.0.0.1:{port}/0"
        assert redis.Redis.from_url(url, socket_connect_timeout=1).ping() is True
    finally:
        devserver.stop_processes([proc])

    assert proc.returncode is not None
    with pytest.raises(redis.exceptions.ConnectionError):
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()


@pytest.mark.parametrize(
    "socket_dir",
    [
        "/srv/jobboard/var/pgdata",
        # Uppercase letters, spaces and URL delimiters must survive urlsplit().hostname.
        "/tmp/CI Checkout/var:pg@data%1",
    ],
)
def test_database_url_for_socket_dir_parses_to_that_host(socket_dir: str) -> None:
    url = devserver.database_url(Path(socket_dir), 5432, "jobboard")

    config = dj_database_url.parse(url)

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["HOST"] == socket_dir
    assert config["PORT"] == 5432
    assert config["NAME"] == "jobboard"
    assert config["USER"] == "postgres"
