"""The page for an error nobody can fix by retrying at once, told apart from a bug."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

# How soon a client may try again while the database is away: about one restart.
OUTAGE_RETRY_SECONDS = 10


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database that went away, or did not answer within the request's
    deadline (jobboard.deadlines), is a 503 that clears by itself, not a bug.

    Django calls this inside its `except` block, so the exception is still at hand. With
    CONN_HEALTH_CHECKS the next request opens a fresh connection, so the site recovers
    without a restart once the server is back.
    """
    error = sys.exc_info()[1]
    if not isinstance(error, OperationalError | InterfaceError):
        return defaults.server_error(request)
    # No context processors: they could need the very database that is down.
    body = loader.get_template("503.html").render()
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(OUTAGE_RETRY_SECONDS)
    return response
