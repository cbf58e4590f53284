import pytest
from django.core import mail

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(seeker):
    assert seeker.password.startswith("argon2")


def test_signup_does_not_reveal_whether_an_email_is_registered(client):
    make_user("known@example.com")

    known = client.post("/accounts/signup/", {"email": "known@example.com", "password1": PASSWORD})
    unknown = client.post("/accounts/signup/", {"email": "new@example.com", "password1": PASSWORD})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 2  # the known owner is told; the newcomer gets a link


def test_password_reset_does_not_reveal_whether_an_email_is_registered(client):
    make_user("known@example.com")

    known = client.post("/accounts/password/reset/", {"email": "known@example.com"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_login_failure_does_not_say_which_part_was_wrong(client):
    make_user("known@example.com")

    wrong_password = client.post(
        "/accounts/login/", {"login": "known@example.com", "password": "nope-nope-nope"}
    )
    unknown_email = client.post(
        "/accounts/login/", {"login": "nobody@example.com", "password": "nope-nope-nope"}
    )

    assert wrong_password.status_code == unknown_email.status_code == 200
    assert wrong_password.context["form"].errors == unknown_email.context["form"].errors


def test_signups_are_rate_limited_per_ip(client):
    statuses = [
        client.post(
            "/accounts/signup/", {"email": f"user{i}@example.com", "password1": PASSWORD}
        ).status_code
        for i in range(12)
    ]

    assert statuses[:10] == [302] * 10
    assert statuses[-1] == 429


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example", "http:evil"]
)
def test_login_refuses_offsite_next(client, next_url):
    make_user("known@example.com")

    response = client.post(
        f"/accounts/login/?next={next_url}", {"login": "known@example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert "evil" not in response["Location"]


def test_login_returns_to_an_onsite_next(client):
    make_user("known@example.com")
    landing = "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"

    response = client.post(
        "/accounts/login/", {"login": "known@example.com", "password": PASSWORD, "next": landing}
    )

    assert response["Location"] == landing


def test_unverified_email_cannot_log_in(client):
    make_user("fresh@example.com", verified=False)

    response = client.post("/accounts/login/", {"login": "fresh@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
