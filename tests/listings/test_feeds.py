"""Registered feeds refreshed over HTTP from a local server of recorded board responses:
what each failure does to the jobs and to the feed's status."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from listings.ingest.starter import boards as starter_boards
from listings.models import Employer, EmployerAlias, Feed, Job
from listings.tasks import refresh_feed
from tests.factories import greenhouse_job
from tests.listings.test_govdata_lca import HEADER, lca_row, write_csv
from tests.listings.test_import_guard import board

pytestmark = pytest.mark.django_db


def feeds(*args) -> str:
    out = StringIO()
    call_command("feeds", *args, stdout=out)
    return out.getvalue()


def body(jobs: list[dict]) -> bytes:
    return json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}}).encode()


@pytest.fixture
def acme(boards):
    """A feed of 10 open jobs, refreshed once."""
    page = boards.board("/acme")
    page.publish(body(board(10)))
    feed = Feed.objects.create(name="Acme", format="greenhouse", location=boards.url("/acme"))
    assert "10 created" in feeds("refresh", "Acme")
    feed.refresh_from_db()
    return feed, page


def open_jobs() -> int:
    return Job.objects.filter(expired_at__isnull=True).count()


def failed(feed: Feed, name: str = "Acme") -> str:
    with pytest.raises(CommandError) as refused:
        feeds("refresh", name)
    feed.refresh_from_db()
    assert feed.consecutive_failures >= 1 and feed.last_error
    assert open_jobs() == 10
    return str(refused.value)


def test_an_empty_list_expires_nothing_and_says_why(acme):
    feed, page = acme
    page.publish(body([]))
    message = failed(feed)
    assert "listed no jobs, where 10 open jobs were listed before" in message
    assert "--allow-mass-expiry" in message
    assert feed.last_error.startswith("the feed listed no jobs")
    assert feed.status == "failing (1 in a row)"


def test_the_wrong_format_expires_nothing(acme):
    feed, _ = acme
    Feed.objects.filter(pk=feed.pk).update(format="lever")
    assert "is the format right?" in failed(feed)


def test_a_changed_shape_expires_nothing(acme):
    feed, page = acme
    page.publish(
        json.dumps({"jobs": [{"posting": greenhouse_job(id=n)} for n in range(5)]}).encode()
    )
    assert "all 5 records were skipped (missing" in failed(feed)


def test_a_truncated_body_is_retried_then_refused(acme):
    feed, page = acme
    page.publish(body(board(9)))
    page.truncate = 200
    message = failed(feed)
    assert "the body ended early (truncated) (after 3 tries)" in message
    assert len(page.requests) == 1 + 3


def test_a_server_error_is_retried_with_backoff_and_recovers(acme):
    feed, page = acme
    page.publish(body(board(11)))
    page.fail, page.status = 2, 500
    assert "1 created" in feeds("refresh", "Acme")
    feed.refresh_from_db()
    assert feed.status == "ok" and feed.last_error == ""


def test_a_server_error_that_persists_expires_nothing(acme):
    feed, page = acme
    page.fail, page.status = 10, 500
    assert "HTTP 500 Internal Server Error (after 3 tries)" in failed(feed)


def test_a_server_that_does_not_answer_times_out(acme, settings):
    feed, page = acme
    settings.FEED_FETCH_TIMEOUT, settings.FEED_FETCH_ATTEMPTS = 0.3, 2
    page.stall = 1.0
    assert "timed out after 0.3 s (after 2 tries)" in failed(feed)


def test_a_304_is_a_successful_check_that_writes_no_job(acme):
    feed, page = acme
    before = feed.last_success_at
    stamps = set(Job.objects.values_list("updated_at", flat=True))
    assert "unchanged since the last refresh (HTTP 304)" in feeds("refresh", "Acme")
    assert page.requests[-1]["If-None-Match"] == page.etag
    assert page.requests[-1]["If-Modified-Since"] == page.last_modified
    feed.refresh_from_db()
    assert feed.last_success_at > before and feed.status == "ok"
    assert set(Job.objects.values_list("updated_at", flat=True)) == stamps


def test_identical_content_without_validators_writes_no_job(acme):
    feed, page = acme
    page.etag = page.last_modified = ""
    stamps = set(Job.objects.values_list("updated_at", flat=True))
    assert "(same content)" in feeds("refresh", "Acme")
    assert set(Job.objects.values_list("updated_at", flat=True)) == stamps


def test_a_forty_percent_shrink_waits_for_confirmation(boards):
    page = boards.board("/big")
    page.publish(body(board(50)))
    feed = Feed.objects.create(name="Big", format="greenhouse", location=boards.url("/big"))
    feeds("refresh", "Big")
    page.publish(body(board(30)))
    with pytest.raises(CommandError, match=r"would expire 20 of 50 open jobs \(40%"):
        feeds("refresh", "Big")
    assert open_jobs() == 50
    feed.refresh_from_db()
    assert "would expire 20 of 50" in feed.last_error
    assert "20 expired" in feeds("refresh", "Big", "--allow-mass-expiry")
    assert open_jobs() == 30


def test_a_ten_percent_shrink_expires_the_ten_percent(boards):
    page = boards.board("/big")
    page.publish(body(board(50)))
    Feed.objects.create(name="Big", format="greenhouse", location=boards.url("/big"))
    feeds("refresh", "Big")
    page.publish(body(board(45)))
    assert "5 expired" in feeds("refresh", "Big")
    assert open_jobs() == 45


def test_scheduled_refreshes_have_the_same_guard(acme):
    feed, page = acme
    page.publish(body([]))
    assert refresh_feed.apply(args=[feed.pk]).get() == 0
    feed.refresh_from_db()
    assert "listed no jobs" in feed.last_error and open_jobs() == 10
    assert refresh_feed.apply(args=[feed.pk, True]).get() == 0
    assert open_jobs() == 0


def test_repeated_failures_pause_the_feed_and_say_so(acme, settings):
    feed, page = acme
    settings.FEED_PAUSE_AFTER_FAILURES = 2
    page.fail, page.status = 100, 502
    for _ in range(2):
        refresh_feed.apply(args=[feed.pk])
    feed.refresh_from_db()
    assert not feed.active and feed.status == "paused: 2 failed refreshes in a row"
    assert open_jobs() == 10
    listing = feeds("list")
    assert "paused: 2 failed refreshes in a row" in listing and "HTTP 502 Bad Gateway" in listing
    requests = len(page.requests)
    refresh_feed.apply(args=[feed.pk])
    assert len(page.requests) == requests  # a paused feed is not fetched
    assert "resumed Acme" in feeds("resume", "Acme")
    feed.refresh_from_db()
    assert feed.active and feed.consecutive_failures == 0


def test_feeds_list_shows_status_open_jobs_last_success_error_and_next_refresh(acme):
    feed, page = acme
    lines = feeds("list").splitlines()
    assert lines[0].split() == [
        "NAME", "FORMAT", "STATUS", "OPEN", "JOBS", "LAST", "SUCCESS", "LAST", "ERROR", "NEXT"
    ]  # fmt: skip
    row = lines[1].split()
    assert row[:4] == ["Acme", "greenhouse", "ok", "10"]
    assert f"{feed.last_success_at:%Y-%m-%d %H:%M} UTC" in lines[1]
    page.publish(body([]))
    with pytest.raises(CommandError):
        feeds("refresh", "Acme")
    assert "the feed listed no jobs" in feeds("list")


def test_feeds_add_pause_and_bad_input():
    out = feeds("add", "Datadog", "greenhouse", "datadog")
    assert "boards-api.greenhouse.io/v1/boards/datadog/jobs" in out
    feeds("add", "Ramp", "ashby", "ramp", "--employer", "Ramp Business Corporation")
    assert Feed.objects.get(name="Ramp").employer_name == "Ramp Business Corporation"
    assert "paused Datadog" in feeds("pause", "Datadog")
    assert "paused: by an operator" in feeds("list")
    for args, message in [
        (["add", "Datadog", "greenhouse", "dd"], "already registered"),
        (["add", "X", "workday", "acme"], "format"),
        (["add", "X", "greenhouse", "acme corp/../"], "board token"),
        (["add", "X", "csv", "acme"], "https:// address"),
        (["add", "X" * 101, "greenhouse", "acme"], "name"),
        (["add", "X", "greenhouse"], "needs NAME FORMAT LOCATION"),
        (["add", "X", "greenhouse", "x", "--starter"], "not both"),
        (["refresh", "Nobody"], "no feed named 'Nobody'"),
        (["pause", "Datadog"], "already paused"),
        (["resume", "Ramp"], "not paused"),
    ]:
        with pytest.raises(CommandError, match=message):
            feeds(*args)
    assert Feed.objects.count() == 2


def test_the_starter_list_registers_forty_boards_once():
    out = feeds("add", "--starter")
    count = Feed.objects.count()
    assert count >= 40 and f"{count} starter feeds added, 0 already registered" in out
    assert {"greenhouse", "lever", "ashby"} == set(Feed.objects.values_list("format", flat=True))
    for feed in Feed.objects.all():
        feed.full_clean()
    assert f"0 starter feeds added, {count} already registered" in feeds("add", "--starter")
    assert Feed.objects.count() == count


def test_the_admin_shows_each_feeds_health(acme, staff, client, django_assert_max_num_queries):
    feed, page = acme
    Feed.objects.create(name="Broken", format="greenhouse", location="https://example.invalid/x")
    Feed.objects.filter(name="Broken").update(
        consecutive_failures=3,
        last_error="HTTP 503 Service Unavailable",
        last_run_at=timezone.now(),
    )
    client.force_login(staff)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("admin:listings_feed_changelist"))
    html = response.content.decode()
    for text in ["Health", "Open jobs", "Last success", "Next refresh", "failing (3 in a row)",
                 "HTTP 503 Service Unavailable", ">10<"]:  # fmt: skip
        assert text in html
    response = client.post(
        reverse("admin:listings_feed_changelist"),
        {"action": "pause", "_selected_action": [feed.pk]},
        follow=True,
    )
    feed.refresh_from_db()
    assert not feed.active and feed.pause_reason == f"by {staff.email}"
    assert "paused: by" in response.content.decode()


def lca_table(out: str) -> dict[str, list[str]]:
    """`feeds lca` rows by feed name: [employer..., roles, all]."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("FEED "))
    rows = {}
    for line in lines[start + 1 :]:
        cells = line.split("  ")
        cells = [c.strip() for c in cells if c.strip()]
        if len(cells) == 4:
            rows[cells[0]] = cells[1:]
    return rows


