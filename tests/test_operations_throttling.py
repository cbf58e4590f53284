"""Every throttled answer is a 429 with Retry-After, the admin login included; the admin
itself is open to a superuser made with `createsuperuser`."""

import pytest
from django.core.management import call_command
from django.test import Client

from alerts.models import Alert
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db
ADMIN_LOGIN = "/admin/login/"
GOOD_ALERT = {"role": "machine-learning-engineer", "state": "georgia", "frequency": "daily"}


def assert_throttled(response, at_most: int) -> None:
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= at_most


def admin_attempt(client, email, password, ip="10.1.0.1"):
    return client.post(ADMIN_LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_login_attempts_beyond_thirty_a_minute_from_one_ip_get_429(client):
    for i in range(30):
        client.post("/accounts/login/", {"login": f"u{i}@example.com", "password": "x"})

    response = client.post("/accounts/login/", {"login": "u@example.com", "password": "x"})

    assert_throttled(response, 60)


def test_too_many_failed_logins_for_one_account_is_a_429_not_a_form_error(client):
    make_user("known@example.com")
    # Each attempt from another address: the per-account limit must hold on its own.
    for i in range(5):
        client.post(
            "/accounts/login/",
            {"login": "known@example.com", "password": f"wrong-{i}"},
            REMOTE_ADDR=f"10.0.0.{i}",
        )

    blocked = client.post(
        "/accounts/login/",
        {"login": "known@example.com", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.99",
    )

    assert_throttled(blocked, 300)
    assert int(blocked["Retry-After"]) > 240  # the five-minute window has just begun
    assert "Too many failed login attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_alone_is_still_an_ordinary_form_error(client):
    make_user("known@example.com")

    response = client.post("/accounts/login/", {"login": "known@example.com", "password": "no"})

    assert response.status_code == 200
    assert not response.has_header("Retry-After")


def test_signup_beyond_ten_a_minute_gets_429_with_retry_after(client):
    for i in range(10):
        client.post("/accounts/signup/", {"email": f"user{i}@example.com", "password1": PASSWORD})

    response = client.post("/accounts/signup/", {"email": "one@example.com", "password1": PASSWORD})

    assert_throttled(response, 60)
    assert "Too many attempts" in response.content.decode()


def test_password_reset_for_one_address_beyond_three_gets_429(client):
    make_user("known@example.com")
    for i in range(3):
        client.post(
            "/accounts/password/reset/", {"email": "known@example.com"}, REMOTE_ADDR=f"10.0.1.{i}"
        )

    response = client.post(
        "/accounts/password/reset/", {"email": "known@example.com"}, REMOTE_ADDR="10.0.1.9"
    )

    assert_throttled(response, 300)
    assert int(response["Retry-After"]) > 240


def test_admin_login_failures_from_one_ip_are_limited(client):
    make_user("ada@example.com", is_staff=True, is_superuser=True)
    for i in range(10):
        assert admin_attempt(client, f"guess{i}@example.com", "nope").status_code == 200

    response = admin_attempt(client, "ada@example.com", PASSWORD)

    assert_throttled(response, 60)
    assert "_auth_user_id" not in client.session


def test_admin_login_failures_for_one_account_are_limited_whatever_the_ip(client):
    make_user("ada@example.com", is_staff=True, is_superuser=True)
    for i in range(5):
        admin_attempt(client, "ada@example.com", f"wrong-{i}", ip=f"10.2.0.{i}")

    response = admin_attempt(client, "ADA@example.com", PASSWORD, ip="10.2.0.99")

    assert_throttled(response, 300)
    assert "_auth_user_id" not in client.session


def test_admin_and_site_logins_share_one_count_per_account(client):
    make_user("ada@example.com", is_staff=True, is_superuser=True)
    for i in range(3):
        client.post(
            "/accounts/login/",
            {"login": "ada@example.com", "password": f"wrong-{i}"},
            REMOTE_ADDR=f"10.3.0.{i}",
        )
    for i in range(2):
        admin_attempt(client, "ada@example.com", f"again-{i}", ip=f"10.3.1.{i}")

    assert admin_attempt(client, "ada@example.com", PASSWORD, ip="10.3.2.1").status_code == 429


def test_staff_signs_in_to_the_admin_and_good_logins_do_not_use_up_the_count(client):
    make_user("ada@example.com", is_staff=True, is_superuser=True)

    for _ in range(6):
        response = admin_attempt(Client(), "ada@example.com", PASSWORD)
        assert response.status_code == 302

    assert client.get(ADMIN_LOGIN).status_code == 200


def test_alert_creation_beyond_ten_a_minute_gets_429(seeker_client, seeker):
    for _ in range(10):
        assert seeker_client.post("/alerts/new/", GOOD_ALERT).status_code == 302

    response = seeker_client.post("/alerts/new/", GOOD_ALERT)

    assert_throttled(response, 60)
    assert Alert.objects.filter(user=seeker).count() == 10


def test_one_persons_alert_limit_leaves_another_person_free(seeker_client, other_client):
    for _ in range(11):
        seeker_client.post("/alerts/new/", GOOD_ALERT)

    assert other_client.post("/alerts/new/", GOOD_ALERT).status_code == 302


def test_a_superuser_from_createsuperuser_signs_in_to_the_admin(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", "--noinput", email="root@example.com", verbosity=0)

    response = admin_attempt(client, "root@example.com", PASSWORD)

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
