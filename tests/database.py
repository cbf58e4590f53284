from pathlib import Path

from django.db import connection

from jobboard.devserver import database_url


def shared_database_url() -> str:
    """DATABASE_URL of the database this test runs in, for a subprocess to share."""
    db = connection.settings_dict
    host, port, user = db["HOST"] or "localhost", db["PORT"] or 5432, db["USER"] or "postgres"
    if host.startswith("/"):  # the embedded server's unix socket
        return database_url(Path(host), port, db["NAME"], user)
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"
