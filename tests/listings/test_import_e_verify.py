"""A posting's E-Verify notice, found at import, is what tells a STEM OPT member the employer
can take them."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from listings.models import Job

pytestmark = pytest.mark.django_db


def board(tmp_path, notice: str):
    content = f"&lt;p&gt;Build radar software.&lt;/p&gt;&lt;p&gt;{notice}&lt;/p&gt;"
    job = {
        "id": 9001,
        "title": "Software Engineer",
        "company_name": "Harbor Radar Co",
        "absolute_url": "https://boards.greenhouse.io/harbor/jobs/9001",
        "location": {"name": "Atlanta, GA"},
        "first_published": "2026-11-20T10:00:00-05:00",
        "updated_at": "2026-11-21T10:00:00-05:00",
        "content": content,
        "metadata": None,
    }
    path = tmp_path / "board.json"
    path.write_text(json.dumps({"jobs": [job], "meta": {"total": 1}}))
    call_command("import_jobs", str(path), format="greenhouse", stdout=StringIO())


def test_the_notice_marks_the_job_and_a_reimport_without_it_clears_it(tmp_path):
    board(tmp_path, "Harbor Radar participates in E-Verify. We sponsor H-1B visas.")
    assert Job.objects.get().e_verify is True
    board(tmp_path, "We sponsor H-1B visas.")
    assert Job.objects.get().e_verify is False
