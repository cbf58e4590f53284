"""What an import keeps beside the sponsorship state, and what members see of it: a posting's
word to F-1 students, offers limited to some visas, and jobs whose only places are abroad."""

from datetime import date

import pytest

from listings.ingest.sponsorship import VERSION, reclassify
from listings.models import Job
from listings.visas.profile import JobFacts, Profile
from listings.visas.routes import Verdict, answers
from tests.factories import greenhouse_job, import_jobs, make_job, make_profile, write_board

pytestmark = pytest.mark.django_db

# Wordings from the training postings (listings/ingest/sponsorship/training).
OPT_WELCOME_REFUSAL = (
    "<p>Train models.</p><p>License: US Citizen / GC/ OPT-EAD(w2) - No corp to corp (Required)</p>"
)
TN_E3_ONLY = (
    "<p>Train models.</p><p>We sponsor new visas only for Canadian or Australian citizens.</p>"
)
TRANSFERS = "<p>Train models.</p><p>Relocation available. Visa transfer available.</p>"
NO_OPT = (
    "<p>Train models.</p><p>NOTE: MUST be fully authorized to work in the U.S. No OPTs, visa "
    "sponsorship, visa transfers or future green card sponsorships.</p>"
)


def imported(tmp_path, content: str, **overrides) -> Job:
    board = write_board(tmp_path, [greenhouse_job(content=content, **overrides)])
    out = import_jobs(board, "greenhouse")
    assert "1 created" in out, out
    return Job.objects.get()


def test_an_import_keeps_a_refusal_that_welcomes_opt_students(tmp_path):
    job = imported(tmp_path, OPT_WELCOME_REFUSAL)
    assert (job.sponsorship, job.accepts_opt, job.accepts_cpt) == ("refused", True, None)


def test_an_import_keeps_a_limited_offer_with_the_visas_it_covers(tmp_path):
    job = imported(tmp_path, TN_E3_ONLY)
    assert job.sponsorship == "stated"
    assert job.offer_limits == {"tn", "e-3"}
    assert sorted(job.visa_types.values_list("code", flat=True)) == ["e-3", "tn"]


def test_a_job_whose_only_place_is_abroad_is_skipped_with_its_reason(tmp_path):
    jobs = [
        greenhouse_job(id=1, location={"name": "London, United Kingdom"}),
        greenhouse_job(id=2, location={"name": "Remote - EMEA"}),
        greenhouse_job(id=3, location={"name": "Toronto, ON or New York, NY"}),
    ]
    out = import_jobs(write_board(tmp_path, jobs), "greenhouse")
    assert "1 created" in out and "2 skipped" in out
    assert "a job abroad: location 'London, United Kingdom' is outside the US" in out
    assert "a job abroad: location 'Remote - EMEA' is outside the US" in out
    assert Job.objects.get().state.code == "NY"


def test_reclassifying_writes_what_a_posting_says_to_students_and_its_limits():
    welcome = make_job(description_html=OPT_WELCOME_REFUSAL, sponsorship_version=VERSION - 1)
    limited = make_job(description_html=TRANSFERS, sponsorship_version=VERSION - 1)
    reclassify.reclassify_jobs()
    welcome.refresh_from_db()
    limited.refresh_from_db()
    assert (welcome.sponsorship, welcome.accepts_opt) == ("refused", True)
    assert (limited.sponsorship, limited.offer_limited_to) == ("stated", "h-1b-transfer")


def facts(**overrides) -> JobFacts:
    fields = {
        "role_slug": "software-engineer",
        "role_name": "Software Engineer",
        "employer": "Acme Labs",
        "sponsorship": "stated",
        "cap_exempt": False,
        "e_verify": True,
    }
    return JobFacts(**{**fields, **overrides})


def verdicts(profile: Profile, job: JobFacts) -> dict[str, Verdict]:
    return {a.route.code: a.verdict for a in answers(profile, job, date(2026, 11, 28))}


def test_a_refusal_that_welcomes_opt_leaves_the_opt_routes_open():
    student = Profile(frozenset({"IN"}), "opt", "master", True)
    found = verdicts(student, facts(sponsorship="refused", accepts_opt=True))
    assert found["opt"] == Verdict.OPEN and found["stem-opt"] == Verdict.OPEN
    assert found["h-1b-cap"] == Verdict.BLOCKED


def test_a_posting_that_takes_no_opt_students_closes_the_opt_routes():
    student = Profile(frozenset({"IN"}), "opt", "master", True)
    found = verdicts(student, facts(sponsorship="refused", accepts_opt=False))
    assert found["opt"] == Verdict.BLOCKED and found["stem-opt"] == Verdict.BLOCKED


def test_a_limited_offer_opens_only_the_routes_it_names():
    canadian = Profile(frozenset({"CA"}), "none", "bachelor")
    australian = Profile(frozenset({"AU"}), "none", "bachelor")
    h1b_holder = Profile(frozenset({"IN"}), "h-1b", "master", counted=True)
    tn_e3 = facts(offer_limited_to=frozenset({"tn", "e-3"}))
    assert verdicts(canadian, tn_e3)["tn"] == Verdict.OPEN
    assert verdicts(canadian, tn_e3)["h-1b-cap"] == Verdict.BLOCKED
    assert verdicts(australian, tn_e3)["e-3"] == Verdict.OPEN
    assert verdicts(h1b_holder, tn_e3)["h-1b-transfer"] == Verdict.BLOCKED
    transfers = facts(offer_limited_to=frozenset({"h-1b-transfer"}))
    assert verdicts(h1b_holder, transfers)["h-1b-transfer"] == Verdict.OPEN
    assert verdicts(canadian, transfers)["tn"] == Verdict.BLOCKED
    assert verdicts(canadian, facts())["tn"] == Verdict.OPEN


def test_the_job_page_shows_the_limit_the_student_line_and_the_routes(client, seeker):
    make_profile(seeker, ("AU",))
    client.force_login(seeker)
    job = make_job(
        description_html=TN_E3_ONLY,
        sponsorship_evidence="We sponsor new visas only for Canadian or Australian citizens.",
        offer_limited_to="tn e-3",
        visas=("tn", "e-3"),
        accepts_opt=True,
    )
    html = client.get(job.get_absolute_url()).content.decode()
    assert "Offered for E-3 and TN only." in html
    assert "Welcomes students on OPT." in html
    assert "The posting offers sponsorship for E-3 and TN only." in html


def test_a_card_says_when_a_posting_takes_no_opt_students(client):
    make_job(accepts_opt=False, sponsorship_evidence="We sponsor H-1B visas.")
    html = client.get("/visa-sponsorship-jobs/").content.decode()
    assert "Does not take students on OPT." in html
