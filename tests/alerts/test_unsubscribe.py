import pytest
from django.core import signing
from django.test import Client

from alerts.emails import UNSUBSCRIBE_SALT, unsubscribe_token
from alerts.models import Alert
from tests.factories import make_alert

pytestmark = pytest.mark.django_db


def url(token):
    return f"/alerts/unsubscribe/{token}/"


def test_one_click_post_unsubscribes_without_login_or_csrf(seeker, other_seeker):
    alert, other = make_alert(seeker), make_alert(other_seeker)
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(url(unsubscribe_token(alert)), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "You're unsubscribed" in response.content.decode()
    assert Alert.objects.get(pk=alert.pk).paused
    assert not Alert.objects.get(pk=other.pk).paused
    assert mail_client.post(url(unsubscribe_token(alert))).status_code == 200  # idempotent


def test_get_only_asks_so_link_scanners_unsubscribe_nobody(
    client, seeker, django_assert_max_num_queries
):
    alert = make_alert(seeker, "role=data-scientist")
    with django_assert_max_num_queries(2):
        response = client.get(url(unsubscribe_token(alert)))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Data Scientist" in html
    assert '<button type="submit">Unsubscribe</button>' in html
    assert 'method="post"' in html
    assert not Alert.objects.get(pk=alert.pk).paused


@pytest.mark.parametrize(
    "make_token",
    [
        lambda alert: unsubscribe_token(alert)[:-1] + "x",  # tampered signature
        lambda alert: signing.dumps(alert.pk + 1, salt=UNSUBSCRIBE_SALT)[:-2] + "zz",
        lambda alert: signing.dumps(alert.pk, salt="another.purpose"),
        lambda alert: signing.dumps(str(alert.pk), salt=UNSUBSCRIBE_SALT),
        lambda alert: signing.dumps(999999, salt=UNSUBSCRIBE_SALT),  # no such alert
        lambda alert: "",
        lambda alert: "not-a-token",
        lambda alert: "%00%ff",
        lambda alert: "a" * 5000,
        lambda alert: unsubscribe_token(alert) + ":extra",
    ],
)
def test_bad_tokens_get_a_400_page_and_change_nothing(client, seeker, make_token):
    alert = make_alert(seeker)
    token = make_token(alert)
    path = url(token) if token else "/alerts/unsubscribe//"

    for response in (client.get(path), client.post(path)):
        assert response.status_code in (400, 404)
        if token:
            assert response.status_code == 400
            assert "unsubscribe link isn't valid" in response.content.decode()
    assert not Alert.objects.get(pk=alert.pk).paused


def test_token_of_a_deleted_alert_is_a_400(client, seeker):
    alert = make_alert(seeker)
    token = unsubscribe_token(alert)
    alert.delete()

    assert client.post(url(token)).status_code == 400


def test_tokens_name_one_alert(seeker):
    first, second = make_alert(seeker), make_alert(seeker)

    assert unsubscribe_token(first) != unsubscribe_token(second)
    assert signing.loads(unsubscribe_token(second), salt=UNSUBSCRIBE_SALT) == second.pk