def test_feeds_lca_counts_each_employers_certified_filings_in_our_roles(tmp_path):
    Feed.objects.create(
        name="Stripe", format="greenhouse", location="stripe", employer_name="Stripe, Inc."
    )
    Feed.objects.create(name="Jump", format="greenhouse", location="jumptrading")
    Feed.objects.create(name="Acme", format="greenhouse", location="acme")
    jump = Employer.objects.create(name="Jump", slug="jump", normalized_name="jump")
    EmployerAlias.objects.create(
        name="JUMP OPERATIONS LLC", normalized_name="jump operations", employer=jump
    )
    # The admin said these filings are another Acme's.
    EmployerAlias.objects.create(name="ACME", normalized_name="acme", employer=None)
    stripe = {"EMPLOYER_NAME": "STRIPE, INC.", "SOC_CODE": "15-1252.00"}
    first = write_csv(tmp_path / "q1.csv", [
        lca_row("I-200-25001-000001", **stripe),
        lca_row("I-200-25001-000002", **stripe),
        lca_row("I-200-25001-000003", **{**stripe, "SOC_CODE": "11-2021.00"}),
        lca_row("I-200-25001-000004", status="Denied", **stripe),
        lca_row("I-200-24001-000005", decided="2024-06-01", **stripe),
        lca_row("I-200-25001-000006", EMPLOYER_NAME="Jump Operations, LLC"),
        lca_row("I-200-25001-000007"),
        lca_row("I-200-25001-000010", EMPLOYER_NAME="Acme Inc"),
        ["I-200-25001-000009", "Certified"],  # a row cut short: no employer
    ])  # fmt: skip
    hardware = {**stripe, "SOC_CODE": "17-2071.00"}
    book = Workbook()
    for row in [
        HEADER,
        # The same case in the next quarter's file, decided later: withdrawn after all.
        lca_row("I-200-25001-000002", status="Withdrawn", decided="2025-04-02", **stripe),
        lca_row("I-200-25101-000008", decided="2025-04-20", **hardware),
    ]:
        book.active.append(row)
    book.save(tmp_path / "q3.xlsx")

    out = feeds("lca", str(first), str(tmp_path / "q3.xlsx"))
    assert "Certified LCAs decided in FY2025: 2 files, 11 rows (1 unreadable)" in out
    rows = lca_table(out)
    assert rows["Stripe"] == ["Stripe, Inc.", "2", "3"]
    assert rows["Jump"] == ["Jump", "1", "1"]  # filed under the admin's alias
    assert rows["Acme"] == ["Acme", "0", "0"]
    assert list(rows) == ["Stripe", "Jump", "Acme"]  # most filings in our roles first
    assert "1 of 3 employers have no certified LCA in our roles in FY2025" in out

    rows = lca_table(feeds("lca", str(first), "--year", "2024"))
    assert rows["Stripe"] == ["Stripe, Inc.", "1", "1"]
    with pytest.raises(CommandError, match=r"no case in FY2019 \(they cover FY2024, FY2025\)"):
        feeds("lca", str(first), "--year", "2019")


