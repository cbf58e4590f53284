"""Real Celery workers (subprocesses) against real Redis, PostgreSQL and SMTP (aiosmtpd)."""

import time

import pytest

from alerts.models import Delivery, Digest
from tests.factories import make_alert, make_job, make_user
from tests.servers import tick

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
MATCH, SEND = "alerts.tasks.match_new_jobs", "alerts.tasks.send_digests"


def run_tick(worker, done: dict) -> None:
    """One beat tick (match, then send), waiting until the worker has finished both."""
    tick(MATCH, SEND)
    for task in (MATCH, SEND):
        done[task] = done.get(task, 0) + 1
        deadline = time.monotonic() + 60
        while worker.finished(task) < done[task]:
            assert time.monotonic() < deadline, worker.output()[-3000:]
            time.sleep(0.1)


def expected_pairs():
    return set(Delivery.objects.values_list("alert__user__email", "job_id"))


def received_pairs(messages):
    return {(m.to, job) for m in messages for job in m.job_ids}


def test_worker_sends_each_digest_once_and_a_second_tick_sends_nothing(inbox, workers):
    for n in range(3):
        make_alert(make_user(f"reader{n}@example.com"), "state=georgia")
    for n in range(2):
        make_job(title=f"Engineer {n}")
    worker = workers.start()
    done = {}

    run_tick(worker, done)
    messages = inbox.wait_for(3)
    assert {m.to for m in messages} == {f"reader{n}@example.com" for n in range(3)}
    assert all(len(m.job_ids) == 2 for m in messages)
    assert all("List-Unsubscribe" in m.headers for m in messages)

    # run_tick waits until the worker has finished sending: anything sent is in by now.
    run_tick(worker, done)
    assert len(inbox.snapshot()) == 3
    assert Digest.objects.filter(status=Digest.Status.SENT).count() == 3


def test_sigkill_mid_batch_loses_nothing_and_repeats_only_the_digest_in_flight(inbox, workers):
    users = 30
    for n in range(users):
        make_alert(make_user(f"reader{n:02}@example.com"), "role=machine-learning-engineer")
    for n in range(3):
        make_job(title=f"Engineer {n}")
    inbox.delay = 0.1  # 30 digests take about three seconds: time to kill mid-batch
    first = workers.start(ALERTS_SEND_BATCH="8")
    tick(MATCH, SEND)
    inbox.wait_for(11)
    first.kill()
    at_kill = inbox.snapshot()
    recorded = set(Digest.objects.filter(status="sent").values_list("pk", flat=True))
    accepted = {int(m.message_id.split("-")[2].split(".")[0]) for m in at_kill}
    in_flight = len(accepted - recorded)  # accepted by SMTP, not yet recorded as sent
    assert 0 < len(at_kill) < users and in_flight <= 1

    inbox.delay = 0
    second = workers.start(ALERTS_CLAIM_SECONDS="2")
    done = {}
    deadline = time.monotonic() + 90
    while Digest.objects.exclude(status="sent").exists():
        assert time.monotonic() < deadline, second.output()[-3000:]
        run_tick(second, done)
        time.sleep(0.5)

    messages = inbox.snapshot()
    assert received_pairs(messages) == expected_pairs()
    assert len(expected_pairs()) == users * 3
    repeats = len(messages) - len({m.message_id for m in messages})
    assert repeats <= in_flight
    assert len({m.message_id for m in messages}) == users  # a repeat reuses its Message-ID
