"""The CSRF token in our forms: masked as Django masks it, so Django's middleware takes it, but
drawn from the system's randomness once a page rather than once a character, and the cookie
left alone when the browser sent it."""

import random
import re
from collections import Counter

import pytest
from django.conf import settings
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from jobboard import csrf

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def member(seeker) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(seeker)
    return client


def test_a_masked_token_unmasks_to_the_secret_and_differs_each_time():
    secret = "a" * 16 + "Z" * 8 + "0123456789"[:8]

    tokens = {csrf.mask(secret) for _ in range(50)}

    assert len(tokens) == 50
    assert all(len(token) == 64 and _unmask_cipher_token(token) == secret for token in tokens)


def test_every_character_of_a_mask_is_equally_likely():
    drawn = Counter("".join(csrf.mask("x" * 32)[:32] for _ in range(2000)))

    expected = 2000 * 32 / len(csrf.CHARS)
    assert set(drawn) == set(csrf.CHARS)
    # A byte taken modulo 62 without dropping 248 to 255 makes the first 8 a quarter likelier.
    assert all(0.88 * expected < count < 1.12 * expected for count in drawn.values()), drawn


def test_a_form_on_a_member_page_is_accepted_by_djangos_middleware(member):
    html = member.get("/alerts/").content.decode()
    (token,) = TOKEN.findall(html)  # the log-out form

    assert _unmask_cipher_token(token) == member.cookies[settings.CSRF_COOKIE_NAME].value
    assert member.post("/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert member.get("/alerts/").status_code == 302  # signed out


def test_a_made_up_token_is_refused(member):
    member.get("/alerts/")

    response = member.post("/accounts/logout/", {"csrfmiddlewaretoken": "x" * 64})

    assert response.status_code == 403
    assert member.get("/alerts/").status_code == 200


def test_a_page_draws_randomness_once(member, monkeypatch):
    member.get("/alerts/")  # the CSRF cookie, as a browser would send it back
    draws = []
    urandom = random._urandom
    monkeypatch.setattr(random, "_urandom", lambda size: draws.append(size) or urandom(size))

    assert member.get("/alerts/").status_code == 200

    assert len(draws) == 1  # Django's own mask draws 32 times, once a character


def test_the_cookie_is_set_for_a_new_browser_and_left_alone_after(member):
    first = member.get("/alerts/")
    assert settings.CSRF_COOKIE_NAME in first.cookies  # the browser had none

    again = member.get("/alerts/")

    assert TOKEN.search(again.content.decode())
    assert settings.CSRF_COOKIE_NAME not in again.cookies


MALFORMED = ["", "x", "<script>", "a" * 31, "!" * 32, "a" * 64 + "b", "é" * 32]


@pytest.mark.parametrize("cookie", MALFORMED)
def test_a_malformed_cookie_gets_a_new_secret_not_an_error(member, cookie):
    member.cookies[settings.CSRF_COOKIE_NAME] = cookie

    response = member.get("/alerts/")

    assert response.status_code == 200
    secret = response.cookies[settings.CSRF_COOKIE_NAME].value
    (token,) = TOKEN.findall(response.content.decode())
    assert secret != cookie and _unmask_cipher_token(token) == secret
