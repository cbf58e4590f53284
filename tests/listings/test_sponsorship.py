from pathlib import Path

import pytest

from listings.ingest.evaluation import evaluate, load
from listings.ingest.sponsorship import classify

LABELS = Path(__file__).parent.parent / "data" / "sponsorship_labels.csv"


@pytest.fixture(scope="module")
def report():
    return evaluate(load(LABELS))


def test_labelled_set_covers_every_real_posting_and_snippet():
    items = load(LABELS)
    # 165 LinkedIn postings, 13 Ashby jobs, 2 Greenhouse jobs, 45 quoted snippets.
    assert len(items) == 225
    assert {item.label for item in items} == {"stated", "refused", "silent"}


def test_refusals_are_precise_and_found(report):
    assert report.precision("refused") >= 0.95
    assert report.recall("refused") >= 0.90


def test_stated_sponsorship_is_precise(report):
    assert report.precision("stated") >= 0.90


@pytest.mark.parametrize(
    "text",
    [
        "Please note that visa sponsorship is not available for this position.",
        "You must be legally authorized to work in the United States without the need for "
        "employer sponsorship, now or at any time in the future.",
        "Unfortunately, we're unable to offer sponsorships or do corp-to-corp.",
        "Must be authorized to work in the U.S for any employer without company sponsorship.",
        "Applicants must be legally authorized for employment in the United States without "
        "need for current or future employer-sponsored work authorization.",
        "U.S. citizenship is required for this role due to the nature of our environments.",
        "Must be able to obtain and maintain a United States Government Secret Security Clearance.",
        "Eligibility for Top Secret Security Clearance.",
        "To comply with export control laws, applicants must be U.S. persons.",
        "Applicants on F-1 OPT or H-1B visas will not be considered for this role.",
        "We are unable to sponsor or take over sponsorship of an employment visa.",
        "This position is restricted to US citizens or lawful permanent residents",
        "Employee Status\n\nRegular\n\nVISA Sponsorship\n\nNo\n\nTravel Requirements\n\n10%",
    ],
)
def test_refusals_in_their_many_phrasings(text):
    result = classify(text)
    assert result.state == "refused"
    assert result.evidence and result.evidence in text


@pytest.mark.parametrize(
    "text",
    [
        "Employer-sponsored 401(k) plus employer match.",
        "We offer company-sponsored premium benefits, medical and dental.",
        "Hosting Cartus sponsored events at industry conferences.",
        "Engages executive sponsor to ensure active participation.",
        "Closing revenue through corporate sponsorship and major gifts.",
        "Leaders from Stripe, Affirm, Mastercard, Visa, Capital One and others.",
        "Knowledge of CPT codes, ICD 9/10 codes and CMS guidelines.",
        'We kindly urge you to opt for "Any company recruiter worldwide".',
        "Acme participates in E-Verify.",
        "All qualified applicants receive consideration without regard to citizenship status.",
        "All applicants must be legally authorized to work in the United States.",
        "Will you now or in the future require sponsorship for employment visa status?",
        "Security clearance is a plus.",
        "U.S. citizen preferred.",
        "We sponsor you for the conferences and training programs you choose.",
        "",
    ],
)
def test_lookalikes_and_generic_work_authorisation_are_silent(text):
    result = classify(text)
    assert result.state == "silent"
    assert result.evidence == ""
    assert result.visa_types == []


def test_an_offer_quotes_its_sentence_and_names_the_visas():
    text = (
        "We build payments.\nThis position does offer immigration sponsorship (current or "
        "future) including F-1 STEM OPT extension support. Apply today."
    )
    result = classify(text)
    assert result.state == "stated"
    assert result.evidence == (
        "This position does offer immigration sponsorship (current or future) including "
        "F-1 STEM OPT extension support."
    )
    assert result.visa_types == ["F-1 STEM OPT"]


def test_offered_visa_types_come_from_the_evidence():
    result = classify("Work Visas We currently sponsor H1B Transfers, TN Visas, and Green Cards.")
    assert result.state == "stated"
    assert result.visa_types == ["H-1B", "TN", "Green card"]


def test_a_refusal_outweighs_an_offer_elsewhere_in_the_posting():
    text = "We sponsor H-1B visas for senior roles. This role is not eligible for sponsorship."
    assert classify(text).state == "refused"


def test_tennessee_is_not_a_tn_visa():
    result = classify("We sponsor visas for this role in Nashville, TN, USA.")
    assert "TN" not in result.visa_types


def test_a_megabyte_of_text_is_classified_quickly():
    text = ("We build reliable systems for customers. " * 25_000) + "No visa sponsorship."
    assert classify(text).state == "refused"
