"""Sending digests from the test process to a real SMTP server (aiosmtpd on localhost)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from alerts import emails
from alerts.matching import match_jobs, prepare_digests
from alerts.models import Delivery, Digest
from listings.models import Job
from tests.factories import make_alert, make_job, make_user
from tests.servers import free_port

pytestmark = pytest.mark.django_db


def smtp_settings(port, **extra):
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        **extra,
    )


def due_digests(users=1, jobs=1):
    for n in range(users):
        make_alert(make_user(f"reader{n}@example.com"), "state=georgia")
    for n in range(jobs):
        make_job(title=f"Engineer {n}")
    match_jobs(Job.objects.all())
    prepare_digests()


def test_digest_lists_every_job_with_evidence_and_absolute_links(seeker):
    make_alert(seeker, "role=machine-learning-engineer&state=georgia&visa=h-1b")
    jobs = [make_job(title="Vision Engineer", visas=("h-1b", "o-1a")), make_job(title="NLP Lead")]
    match_jobs(Job.objects.all())
    prepare_digests()

    assert emails.send_due_digests() == 1

    [message] = mail.outbox
    assert message.to == ["sam@example.com"]
    assert message.subject == "2 new jobs: Machine Learning Engineer in Georgia · H-1B"
    html = message.alternatives[0][0]
    for job in jobs:
        link = f"http://127.0.0.1:8000{job.get_absolute_url()}"
        assert link in message.body and link in html
        assert job.employer.name in message.body
    assert "Atlanta, GA" in message.body
    assert "H-1B, O-1A" in message.body
    assert "We sponsor H-1B visas for this role." in message.body
    assert "<q>We sponsor H-1B visas for this role.</q>" in html


def test_headers_offer_one_click_unsubscribe_and_a_stable_message_id(seeker):
    alert = make_alert(seeker)
    make_job()
    match_jobs(Job.objects.all())
    prepare_digests()
    emails.send_due_digests()

    [message] = mail.outbox
    digest = Digest.objects.get()
    token = emails.unsubscribe_token(alert)
    url = f"http://127.0.0.1:8000/alerts/unsubscribe/{token}/"
    assert message.extra_headers["List-Unsubscribe"] == (
        f"<{url}>, <mailto:unsubscribe@127.0.0.1?subject=unsubscribe-{token.replace(':', '%3A')}>"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.message()["Message-ID"] == f"<alert-digest-{digest.pk}.{alert.pk}@127.0.0.1>"
    assert url in message.body


def test_sending_twice_sends_once(seeker):
    make_alert(seeker)
    make_job()
    match_jobs(Job.objects.all())
    prepare_digests()

    assert emails.send_due_digests() == 1
    match_jobs(Job.objects.all())
    prepare_digests()
    assert emails.send_due_digests() == 0
    assert len(mail.outbox) == 1
    assert Digest.objects.get().status == "sent"


def test_a_job_two_alerts_match_goes_once_in_each(seeker):
    make_alert(seeker, "state=georgia")
    make_alert(seeker, "role=machine-learning-engineer")
    job = make_job()
    match_jobs(Job.objects.all())
    prepare_digests()
    emails.send_due_digests()

    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.body.count(job.get_absolute_url()) == 1


def test_digests_go_in_batches_one_connection_each(inbox):
    due_digests(users=7)
    with smtp_settings(inbox.controller.port, ALERTS_SEND_BATCH=3):
        assert emails.send_due_digests() == 7

    assert len(inbox.messages) == 7
    assert inbox.controller.connections == 3  # 3 + 3 + 1
    assert len({m.message_id for m in inbox.messages}) == 7


def test_refused_recipient_stays_due_with_backoff_and_the_others_go(inbox):
    due_digests(users=3)
    inbox.refuse = {"reader1@example.com"}
    with smtp_settings(inbox.controller.port):
        assert emails.send_due_digests() == 2

    failed = Digest.objects.get(alert__user__email="reader1@example.com")
    assert failed.status == "pending"
    assert failed.attempts == 1
    assert failed.next_attempt_at > timezone.now()
    assert "SMTPRecipientsRefused" in failed.last_error
    assert Digest.objects.filter(status="sent").count() == 2


def test_smtp_server_down_keeps_every_digest_due(db):
    due_digests(users=2)
    with smtp_settings(free_port()), pytest.raises(OSError):
        emails.send_due_digests()

    assert set(Digest.objects.values_list("status", flat=True)) == {"pending"}
    assert all(d.last_error and d.claim is None for d in Digest.objects.all())
    assert not any(d.digest.status == "sent" for d in Delivery.objects.all() if d.digest)


def test_paused_alert_digest_is_not_sent(seeker):
    alert = make_alert(seeker)
    make_job()
    match_jobs(Job.objects.all())
    prepare_digests()
    alert.pause()

    assert emails.send_due_digests() == 0
    assert mail.outbox == []
    assert Digest.objects.get().status == "cancelled"


def test_stale_claim_of_a_dead_worker_is_taken_over(seeker, settings):
    make_alert(seeker)
    make_job()
    match_jobs(Job.objects.all())
    prepare_digests()
    settings.ALERTS_CLAIM_SECONDS = 60
    _, claimed = emails.claim_batch(10)  # a worker claims, then dies
    assert claimed and emails.send_due_digests() == 0  # the claim is fresh: hands off

    Digest.objects.update(claimed_at=timezone.now() - timedelta(minutes=2))
    assert emails.send_due_digests() == 1
    assert re.search(r"/jobs/\d+/", mail.outbox[0].body)


def test_a_digest_past_the_cap_lists_the_newest_and_counts_the_rest(seeker, monkeypatch):
    monkeypatch.setattr(emails, "DIGEST_JOBS", 2)
    make_alert(seeker, "state=georgia")
    for n in range(5):
        make_job(title=f"Engineer {n}", days_ago=5 - n)
    match_jobs(Job.objects.all())
    prepare_digests()

    emails.send_due_digests()

    [message] = mail.outbox
    assert message.subject.startswith("5 new jobs")
    assert "Engineer 4" in message.body and "Engineer 0" not in message.body
    assert "And 3 more new jobs for this alert" in message.body
