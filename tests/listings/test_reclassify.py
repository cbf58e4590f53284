"""After a deploy changes the classifier, stored jobs are judged again: set-based, resumable,
telling applicants about flips exactly as a re-import does."""

import pytest
from django.core.management import call_command

from listings.ingest.sponsorship import VERSION, reclassify
from listings.models import AppliedMark, Job, ListingCount, SponsorshipChange
from listings.tasks import reclassify_jobs
from listings.taxonomy.counts import refresh_listing_counts
from tests.factories import greenhouse_job, import_jobs, make_job, write_board

pytestmark = pytest.mark.django_db

REFUSAL = "<p>Train models.</p><p>We cannot sponsor visas for this role.</p>"


def old_job(**overrides):
    return make_job(sponsorship_version=VERSION - 1, **overrides)


def test_jobs_judged_by_an_older_version_are_judged_again():
    job = old_job(description_html=REFUSAL)
    summary = reclassify.reclassify_jobs()
    assert (summary.judged, summary.changed) == (1, 1)
    job.refresh_from_db()
    assert job.sponsorship == "refused"
    assert job.sponsorship_evidence == "We cannot sponsor visas for this role."
    assert job.sponsorship_version == VERSION
    assert not job.visa_types.exists()


def test_an_applicant_is_told_when_a_re_judged_job_flips(seeker, other_seeker):
    job = old_job(description_html=REFUSAL)
    AppliedMark.objects.create(user=seeker, job=job, applied=True)
    AppliedMark.objects.create(user=other_seeker, job=job, applied=False)
    reclassify.reclassify_jobs()
    change = SponsorshipChange.objects.for_applicant(seeker).get()
    assert (change.old_state, change.new_state) == ("stated", "refused")
    assert change.evidence == "We cannot sponsor visas for this role."
    assert not SponsorshipChange.objects.for_applicant(other_seeker).exists()


def test_an_unchanged_state_is_stamped_with_the_version_and_records_no_flip():
    job = old_job(description_html="<p>We sponsor H-1B and TN visas for this role.</p>")
    summary = reclassify.reclassify_jobs()
    assert (summary.judged, summary.changed) == (1, 0)
    job.refresh_from_db()
    assert job.sponsorship_version == VERSION
    assert sorted(job.visa_types.values_list("code", flat=True)) == ["h-1b", "tn"]
    assert not SponsorshipChange.objects.exists()


def test_a_second_run_has_nothing_to_do_and_current_jobs_are_left_alone():
    current = make_job(description_html=REFUSAL, sponsorship_version=VERSION)
    old_job(description_html=REFUSAL)
    reclassify.reclassify_jobs()
    assert reclassify.reclassify_jobs().judged == 0
    current.refresh_from_db()
    assert current.sponsorship == "stated"


def test_an_interrupted_run_keeps_its_finished_batches_and_resumes(monkeypatch):
    jobs = [old_job(description_html=REFUSAL) for _ in range(3)]
    real = reclassify.classify
    calls = []

    def failing_on_the_third(text):
        calls.append(text)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(text)

    monkeypatch.setattr(reclassify, "classify", failing_on_the_third)
    with pytest.raises(KeyboardInterrupt):
        reclassify.reclassify_jobs(batch_size=1)
    versions = sorted(Job.objects.values_list("sponsorship_version", flat=True))
    assert versions == [VERSION - 1, VERSION, VERSION]
    monkeypatch.setattr(reclassify, "classify", real)
    assert reclassify.reclassify_jobs(batch_size=1).judged == 1
    assert {j.sponsorship for j in Job.objects.filter(pk__in=[j.pk for j in jobs])} == {"refused"}
    assert SponsorshipChange.objects.count() == 3


def test_a_feed_field_kept_only_in_the_evidence_is_not_lost():
    job = old_job(
        description_html="<p>Train models.</p>",
        sponsorship="refused",
        sponsorship_evidence="Visa sponsorship: No",
    )
    reclassify.reclassify_jobs()
    job.refresh_from_db()
    assert job.sponsorship == "refused"
    assert not SponsorshipChange.objects.exists()


def test_listing_counts_follow_the_new_states():
    old_job(description_html=REFUSAL)
    refresh_listing_counts()
    assert ListingCount.objects.get().jobs == 1
    reclassify.reclassify_jobs()
    assert not ListingCount.objects.exists()


def test_the_beat_task_is_one_cheap_query_when_every_job_is_current(
    django_assert_num_queries,
):
    make_job(sponsorship_version=VERSION)
    with django_assert_num_queries(1):
        assert reclassify_jobs.apply().get() == 0


def test_the_beat_task_re_judges_after_a_version_change():
    old_job(description_html=REFUSAL)
    assert reclassify_jobs.apply().get() == 1
    assert Job.objects.get().sponsorship == "refused"


def test_the_command_reports_what_it_did(capsys):
    old_job(description_html=REFUSAL)
    call_command("reclassify_jobs", "--batch-size", "10")
    assert (
        f"classifier version {VERSION}: 1 jobs judged, 1 changed state" in capsys.readouterr().out
    )


def test_an_import_stamps_the_classifier_version(tmp_path):
    import_jobs(write_board(tmp_path, [greenhouse_job(id=1)]), "greenhouse")
    assert Job.objects.get().sponsorship_version == VERSION
