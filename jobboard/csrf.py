"""The CSRF token in a page's forms, masked with one draw of the system's randomness.

Django masks the CSRF secret afresh on every page, so a compressed page never repeats it (the
BREACH defence), drawing the mask's 32 characters from `secrets` one at a time: 32 `getrandom`
calls. Each call lets go of the interpreter lock, and under load another of the process's
threads takes it, so a signed-in page handed the lock over about 30 times more than it needed
to (32 context switches a request on `/alerts/` at 16 connections, against 2 for `/healthz`).
Here the mask comes from one call, with the same alphabet, length and uniform characters, so
Django's middleware checks the token as its own.

Django also sets the CSRF cookie again on every page that shows a form, to push its expiry a
year on. A browser that sent the cookie keeps it as it is here: it lasts a year from when it
was set (`CSRF_COOKIE_AGE`), and the first page after that sets a new one. A form shown just
before the year ends and sent after it is refused, as one is after the member clears cookies.

Templates get the token from `context_processor`, listed after Django's own, which it
replaces.
"""

import secrets

from django.http import HttpRequest
from django.middleware import csrf
from django.utils.functional import SimpleLazyObject

CHARS = csrf.CSRF_ALLOWED_CHARS
# A byte at or above this would make the first 8 characters likelier than the rest.
_UNBIASED = 256 - 256 % len(CHARS)


def _random_indexes(count: int) -> list[int]:
    drawn: list[int] = []
    while len(drawn) < count:  # one draw, but for about 1 in 300,000 masks
        drawn += [byte % len(CHARS) for byte in secrets.token_bytes(count + 8) if byte < _UNBIASED]
    return drawn[:count]


def mask(secret: str) -> str:
    """The secret masked as Django masks it (`csrf._unmask_cipher_token` reverses it): a
    random mask, then each character of the secret shifted by the mask's."""
    shifts = _random_indexes(len(secret))
    pairs = zip(secret, shifts, strict=True)
    cipher = "".join(CHARS[(CHARS.index(char) + shift) % len(CHARS)] for char, shift in pairs)
    return "".join(CHARS[shift] for shift in shifts) + cipher


def get_token(request: HttpRequest) -> str:
    """A masked CSRF token for the request's forms: Django's `get_token`, but for the mask and
    for leaving alone a cookie the browser already has."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = csrf._add_new_csrf_cookie(request)  # sets the cookie on the response
    return mask(secret)


def context_processor(request: HttpRequest) -> dict:
    """The `csrf_token` every template's `{% csrf_token %}` writes, read when first written.
    Listed after Django's own processor, which it replaces."""
    return {"csrf_token": SimpleLazyObject(lambda: get_token(request))}
