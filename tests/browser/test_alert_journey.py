import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.models import Alert
from listings.models import Job
from tests.factories import confirm_in_browser, make_job, sign_up_in_browser
from tests.servers import tick

LANDING = "/visa-sponsorship-jobs/machine-learning-engineer/georgia/"
EMAIL = "alert.reader@example.com"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def deliver(worker, inbox, expected: int, runs: list) -> None:
    """A beat tick, waited for until the worker has matched and sent."""
    tick("alerts.tasks.match_new_jobs", "alerts.tasks.send_digests")
    runs.append(1)
    deadline = time.monotonic() + 60
    while worker.finished("alerts.tasks.send_digests") < len(runs):
        assert time.monotonic() < deadline, worker.output()[-3000:]
        time.sleep(0.1)
    assert len(inbox.snapshot()) == expected


def test_sign_up_verify_alert_digest_unsubscribe(live_server, page, inbox, workers, settings):
    # One piece: a user's journey, each step starting where the last one left off.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", inbox.controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    for i in range(3):
        make_job(title=f"Seen Engineer {i}")
    Job.objects.update(created_at=timezone.now() - timedelta(days=1))
    worker = workers.start(SITE_URL=live_server.url)
    runs = []

    page.goto(live_server.url + LANDING)
    page.get_by_role("button", name="Email me new jobs like these").click()
    page.wait_for_url(re.compile(r"/accounts/signup/\?next="))
    sign_up_in_browser(page, EMAIL)

    [verification] = inbox.wait_for(1)
    assert verification.to == EMAIL
    confirm_in_browser(page, verification.text)
    page.wait_for_url(re.compile(r"/alerts/new/\?"))
    assert page.get_by_label("Role").input_value() == "machine-learning-engineer"
    assert page.get_by_label("State").input_value() == "georgia"
    page.get_by_label("As they arrive").check()
    page.get_by_role("button", name="Create alert").click()
    page.wait_for_url(live_server.url + "/alerts/")
    assert page.get_by_role(
        "link", name="Machine Learning Engineer in Georgia", exact=True
    ).is_visible()

    deliver(worker, inbox, expected=1, runs=runs)  # the jobs seen before the alert stay unsent
    job = make_job(title="Robotics Perception Engineer")
    make_job(title="Elsewhere", state="texas", city="Austin")
    deliver(worker, inbox, expected=2, runs=runs)

    digest = inbox.snapshot()[-1]
    assert digest.to == EMAIL
    assert digest.subject == "1 new job: Machine Learning Engineer in Georgia"
    assert digest.job_ids == {job.pk}
    assert "List-Unsubscribe=One-Click" in digest.headers["List-Unsubscribe-Post"]
    unsubscribe = re.search(r"Stop this alert: (\S+)", digest.text).group(1)
    assert unsubscribe.startswith(live_server.url + "/alerts/unsubscribe/")
    assert f"<{unsubscribe}>" in digest.headers["List-Unsubscribe"]

    page.goto(unsubscribe)
    assert Alert.objects.get().paused is False  # opening the link only asks
    page.get_by_role("button", name="Unsubscribe").click()
    assert page.get_by_role("heading", name="You're unsubscribed").is_visible()
    assert Alert.objects.get().paused is True

    make_job(title="Another Machine Learning Engineer")
    deliver(worker, inbox, expected=2, runs=runs)
