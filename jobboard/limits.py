"""An address too long to be one of our pages gets our own 414 page. gunicorn runs with
`--limit-request-line 0` (jobboard.devserver, README) so such a request reaches us instead of
its bare "URI Too Long"; it still refuses a request line over a megabyte."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def uri_length_middleware(get_response: Callable[[HttpRequest], HttpResponse]):
    def middleware(request: HttpRequest) -> HttpResponse:
        if len(request.get_full_path()) > settings.MAX_URI_LENGTH:
            return render(request, "414.html", status=414)
        return get_response(request)

    return middleware
