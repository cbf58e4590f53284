import re

import pytest
from django.conf import settings
from django.urls import reverse

from alerts.models import Alert
from tests.factories import make_alert, make_job, make_user

pytestmark = pytest.mark.django_db
NEW = "/alerts/new/"
LANDING = "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"
GOOD = {"role": "machine-learning-engineer", "state": "georgia", "frequency": "daily"}


def test_anonymous_visitor_is_sent_to_sign_up_and_back(client):
    response = client.get(NEW + "?role=machine-learning-engineer&state=georgia")

    assert response.status_code == 302
    assert response["Location"] == (
        "/accounts/signup/?next=%2Falerts%2Fnew%2F%3Frole%3Dmachine-learning-engineer"
        "%26state%3Dgeorgia"
    )
    assert client.get("/alerts/").status_code == 302
    assert client.post(NEW, GOOD).status_code == 302
    assert not Alert.objects.exists()


def test_landing_page_offers_an_alert_for_its_search(seeker_client):
    make_job()
    html = seeker_client.get(
        LANDING + "?visa=h-1b&remote=onsite&after=x&sort=salary"
    ).content.decode()

    assert 'action="/alerts/new/"' in html
    for name, value in [("role", "machine-learning-engineer"), ("state", "georgia"),
                        ("visa", "h-1b"), ("remote", "onsite")]:  # fmt: skip
        assert f'name="{name}" value="{value}"' in html
    assert 'name="after"' not in html.split('action="/alerts/new/"')[1].split("</form>")[0]


def test_search_page_offers_an_alert_in_the_same_queries(
    seeker_client, client, django_assert_max_num_queries
):
    make_job()
    for visitor in (seeker_client, client):
        with django_assert_max_num_queries(8):
            html = visitor.get("/visa-sponsorship-jobs/?q=vision&state=georgia").content.decode()
        form = html.split('action="/alerts/new/"')[1].split("</form>")[0]
        assert 'name="q" value="vision"' in form and 'name="state" value="georgia"' in form
        assert "Email me new jobs like these" in form


def test_city_page_alert_includes_the_city(seeker_client):
    make_job()
    html = seeker_client.get(LANDING + "atlanta/").content.decode()
    form = html.split('action="/alerts/new/"')[1].split("</form>")[0]

    assert 'name="city" value="atlanta"' in form
    assert 'name="state" value="georgia"' in form


