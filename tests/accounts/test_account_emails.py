"""Account emails (verification, password reset, unknown account) are branded, come as text
and HTML, sign with the site's name from settings and give a contact address that exists."""

import re

import pytest
from django.conf import settings

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def parts(message) -> tuple[str, str]:
    html = [body for body, kind in message.alternatives if kind == "text/html"]
    assert len(html) == 1, "a text and an HTML part"
    return message.body, html[0]


def check_branded(message) -> None:
    text, html = parts(message)
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert settings.SITE_NAME in message.from_email and "Visa Jobs" not in message.from_email
    assert message.subject.startswith(f"[{settings.SITE_NAME}] ")
    for body in (text, html):
        assert settings.SITE_NAME in body
        assert settings.CONTACT_EMAIL in body
        assert "Hello from" not in body and "testserver" not in body.split("http")[0]
    assert f'href="mailto:{settings.CONTACT_EMAIL}"' in html


def test_the_contact_address_is_a_mailbox_the_site_sends_from():
    assert settings.CONTACT_EMAIL and settings.CONTACT_EMAIL in settings.DEFAULT_FROM_EMAIL


def test_verification_email(client, mailoutbox):
    client.post("/accounts/signup/", {"email": "new@example.com", "password1": PASSWORD})

    (message,) = mailoutbox
    check_branded(message)
    text, html = parts(message)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", text).group(0)
    assert f'href="{link}"' in html


def test_password_reset_email(client, mailoutbox):
    make_user("member@example.com")
    client.post("/accounts/password/reset/", {"email": "member@example.com"})

    (message,) = mailoutbox
    check_branded(message)
    assert "/accounts/password/reset/key/" in parts(message)[1]


def test_unknown_account_email(client, mailoutbox):
    client.post("/accounts/password/reset/", {"email": "nobody@example.com"})

    (message,) = mailoutbox
    check_branded(message)
    assert "no account uses this address" in message.body


def test_login_page_offers_one_password_reset_link(client):
    html = client.get("/accounts/login/").content.decode()
    assert html.count("Forgot your password?") == 1


def test_confirming_the_email_prompts_for_the_visa_profile(client, mailoutbox):
    client.post("/accounts/signup/", {"email": "new@example.com", "password1": PASSWORD})
    link = re.search(r"https?://\S+(/accounts/confirm-email/\S+/)", mailoutbox[0].body).group(1)

    response = client.post(link, follow=True)

    html = response.content.decode()
    assert "Your email address is confirmed." in html
    assert '<a href="/accounts/profile/">Tell us your visa situation</a>' in html
