"""Throttled answers a client understands: HTTP 429 with Retry-After, everywhere.

allauth counts attempts per IP and per account (ACCOUNT_RATE_LIMITS, in Redis). This module
puts the admin login under the same counts, gives every 429 a Retry-After worked out from
those counts, and makes the login form's "too many failed attempts" page a 429 too: allauth
shows it as a form error with status 200, which scripts read as "try the next password".
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

# allauth's own limiter, internal but pinned with allauth: the public wrapper hides the usage
# record the admin login rolls back after a good password, and the rates Retry-After needs.
from allauth.core.internal import ratelimit
from django.contrib import admin
from django.contrib.sites.shortcuts import get_current_site
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

APP = "allauth.account"  # whose RATE_LIMITS (ACCOUNT_RATE_LIMITS) hold the rates
FALLBACK_RETRY_SECONDS = 60  # when no count explains the 429 (the limiter's lock timed out)

Limits = list[tuple[str, str | None]]  # (action, key) pairs; key None for per-IP/user rates


def login_key(request: HttpRequest, login: str) -> str:
    """The key allauth's adapter counts failed logins under, so the site and the admin
    share one count per account."""
    return f"{get_current_site(request).domain}:{login.strip().lower()}"


def _login_limits(field: str) -> Callable[[HttpRequest], Limits]:
    return lambda request: [
        ("login", None),
        ("login_failed", login_key(request, request.POST.get(field, ""))),
    ]


# What each throttled view counts, by URL name.
LIMITS: dict[str, Callable[[HttpRequest], Limits]] = {
    "account_login": _login_limits("login"),
    "admin_login": _login_limits("username"),
    "account_signup": lambda request: [("signup", None)],
    "account_reset_password": lambda request: [
        ("reset_password", request.POST.get("email", "").strip().lower() or None)
    ],
    "alerts:new": lambda request: [("create_alert", None)],
    "accounts:report_outcome": lambda request: [("report_outcome", None)],
    "accounts:delete": lambda request: [("delete_account", None)],
}


def _wait(request: HttpRequest, action: str, key: str | None, now: float) -> float:
    """Seconds until every exhausted rate of action has room again (0 if none is)."""
    wait = 0.0
    for rate in ratelimit.get_rates(app=APP, action=action):
        if (rate.per == "key" and key is None) or (
            rate.per == "user" and not request.user.is_authenticated
        ):
            continue
        cache_key = ratelimit.get_cache_key(request, app=APP, action=action, rate=rate, key=key)
        # Newest first, as allauth keeps it: room returns when the amount-th newest expires.
        history = [t for t in cache.get(cache_key, []) if t > now - rate.duration]
        if len(history) >= rate.amount:
            wait = max(wait, history[rate.amount - 1] + rate.duration - now)
    return wait


def retry_after(request: HttpRequest) -> int:
    match = request.resolver_match
    limits = LIMITS.get(match.view_name, lambda _: [])(request) if match else []
    now = time.time()
    wait = max((_wait(request, action, key, now) for action, key in limits), default=0.0)
    return math.ceil(wait) if wait > 0 else FALLBACK_RETRY_SECONDS


class ThrottleMiddleware:
    """Every throttled answer: status 429 and a Retry-After header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Set by accounts.adapter when the failed-login count refused the attempt; the page
        # already says so in words.
        if getattr(request, "login_throttled", False) and response.status_code == 200:
            response.status_code = 429
        if response.status_code == 429 and not response.has_header("Retry-After"):
            response["Retry-After"] = str(retry_after(request))
        return response


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's login under the site's limits: attempts per IP, failures per IP and per
    account, counted the way allauth's adapter counts them for the site's login form."""
    if request.method != "POST":
        return admin.site.login(request)
    if not ratelimit.consume(request, app=APP, action="login"):
        return ratelimit.respond_429(request)
    key = login_key(request, request.POST.get("username", ""))
    failure = ratelimit.consume(request, app=APP, action="login_failed", key=key)
    if not failure:
        return ratelimit.respond_429(request)
    response = admin.site.login(request)
    if response.status_code == 302:
        # Signed in: this attempt was no failure. Rolling back, not clearing, keeps a
        # brute force from resetting the count with an occasional good password.
        failure.rollback()
    return response
