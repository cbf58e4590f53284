from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alerts.matching import match_jobs, match_new_jobs, prepare_digests
from alerts.models import Alert, Delivery, Digest, MatchCursor
from listings.models import EmployerAlias, Job
from listings.pages.filters import JobFilter
from listings.taxonomy.catalog import catalog
from tests.factories import make_alert, make_city, make_employer, make_job, make_user

pytestmark = pytest.mark.django_db


def pairs():
    return set(Delivery.objects.values_list("alert_id", "job_id"))


QUERIES = [
    "",
    "role=machine-learning-engineer",
    "role=machine-learning-engineer&state=georgia",
    "state=texas",
    "role=machine-learning-engineer&state=georgia&city=atlanta",
    "city=austin",
    "visa=tn",
    "visa=h-1b&visa=f-1-opt",
    "remote=remote",
    "q=python",
    'q="data pipelines" -java',
    "q=the",
    "posted=3",
    "role=data-scientist&state=texas&visa=h-1b&remote=hybrid&posted=7&q=python",
    # The employer's name and an alias, which the job's own text never mentions.
    "q=quillfeather",
    "q=quillfeather labs",
    "role=machine-learning-engineer&q=quillfeather",
    "role=machine-learning-engineer&state=georgia&q=qfl holdings",
    "state=georgia&q=qfl",
]


def test_matching_agrees_with_the_search_page(seeker):
    quillfeather = make_employer("Quillfeather Labs")
    EmployerAlias.objects.create(
        name="QFL HOLDINGS INC", normalized_name="qfl holdings", employer=quillfeather
    )
    jobs = [
        make_job(),
        make_job(title="Python ML Engineer", visas=("h-1b", "f-1-opt")),
        make_job(state="texas", city="Austin", visas=("tn",), days_ago=5),
        make_job(
            title="Data Scientist",
            role="data-scientist",
            state="texas",
            city="Austin",
            workplace="hybrid",
            description_html="<p>Python and data pipelines.</p>",
        ),
        make_job(title="Remote engineer", state=None, city=None, workplace="remote"),
        make_job(title="Java data pipelines", description_html="<p>Java data pipelines</p>"),
        make_job(state="georgia", city="Savannah", days_ago=10),
        make_job(employer=quillfeather, description_html="<p>Robots for farms.</p>"),
    ]
    alerts = [make_alert(seeker, query) for query in QUERIES]

    match_jobs(Job.objects.filter(pk__in=[job.pk for job in jobs]))

    expected = set()
    for alert in alerts:
        found = JobFilter(alert.search_params, Job.objects.listed()).qs
        expected |= {(alert.pk, pk) for pk in found.values_list("pk", flat=True)}
    assert pairs() == expected
    assert len(expected) > len(jobs)  # the data exercises the filters, not only "match all"


def test_jobs_older_than_the_alert_are_not_new_to_it(seeker):
    seen = make_job(title="Seen on the page")
    alert = make_alert(seeker, age=timedelta(0))
    new = make_job(title="Arrived later")

    match_jobs(Job.objects.all())

    assert pairs() == {(alert.pk, new.pk)}
    assert seen.pk not in {job for _, job in pairs()}


def test_unlisted_jobs_never_match(seeker):
    alert = make_alert(seeker)
    refused = make_job(sponsorship="refused", sponsorship_evidence="No sponsorship.")
    expired = make_job(expired_at=timezone.now())
    silent = make_job(sponsorship="silent", sponsorship_evidence="")
    listed = make_job()

    match_jobs(Job.objects.filter(pk__in=[refused.pk, expired.pk, silent.pk, listed.pk]))

    assert pairs() == {(alert.pk, listed.pk)}


def test_matching_twice_records_each_pair_once(seeker):
    first, second = make_alert(seeker), make_alert(seeker, "state=georgia")
    job = make_job()

    assert match_jobs(Job.objects.all()) == 2
    assert match_jobs(Job.objects.all()) == 0
    assert pairs() == {(first.pk, job.pk), (second.pk, job.pk)}


def test_paused_alerts_match_nothing(seeker):
    make_alert(seeker, paused=True)
    make_job()

    assert match_jobs(Job.objects.all()) == 0


def test_unverified_users_alert_waits_and_starts_once_verified(db):
    waiting = make_user("new@example.com", verified=False)
    alert = make_alert(waiting)
    make_job()

    assert match_new_jobs() == 0
    EmailAddress.objects.filter(user=waiting).update(verified=True)
    later = make_job(title="Later job")
    match_new_jobs()

    assert (alert.pk, later.pk) in pairs()


def test_match_new_jobs_takes_jobs_since_the_cursor(seeker):
    alert = make_alert(seeker)
    MatchCursor.objects.create(pk=1, matched_until=timezone.now())
    old = make_job(title="Old")
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=2))
    new = make_job(title="New")

    match_new_jobs()

    assert pairs() == {(alert.pk, new.pk)}
    assert MatchCursor.objects.get().matched_until > timezone.now() - timedelta(seconds=5)


def test_match_statement_count_does_not_grow_with_alerts(seeker, other_seeker):
    make_job()
    make_city("Austin", "texas")
    make_alert(seeker)
    catalog()  # read once per five minutes (role ids, flagged employers), not once per run
    with CaptureQueriesContext(connection) as few:
        match_new_jobs()
        prepare_digests()
    Delivery.objects.all().delete()
    Digest.objects.all().delete()
    MatchCursor.objects.all().delete()
    for query in QUERIES * 3:
        make_alert(other_seeker, query)
    with CaptureQueriesContext(connection) as many:
        match_new_jobs()
        prepare_digests()

    assert Delivery.objects.count() > 10
    assert len(many) == len(few)


def test_digest_takes_every_waiting_job_and_one_digest_stays_open(seeker):
    alert = make_alert(seeker)
    make_job(), make_job()
    match_jobs(Job.objects.all())

    assert prepare_digests() == 2
    digest = Digest.objects.get()
    assert digest.deliveries.count() == 2
    late = make_job(title="Late")
    match_jobs(Job.objects.all())
    assert prepare_digests() == 0  # waits for the open digest to go
    assert Delivery.objects.get(job=late).digest is None
    assert Digest.objects.filter(alert=alert).count() == 1


def test_daily_alert_makes_one_digest_a_day(seeker):
    alert = make_alert(seeker, frequency="daily")
    make_job()
    match_jobs(Job.objects.all())
    prepare_digests()
    Digest.objects.update(status="sent", sent_at=timezone.now())
    make_job(title="Second")
    match_jobs(Job.objects.all())

    assert prepare_digests() == 0
    Alert.objects.filter(pk=alert.pk).update(last_digest_at=timezone.now() - timedelta(days=1))
    assert prepare_digests() == 1
