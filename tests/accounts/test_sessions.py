"""A member's session key names them, so their session, their cached row and their marks come
from Redis in one round trip; the name in the key never decides who is signed in."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.models import Session
from django.core.signals import request_started
from django.test import Client
from django.utils.http import int_to_base36
from redis.client import Redis

from accounts.sessions import SessionStore, fetched_with_session, member_in
from tests.factories import PASSWORD, make_alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_commands(monkeypatch) -> list[str]:
    """Every command this process sends to Redis from now on."""
    sent: list[str] = []
    execute = Redis.execute_command

    def counted(self, *args, **options):
        sent.append(str(args[0]))
        return execute(self, *args, **options)

    monkeypatch.setattr(Redis, "execute_command", counted)
    return sent


def session_key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_signing_in_gives_a_session_key_naming_the_member(seeker, seeker_client):
    key = session_key(seeker_client)

    assert member_in(key) == seeker.pk
    assert len(key) <= 40  # the sessions table's column


def test_signing_in_by_the_form_names_the_member_too(seeker):
    client = Client()
    response = client.post("/accounts/login/", {"login": seeker.email, "password": PASSWORD})

    assert response.status_code == 302
    assert member_in(session_key(client)) == seeker.pk
    assert client.get("/alerts/").status_code == 200


def test_a_member_page_reads_redis_once(seeker_client, redis_commands, django_assert_num_queries):
    seeker_client.get("/alerts/")  # the member's row now in the cache
    redis_commands.clear()

    with django_assert_num_queries(0):
        response = seeker_client.get("/alerts/")

    assert response.status_code == 200 and "Your job alerts" in response.content.decode()
    assert redis_commands == ["MGET"]  # the session, the member and their marks


def test_a_session_from_before_still_signs_the_member_in(seeker, redis_commands):
    # Stored by Django's own store, as every session before this one was.
    session = cached_db.SessionStore()
    session[SESSION_KEY] = str(seeker.pk)
    session["_auth_user_backend"] = "accounts.backends.MemberBackend"
    session["_auth_user_hash"] = seeker.get_session_auth_hash()
    session.create()
    assert member_in(session.session_key) is None
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key

    client.get("/alerts/")
    redis_commands.clear()
    response = client.get("/alerts/")

    assert response.status_code == 200 and "Your job alerts" in response.content.decode()
    assert redis_commands == ["GET", "MGET"]  # the session, then the member and marks


def test_the_session_says_who_is_signed_in_not_its_key(
    seeker, seeker_client, other_seeker, other_client
):
    """A session whose key names another member (a key nobody but the server can make) still
    signs in the member its data names, and the other member's row fetched with it is unused."""
    make_alert(other_seeker, "role=machine-learning-engineer&state=georgia")
    assert "You have no alerts yet." in seeker_client.get("/alerts/").content.decode()
    other = SessionStore(session_key(other_client))
    random = other.session_key.partition("_")[0]
    forged = f"{random}_{int_to_base36(seeker.pk)}"
    data, expires = other.encode(other.load()), other.get_expiry_date()
    Session.objects.create(session_key=forged, session_data=data, expire_date=expires)
    assert member_in(forged) == seeker.pk
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = forged

    html = client.get("/alerts/").content.decode()

    assert "Machine Learning Engineer" in html and "You have no alerts yet." not in html


@pytest.mark.parametrize(
    "cookie",
    [
        "",
        "x",
        "a" * 32 + "_",
        "a" * 32 + "_zzzzzzzzzzzzzzzzzz",
        "a" * 32 + "_-1",
        "a" * 32 + "_" + "9" * 400,
        "<script>_1",
        "a" * 5000,
    ],
)
def test_a_made_up_session_key_is_a_visitor_not_an_error(seeker_client, cookie):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie

    response = client.get("/alerts/")

    assert response.status_code == 302 and "/accounts/" in response["Location"]
    assert client.get("/").status_code == 200


def test_signing_out_leaves_a_key_naming_nobody(seeker_client):
    assert seeker_client.post("/accounts/logout/").status_code == 302

    key = seeker_client.cookies.get(settings.SESSION_COOKIE_NAME)
    assert key is None or member_in(key.value) is None
    assert seeker_client.get("/alerts/").status_code == 302


def test_what_a_session_brought_is_not_used_by_a_later_request(seeker, seeker_client):
    """A thread's next request starts with nothing fetched, so a member's row fetched long ago
    can never stand in for a fresh read."""
    seeker_client.get("/alerts/")
    SessionStore(session_key(seeker_client)).load()
    assert fetched_with_session(seeker.pk) is not None  # within the request that read it

    SessionStore(session_key(seeker_client)).load()
    request_started.send(sender=None)

    assert fetched_with_session(seeker.pk) is None
