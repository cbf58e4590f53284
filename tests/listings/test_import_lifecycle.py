import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jobboard.celery import app
from listings.ingest.pipeline import run_import
from listings.ingest.readers.records import Skip
from listings.models import AppliedMark, Feed, Job, SponsorshipChange
from listings.tasks import expire_jobs, refresh_feed, refresh_feeds
from tests.factories import greenhouse_job, import_jobs, make_job, write_board

pytestmark = pytest.mark.django_db


def test_a_job_gone_from_its_feed_expires_and_comes_back_when_relisted(tmp_path):
    path = write_board(tmp_path, [greenhouse_job(id=1), greenhouse_job(id=2, title="QA Engineer")])
    import_jobs(path, "greenhouse")
    write_board(tmp_path, [greenhouse_job(id=1)])
    out = import_jobs(path, "greenhouse")
    assert "1 unchanged" in out and "1 expired" in out
    gone = Job.objects.get(external_id="2")
    assert gone.expired_at is not None
    assert not Job.objects.live().filter(pk=gone.pk).exists()
    write_board(tmp_path, [greenhouse_job(id=1), greenhouse_job(id=2, title="QA Engineer")])
    out = import_jobs(path, "greenhouse")
    assert "1 updated" in out
    gone.refresh_from_db()
    assert gone.expired_at is None


def test_another_feed_does_not_expire_jobs_it_never_listed(tmp_path):
    import_jobs(write_board(tmp_path, [greenhouse_job(id=1)], "a.json"), "greenhouse")
    import_jobs(write_board(tmp_path, [greenhouse_job(id=7, title="Data Analyst")], "b.json"),
                "greenhouse")  # fmt: skip
    assert not Job.objects.filter(expired_at__isnull=False).exists()


def test_a_refused_file_expires_nothing(tmp_path):
    path = write_board(tmp_path, [greenhouse_job(id=1)])
    import_jobs(path, "greenhouse")
    path.write_text('{"jobs": [')
    with pytest.raises(Exception, match="ends early"):
        import_jobs(path, "greenhouse")
    assert Job.objects.get().expired_at is None


def test_an_interrupted_run_leaves_the_database_as_it_was_and_can_be_rerun(tmp_path):
    path = write_board(tmp_path, [greenhouse_job(id=i) for i in range(1, 2500)])
    seen = []

    def interrupt(result):
        seen.append(result)
        if len(seen) == 2200:  # after two batches were written
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_import(str(path), "greenhouse", on_record=interrupt)
    assert not Job.objects.exists()
    summary = run_import(str(path), "greenhouse")
    assert summary.created + summary.merged == 2499
    assert not [s for s in summary.skips if isinstance(s, Skip)]


def test_expired_jobs_leave_listings_but_keep_their_page(tmp_path, client):
    job = greenhouse_job(id=1, content="&lt;p&gt;We sponsor H-1B visas.&lt;/p&gt;")
    import_jobs(write_board(tmp_path, [job]), "greenhouse")
    write_board(tmp_path, [])
    import_jobs(tmp_path / "board.json", "greenhouse", allow_mass_expiry=True)
    job = Job.objects.get()
    assert not Job.objects.listed().exists()
    response = client.get(job.get_absolute_url())
    assert response.status_code == 200
    assert b"This job has expired" in response.content
    assert b"Apply on the employer" not in response.content
    assert job.expired_at.date().isoformat().encode() in response.content  # validThrough


def test_expire_jobs_expires_what_is_past_its_valid_through_date():
    past = make_job(valid_through=timezone.localdate() - timedelta(days=1))
    future = make_job(valid_through=timezone.localdate() + timedelta(days=5))
    assert expire_jobs.apply().get() == 1
    past.refresh_from_db()
    future.refresh_from_db()
    assert past.expired_at is not None and future.expired_at is None