def test_feeds_lca_checks_the_starter_list_before_it_is_registered(tmp_path):
    file = write_csv(tmp_path / "lca.csv", [
        lca_row("I-200-25001-000001", EMPLOYER_NAME="SNOWFLAKE INC", SOC_CODE="15-1252"),
    ])  # fmt: skip
    rows = lca_table(feeds("lca", str(file), "--starter"))
    assert len(rows) == len(starter_boards()) and not Feed.objects.exists()
    assert rows["Snowflake"] == ["Snowflake Inc.", "1", "1"]
    assert rows["Stripe"] == ["Stripe, Inc.", "0", "0"]


def test_feeds_lca_bad_input_says_what_is_wrong(tmp_path):
    file = write_csv(tmp_path / "lca.csv", [lca_row()])
    with pytest.raises(CommandError, match="no feeds registered: --starter"):
        feeds("lca", str(file))
    Feed.objects.create(name="Acme", format="greenhouse", location="acme")
    (tmp_path / "jobs.csv").write_text("title,company\nEngineer,Acme\n")
    for path, message in [
        (tmp_path / "missing.csv", "no such file"),
        (tmp_path / "jobs.csv", "jobs.csv: not an LCA disclosure file"),
        (write_csv(tmp_path / "empty.csv", []), "no LCA filing that could be read"),
    ]:
        with pytest.raises(CommandError, match=message):
            feeds("lca", str(path))