def test_new_alert_form_is_filled_from_the_search(seeker_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = seeker_client.get(NEW + "?role=machine-learning-engineer&visa=tn&q=python")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<option value="machine-learning-engineer" selected>' in html
    assert re.search(r'value="tn" id="[^"]+" checked', html)
    assert 'value="python"' in html
    assert "<label" in html and 'name="frequency"' in html


def test_seeker_creates_an_alert(seeker_client, seeker):
    response = seeker_client.post(NEW, {**GOOD, "visa": ["tn", "h-1b"], "q": "vision"})

    assert response.status_code == 302 and response["Location"] == "/alerts/"
    alert = Alert.objects.get(user=seeker)
    assert alert.query == "q=vision&role=machine-learning-engineer&state=georgia&visa=h-1b&visa=tn"
    assert (alert.role.slug, alert.state.slug) == ("machine-learning-engineer", "georgia")
    assert alert.visa_codes == ["h-1b", "tn"]
    assert alert.keywords == "vision" and alert.frequency == "daily"


def test_alert_list_shows_own_alerts_in_few_queries(
    seeker_client, seeker, other_seeker, django_assert_max_num_queries
):
    for _ in range(5):
        make_alert(seeker, "role=data-scientist&state=texas")
    make_alert(other_seeker, "state=ohio")
    with django_assert_max_num_queries(5):
        response = seeker_client.get("/alerts/")
    html = response.content.decode()

    assert html.count("Data Scientist in Texas") >= 5
    assert "Ohio" not in html.split("<main")[1]


def test_twenty_alerts_is_the_most(seeker_client, seeker):
    for _ in range(settings.ALERTS_MAX_PER_USER):
        make_alert(seeker)

    response = seeker_client.post(NEW, GOOD)

    assert response.status_code == 409
    assert "the most we keep for one person" in response.content.decode()
    assert Alert.objects.filter(user=seeker).count() == 20
    assert "Delete one to add another" in seeker_client.get("/alerts/").content.decode()


@pytest.mark.parametrize(
    "field, value",
    [
        ("q", "x" * 201),
        ("role", "astronaut"),
        ("role", "' OR 1=1 --"),
        ("state", "atlantis"),
        ("city", "Atlanta GA"),
        ("city", "<script>"),
        ("city", "a" * 101),
        ("visa", "h-2b"),
        ("remote", "moon"),
        ("posted", "0"),
        ("posted", "9999999999999999999999"),
        ("frequency", "hourly"),
        ("frequency", ""),
    ],
)
def test_bad_input_is_refused_with_a_message_and_saves_nothing(seeker_client, field, value):
    response = seeker_client.post(NEW, {**GOOD, field: value})

    assert response.status_code == 400
    assert "Please correct these" in response.content.decode()
    assert not Alert.objects.exists()


def test_bad_search_in_the_link_is_a_400_with_the_reason(seeker_client):
    response = seeker_client.get(NEW + "?role=astronaut&posted=%00")

    assert response.status_code == 400
    assert "astronaut is not one of the available choices" in response.content.decode()


def test_empty_search_is_an_alert_for_every_new_job(seeker_client, seeker):
    assert seeker_client.post(NEW, {"frequency": "weekly"}).status_code == 302
    assert Alert.objects.get(user=seeker).describe() == "Jobs"


def test_unverified_user_is_told_the_alert_waits(client):
    user = make_user("late@example.com", verified=False)
    client.force_login(user)

    response = client.post(NEW, GOOD, follow=True)

    assert "Confirm your email address first" in response.content.decode()
    assert Alert.objects.filter(user=user).exists()


def test_seeker_edits_pauses_resumes_and_deletes(seeker_client, seeker):
    alert = make_alert(seeker, "state=georgia")
    edit = reverse("alerts:edit", args=[alert.pk])

    assert 'value="georgia" selected' in seeker_client.get(edit).content.decode()
    assert seeker_client.post(edit, {"state": "texas", "frequency": "weekly"}).status_code == 302
    alert.refresh_from_db()
    assert (alert.state.slug, alert.frequency, alert.query) == ("texas", "weekly", "state=texas")

    seeker_client.post(f"/alerts/{alert.pk}/pause/", {"paused": "1"})
    assert Alert.objects.get(pk=alert.pk).paused
    seeker_client.post(f"/alerts/{alert.pk}/pause/", {"paused": "0"})
    assert not Alert.objects.get(pk=alert.pk).paused
    assert seeker_client.post(f"/alerts/{alert.pk}/pause/", {"paused": "maybe"}).status_code == 400

    seeker_client.post(f"/alerts/{alert.pk}/delete/")
    assert not Alert.objects.filter(pk=alert.pk).exists()


def test_other_seeker_cannot_see_or_change_an_alert(other_client, seeker):
    alert = make_alert(seeker)

    assert other_client.get(f"/alerts/{alert.pk}/edit/").status_code == 404
    assert other_client.post(f"/alerts/{alert.pk}/edit/", GOOD).status_code == 404
    assert other_client.post(f"/alerts/{alert.pk}/pause/", {"paused": "1"}).status_code == 404
    assert other_client.post(f"/alerts/{alert.pk}/delete/").status_code == 404
    assert Alert.objects.filter(pk=alert.pk, paused=False).exists()


def test_huge_alert_id_is_a_404(seeker_client):
    assert seeker_client.get("/alerts/9999999999999999999999/edit/").status_code == 404
    assert seeker_client.get("/alerts/99999999/edit/").status_code == 404


def test_delete_and_pause_need_post(seeker_client, seeker):
    alert = make_alert(seeker)

    assert seeker_client.get(f"/alerts/{alert.pk}/delete/").status_code == 405
    assert seeker_client.get(f"/alerts/{alert.pk}/pause/").status_code == 405
    assert Alert.objects.filter(pk=alert.pk).exists()