def test_a_sponsorship_flip_is_recorded_and_shown_to_applicants(
    tmp_path, seeker, seeker_client, other_seeker, other_client, django_assert_max_num_queries
):
    silent = greenhouse_job(id=1, content="&lt;p&gt;Train models.&lt;/p&gt;")
    path = write_board(tmp_path, [silent])
    import_jobs(path, "greenhouse")
    job = Job.objects.get()
    assert job.sponsorship == "silent"
    AppliedMark.objects.create(user=seeker, job=job, applied=True)
    AppliedMark.objects.create(user=other_seeker, job=job, applied=False)
    refusal = (
        "&lt;p&gt;Train models.&lt;/p&gt;&lt;p&gt;We cannot sponsor visas for this role.&lt;/p&gt;"
    )
    write_board(tmp_path, [greenhouse_job(id=1, content=refusal)])
    import_jobs(path, "greenhouse")
    change = SponsorshipChange.objects.get()
    assert (change.old_state, change.new_state) == ("silent", "refused")
    assert change.evidence == "We cannot sponsor visas for this role."

    with django_assert_max_num_queries(8):
        response = seeker_client.get(reverse("accounts:applied"))
    assert b"What changed since you applied" in response.content
    assert b"says it will not sponsor visas" in response.content
    assert b"We cannot sponsor visas for this role." in response.content
    # Someone who did not apply is not told.
    response = other_client.get(reverse("accounts:applied"))
    assert b"What changed since you applied" not in response.content


def test_an_unchanged_state_records_no_flip(tmp_path):
    path = write_board(tmp_path, [greenhouse_job(id=1)])
    import_jobs(path, "greenhouse")
    write_board(tmp_path, [greenhouse_job(id=1, title="Staff ML Engineer")])
    import_jobs(path, "greenhouse")
    assert not SponsorshipChange.objects.exists()


@pytest.fixture
def board_server(boards):
    for path in ("/a", "/b", "/c", "/on", "/off"):
        boards.board(path).publish(json.dumps({"jobs": [greenhouse_job(id=1)]}).encode())
    return boards


def test_a_failing_feed_is_retried_and_its_error_kept_for_the_admin(board_server):
    feed = Feed.objects.create(name="Acme", format="greenhouse", location=board_server.url("/a"))
    board_server.board("/a").fail = 1
    result = refresh_feed.apply(args=[feed.pk])
    assert result.successful()
    feed.refresh_from_db()
    assert feed.last_error == "" and feed.consecutive_failures == 0
    assert "1 created" in feed.last_summary
    assert Job.objects.count() == 1


def test_a_feed_that_keeps_failing_shows_its_last_error_and_spares_the_others(
    board_server, staff, client
):
    broken = Feed.objects.create(
        name="Broken", format="greenhouse", location=board_server.url("/b")
    )
    board_server.board("/b").fail = 10
    refresh_feed.apply(args=[broken.pk])
    broken.refresh_from_db()
    assert broken.last_error == "HTTP 503 Service Unavailable (after 3 tries)"
    assert broken.consecutive_failures == 1
    healthy = Feed.objects.create(name="Fine", format="greenhouse", location=board_server.url("/c"))
    refresh_feed.apply(args=[healthy.pk])
    healthy.refresh_from_db()
    assert healthy.last_success_at is not None and healthy.last_error == ""
    client.force_login(staff)
    page = client.get(reverse("admin:listings_feed_changelist"))
    assert b"HTTP 503 Service Unavailable" in page.content


def test_feed_board_tokens_become_api_addresses():
    feed = Feed(name="x", format="ashby", location="ramp")
    assert feed.url == (
        "https://api.ashbyhq.com/posting-api/job-board/ramp?includeCompensation=true"
    )


def test_refresh_feeds_fans_out_to_active_feeds_only(board_server, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    try:
        Feed.objects.create(name="On", format="greenhouse", location=board_server.url("/on"))
        Feed.objects.create(
            name="Off", format="greenhouse", location=board_server.url("/off"), active=False
        )
        assert refresh_feeds.apply().get() == 1
    finally:
        app.conf.task_always_eager = False
    assert Feed.objects.get(name="On").last_success_at is not None
    assert Feed.objects.get(name="Off").last_run_at is None


def test_staff_see_a_merged_jobs_sources_in_the_admin(tmp_path, staff, client):
    import_jobs(write_board(tmp_path, [greenhouse_job(), greenhouse_job()]), "greenhouse")
    job = Job.objects.get()
    client.force_login(staff)
    page = client.get(reverse("admin:listings_job_change", args=[job.pk]))
    assert page.status_code == 200
    assert b"Job sources" in page.content and b"4001" in page.content
