import http.server
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.management import CommandError
from django.db import connection

from listings.models import Employer, Job, JobSource
from tests.factories import greenhouse_job, import_jobs, write_board

pytestmark = pytest.mark.django_db


def refused(location, fmt="greenhouse") -> str:
    with pytest.raises(CommandError) as error:
        import_jobs(location, fmt)
    message = str(error.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def assert_nothing_written():
    assert not Job.objects.exists()
    assert not JobSource.objects.exists()
    assert not Employer.objects.exists()


def test_malformed_json_is_refused_and_nothing_is_written(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"jobs": [' + json.dumps(greenhouse_job()) + ", {oops}]}")
    assert "malformed JSON" in refused(path)
    assert_nothing_written()


def test_a_truncated_file_is_refused_even_after_good_records(tmp_path):
    good = [greenhouse_job(id=i) for i in range(1, 1500)]  # more than one batch
    text = json.dumps({"jobs": good})
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) - 40])
    assert "ends early" in refused(path)
    assert_nothing_written()


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text("")
    assert "empty" in refused(path)


def test_a_missing_file_is_refused(tmp_path):
    assert "no such file" in refused(tmp_path / "nope.json")


def test_the_wrong_format_is_refused(tmp_path):
    path = write_board(tmp_path, [greenhouse_job()])
    assert "not a jobs CSV" in refused(path, "csv")
    with pytest.raises(CommandError, match="unknown --format 'xml'"):
        import_jobs(path, "xml")
    assert_nothing_written()


def test_json_that_is_not_a_feed_is_refused(tmp_path):
    path = tmp_path / "scalar.json"
    path.write_text('"hello"')
    assert "not a job feed" in refused(path)


def test_malformed_csv_is_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b'external_id,title,company,apply_url\n1,Data Engineer,Acme,"https://x\0y\n')
    assert "malformed CSV" in refused(path, "csv")
    assert_nothing_written()


def test_csv_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(
        b"external_id,title,company,apply_url,location,posted_at\n"
        b"1,Data Engineer,Caf\xe9,https://x.example/1,Austin TX,2026-11-01\n"
    )
    assert "not UTF-8" in refused(path, "csv")


def test_records_missing_fields_are_skipped_with_reasons(tmp_path):
    jobs = [
        greenhouse_job(id=1),
        greenhouse_job(id=2, title=""),
        greenhouse_job(id=3, absolute_url=None, first_published=None, updated_at=None),
        {"id": 4},
        "not an object",
    ]
    out = import_jobs(write_board(tmp_path, jobs), "greenhouse")
    assert "skipped record 2 (id 2): missing title" in out
    assert "skipped record 3 (id 3): missing URL, posting date" in out
    assert "skipped record 4 (id 4): missing title, employer, URL, posting date" in out
    assert "skipped record 5: not a JSON object" in out
    assert "1 created" in out and "4 skipped" in out


def test_huge_and_hostile_values_are_skipped(tmp_path):
    jobs = [
        greenhouse_job(id=1, title="Data Engineer " * 80_000),  # over a megabyte
        greenhouse_job(id=2, absolute_url="javascript:alert(1)"),
        greenhouse_job(id=3, absolute_url="https://" + "a" * 2000 + ".example"),
        greenhouse_job(id="9" * 500),
        greenhouse_job(id=5, title=["Data Engineer"]),
        greenhouse_job(id=6, location={"name": "Berlin, Germany"}),
    ]
    out = import_jobs(write_board(tmp_path, jobs), "greenhouse")
    assert "title is 1,119,999 characters (at most 300)" in out  # stripped
    assert "skipped record 2 (id 2): the apply URL is not an http(s) address" in out
    assert "apply url is 2,016 characters (at most 1,000)" in out
    assert "external id is 500 characters" in out
    assert "skipped record 5 (id 5): missing title" in out
    assert "a job abroad: location 'Berlin, Germany' is outside the US" in out
    assert not Job.objects.exists()


def test_descriptions_are_sanitised(tmp_path):
    content = (
        '<p onclick="steal()">Build <em>things</em> <strong>well</strong>.</p>'
        "<script>alert(1)</script><style>p{}</style>"
        '<iframe src="https://evil.example"></iframe>'
        '<ul><li><a href="javascript:alert(1)">bad</a></li>'
        '<li><a href="https://acme.example/team">team</a></li></ul>'
    )
    import_jobs(write_board(tmp_path, [greenhouse_job(content=content)]), "greenhouse")
    html = Job.objects.get().description_html
    for banned in ("<script", "alert(1)", "<style", "<iframe", "onclick", "javascript:"):
        assert banned not in html
    assert "<em>things</em>" in html and "<strong>well</strong>" in html and "<li>" in html
    assert '<a href="https://acme.example/team" rel="nofollow noopener">team</a>' in html


def test_the_same_posting_twice_in_a_file_is_one_job(tmp_path):
    out = import_jobs(write_board(tmp_path, [greenhouse_job(), greenhouse_job()]), "greenhouse")
    assert "1 created" in out and "1 merged as duplicates" in out
    assert Job.objects.count() == 1


def test_a_repost_under_a_new_id_or_feed_joins_the_existing_job(tmp_path):
    description = (
        "&lt;p&gt;Train and ship ranking models for our marketplace, working with product "
        "and data teams on experiments, evaluation and serving at scale.&lt;/p&gt;"
    )
    import_jobs(write_board(tmp_path, [greenhouse_job(content=description)]), "greenhouse")
    repost = greenhouse_job(
        id=9999,
        title="Senior ML Engineer",  # seniority words aside, the same title
        company_name="ACME ROBOTICS INC",
        content=description.replace("at scale", "at scale (req 2291)"),
    )
    out = import_jobs(write_board(tmp_path, [repost], "again.json"), "greenhouse")
    assert "0 created" in out and "1 merged as duplicates" in out
    job = Job.objects.get()
    assert sorted(job.sources.values_list("external_id", flat=True)) == ["4001", "9999"]
    # A different posting by the same employer stays a job of its own.
    other = greenhouse_job(id=5000, content="&lt;p&gt;Completely different work.&lt;/p&gt;")
    import_jobs(write_board(tmp_path, [other], "other.json"), "greenhouse")
    assert Job.objects.count() == 2


class _SlowHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(3)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_url_that_times_out_gets_one_line_and_a_failing_exit_status(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/jobs"
    env = {**os.environ, "DATABASE_URL": _test_database_url()}
    try:
        result = subprocess.run(
            [sys.executable, "manage.py", "import_jobs", url, "--format=greenhouse", "--timeout=1"],
            cwd=Path(__file__).parents[2],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.shutdown()
    assert result.returncode != 0
    assert result.stderr.strip() == (
        f"CommandError: refused {url}: timed out after 1 s; nothing was changed"
    )
    assert "Traceback" not in result.stdout + result.stderr


def _test_database_url() -> str:
    params = connection.settings_dict
    return (
        f"postgres://{params['USER']}:{params['PASSWORD'] or ''}@{params['HOST']}:"
        f"{params['PORT']}/{params['NAME']}"
    )
