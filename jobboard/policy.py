"""The Content-Security-Policy header, built once per process.

django-csp builds the policy string from settings on every response (dataclasses, dict
merging, joining): a fifth of the CPU a cached anonymous page costs. The site has one policy
and no nonces (settings.CONTENT_SECURITY_POLICY), so the string is built once; a response that
a view gave its own policy (django-csp's decorators mark it) still goes through django-csp.
"""

from functools import cache

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.http import HttpRequest, HttpResponseBase


@cache
def site_policy() -> str:
    return build_policy()


class StaticCSPMiddleware(CSPMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        own_policy = any(name.startswith("_csp") for name in vars(response))
        if own_policy or getattr(request, "_csp_nonce", None) is not None:
            return super().process_response(request, response)
        if HEADER not in response:
            response[HEADER] = site_policy()
        return response
