"""No run unlists what it could not read; future dates and reposts (issue: feeds an operator
can leave running)."""

from datetime import timedelta

import pytest
from django.core.management.base import CommandError
from django.utils import timezone

from listings.models import Job
from tests.factories import greenhouse_job, import_jobs, write_board

pytestmark = pytest.mark.django_db

ROLES = ["ML Engineer", "Data Scientist", "Data Engineer", "Software Engineer", "QA Engineer"]


def _word(n: int) -> str:
    letters = ""
    while True:
        n, rest = divmod(n, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[rest]
        if not n:
            return f"team{letters}"


def board(count: int, first: int = 1) -> list[dict]:
    """Distinct postings (their texts share no phrase, so none is a duplicate of another)."""
    return [
        greenhouse_job(
            id=n,
            title=ROLES[n % len(ROLES)],
            content=f"&lt;p&gt;{_word(n)} builds {_word(n)} models for {_word(n)} users. "
            "We sponsor H-1B visas.&lt;/p&gt;",
        )
        for n in range(first, first + count)
    ]


def open_jobs() -> int:
    return Job.objects.filter(expired_at__isnull=True).count()


def test_the_wrong_format_refuses_expiry_and_exits_non_zero(tmp_path):
    path = write_board(tmp_path, board(3))
    import_jobs(path, "greenhouse")
    with pytest.raises(CommandError) as refused:
        import_jobs(path, "lever")
    # A Lever reader sees the Greenhouse envelope as one posting without any of its fields.
    message = str(refused.value)
    assert "its only record was skipped (missing id, title" in message
    assert "is the format right?" in message
    assert "nothing was changed" in message and "\n" not in message
    assert open_jobs() == 3


def test_the_wrong_format_on_a_first_import_is_refused_too(tmp_path):
    with pytest.raises(CommandError, match="record was skipped"):
        import_jobs(write_board(tmp_path, board(2)), "lever")
    assert not Job.objects.exists()


def test_an_empty_list_expires_nothing_until_confirmed(tmp_path):
    path = write_board(tmp_path, board(3))
    import_jobs(path, "greenhouse")
    write_board(tmp_path, [])
    with pytest.raises(CommandError, match="listed no jobs, where 3 open jobs were listed before"):
        import_jobs(path, "greenhouse")
    assert open_jobs() == 3
    out = import_jobs(path, "greenhouse", allow_mass_expiry=True)
    assert "3 expired" in out and open_jobs() == 0


def test_a_changed_shape_is_refused(tmp_path):
    path = write_board(tmp_path, board(3))
    import_jobs(path, "greenhouse")
    # The board now wraps each posting in another object: every record misses every field.
    path.write_text('{"jobs": [{"posting": {"id": 1}}, {"posting": {"id": 2}}]}')
    with pytest.raises(CommandError, match="all 2 records were skipped"):
        import_jobs(path, "greenhouse")
    assert open_jobs() == 3


def test_a_forty_percent_shrink_waits_for_confirmation_and_ten_percent_does_not(tmp_path):
    path = write_board(tmp_path, board(50))
    import_jobs(path, "greenhouse")
    write_board(tmp_path, board(30))
    with pytest.raises(
        CommandError, match=r"would expire 20 of 50 open jobs \(40%, more than 30%\)"
    ):
        import_jobs(path, "greenhouse")
    assert open_jobs() == 50
    write_board(tmp_path, board(45))
    assert "5 expired" in import_jobs(path, "greenhouse")
    assert open_jobs() == 45
    write_board(tmp_path, board(27))
    out = import_jobs(path, "greenhouse", allow_mass_expiry=True)
    assert "18 expired" in out and open_jobs() == 27


def test_a_board_of_only_other_roles_is_read_fine(tmp_path):
    """Postings that are readable but not for this site are not a failed read."""
    path = write_board(tmp_path, board(2))
    import_jobs(path, "greenhouse")
    write_board(tmp_path, [greenhouse_job(id=9, title="Account Executive")])
    out = import_jobs(path, "greenhouse")
    assert "1 skipped, 2 expired" in out and open_jobs() == 0


def test_a_future_date_is_stored_as_the_import_time_and_counted(tmp_path):
    ahead = (timezone.now() + timedelta(days=30)).isoformat()
    path = write_board(tmp_path, [greenhouse_job(id=1, first_published=ahead)])
    before = timezone.now()
    out = import_jobs(path, "greenhouse")
    assert "1 dated in the future (stored as the import time)" in out
    job = Job.objects.get()
    assert before <= job.posted_at <= timezone.now()
    first = job.posted_at
    # Re-read with a changed text: the date stays the first import's, it does not climb.
    write_board(tmp_path, [greenhouse_job(id=1, first_published=ahead, title="Staff ML Engineer")])
    import_jobs(path, "greenhouse")
    job.refresh_from_db()
    assert job.title == "Staff ML Engineer" and job.posted_at == first


def test_a_job_expired_by_a_shrink_and_reposted_under_a_new_id_is_listed_again(tmp_path):
    path = write_board(tmp_path, board(2))
    import_jobs(path, "greenhouse")
    write_board(tmp_path, board(1))
    import_jobs(path, "greenhouse")
    gone = Job.objects.get(external_id="2")
    assert gone.expired_at is not None and not Job.objects.listed().filter(pk=gone.pk).exists()
    repost = board(1, first=2)[0] | {
        "id": 902,
        "absolute_url": "https://boards.greenhouse.io/acme/jobs/902",
        "first_published": "2026-12-01T09:00:00Z",
    }
    write_board(tmp_path, [*board(1), repost])
    out = import_jobs(path, "greenhouse")
    assert "1 merged as duplicates" in out and "1 reopened" in out
    gone.refresh_from_db()
    assert gone.expired_at is None and Job.objects.listed().filter(pk=gone.pk).exists()
    # The reopened job sends applicants to the new posting, dated when it was reposted.
    assert gone.apply_url == "https://boards.greenhouse.io/acme/jobs/902"
    assert gone.posted_at.date().isoformat() == "2026-12-01"
    assert Job.objects.count() == 2


def test_a_job_back_in_its_own_feed_counts_as_reopened(tmp_path):
    path = write_board(tmp_path, board(2))
    import_jobs(path, "greenhouse")
    write_board(tmp_path, board(1))
    import_jobs(path, "greenhouse")
    write_board(tmp_path, board(2))
    assert "1 reopened" in import_jobs(path, "greenhouse")
    assert open_jobs() == 2
