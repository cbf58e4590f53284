"""What a posting says about sponsorship, in the many ways postings say it."""

import os

import pytest

from listings.demo.wording import REFUSED_SENTENCES, STATED_SENTENCES
from listings.ingest.sponsorship import Classification, classify
from listings.models import Job


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
        "Backend Engineer | Boston | Onsite | Visa: no",
        "Sponsorship: No",
        "Citizens and green-card holders only.",
        "Requirements:\n- 5+ years of Go\n- US Citizenship required\n- Startup experience",
        "No visa support for this role.",
        "Must hold an active TS/SCI clearance.",
        "Active Secret clearance required.",
        "Candidates who will require sponsorship will not be considered.",
    ],
)
def test_refusals_in_short_and_field_forms(text):
    assert classify(text).state == "refused"


@pytest.mark.parametrize(
    "text",
    [
        "Backend Engineer | Boston | Onsite | Sponsorship available\n\nWe build tools.",
        "Acme (YC W21) | Full time, relocation + visa | San Francisco\n\nWe build tools.",
        "Location: Austin, TX\nSponsorship: yes",
        "Fintech | NYC | ONSITE | H-1B transfers welcome",
        "Perks: medical, dental and vision insurance, equity, visa sponsorship, 401(k).",
        "We may be able to sponsor the right candidate.",
        "Sponsorship is possible for some roles.",
        "Candidates who will need sponsorship are welcome to apply.",
        "OPT and STEM OPT candidates are welcome.",
        "CPT is supported for our summer interns.",
        "Not every role can be sponsored, this one can.",
        "Immigration support: yes",
        "Sorry, we cannot sponsor new H-1Bs, but we can transfer existing visas and sponsor TNs.",
    ],
)
def test_offers_in_headers_perks_and_hedges_are_stated(text):
    result = classify(text)
    assert result.state == "stated"
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
        "We accept Visa, Mastercard and American Express.",
        "Apply with Visa Checkout.",
        "Knowledge of CPT codes, ICD 9/10 codes and CMS guidelines.",
        'We kindly urge you to opt for "Any company recruiter worldwide".',
        "Acme participates in E-Verify.",
        "All qualified applicants receive consideration without regard to race, religion, "
        "national origin, citizenship status or disability.",
        "All applicants must be legally authorized to work in the United States.",
        "Will you now or in the future require sponsorship for employment visa status?",
        "Security clearance is a plus.",
        "Secret clearance preferred.",
        "U.S. citizen preferred.",
        "Ability to obtain a Secret clearance.",
        "Must be able to obtain and maintain a Secret security clearance.",
        "We sponsor you for the conferences and training programs you choose.",
        "Allstate generally does not sponsor individuals for employment-based visas.",
        "We may not be able to sponsor visas for this role.",
        "",
    ],
)
def test_lookalikes_and_generic_work_authorisation_are_silent(text):
    result = classify(text)
    assert result == Classification("silent")


@pytest.mark.parametrize(
    "text",
    [
        "We offer visa sponsorship for our London office.",
        "Backend Engineer | Berlin | Onsite | VISA\n\nJoin our team in Germany.",
        "Relocation support and a German work visa are provided.",
        "Our Dublin office offers visa sponsorship.",
    ],
)
def test_an_offer_for_an_office_abroad_is_not_a_us_offer(text):
    assert classify(text).state == "silent"


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("We're not able to sponsor US visas right now.", "refused"),
        ("US Visa Sponsorship: No", "refused"),
        (
            "Please note that at this time, Everlaw is not sponsoring U.S. employment visas.",
            "refused",
        ),
        (
            "The company does not sponsor/support H-1B petitions, TN, or STEM OPT for this role.",
            "refused",
        ),
        (
            "Penn State does not sponsor or take over sponsorship of a staff employment Visa.",
            "refused",
        ),
        ("Acme | Senior SRE | Remote (US) | No visas", "refused"),
        ("GC/USC only", "refused"),
        ("H1B: no", "refused"),
        ("Visas: No", "refused"),
        ("We're unable to support visas.", "refused"),
        ("No relocation or visa assistance.", "refused"),
        ("Acme | Backend | NYC | Will sponsor", "stated"),
        ("H1B sponsorship: yes", "stated"),
        ("Open to H1B transfers", "stated"),
        ("We are happy to help with immigration.", "stated"),
        ("Acme | SF | Onsite + Visa", "stated"),
        ("We cannot help with visas.", "refused"),
        ("Acme | Payments | Visa & Mastercard integrations", "silent"),
        ("We're open to sponsoring visas for exceptional candidates.", "stated"),
        ("Acme | Staff Engineer | SF | Onsite | Visa sponsorship", "stated"),
        ("We will sponsor a green card for the right candidate.", "stated"),
        ("Candidates on F-1 OPT, CPT or H-1B visas will be considered for this role.", "stated"),
        ("We provide H-1B sponsorship and green card support.", "stated"),
        ("Must be legally authorized to work in the United States without restriction.", "silent"),
        ("We sponsor hackathons and meetups.", "silent"),
        ("Our events are sponsored by partners.", "silent"),
        ("The office is in Memphis, TN 38103.", "silent"),
    ],
)
def test_wordings_from_other_employers(text, state):
    assert classify(text).state == state


def test_an_offer_from_a_header_naming_a_us_office_among_others_counts():
    assert classify("Acme | Berlin or NYC | ONSITE | VISA\n\nWe build tools.").state == "stated"


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


def test_the_state_is_the_job_models_choice():
    assert isinstance(classify("Visa sponsorship is not available.").state, Job.Sponsorship)
    assert classify("").state is Job.Sponsorship.SILENT


def test_a_header_offer_quotes_its_header_line_and_its_own_visas():
    result = classify("Acme | Backend | Nashville, TN | ONSITE | H1B transfer OK\n\nWe build.")
    assert result.state == "stated"
    assert result.evidence == "Acme | Backend | Nashville, TN | ONSITE | H1B transfer OK"
    assert result.visa_types == ["H-1B"]


def test_tennessee_is_not_a_tn_visa():
    result = classify("We sponsor visas for this role in Nashville, TN, USA.")
    assert "TN" not in result.visa_types


def test_a_megabyte_of_text_is_classified():
    text = ("We build reliable systems for customers. " * 25_000) + "No visa sponsorship."
    assert classify(text).state == "refused"


def test_a_megabyte_of_cue_words_without_line_breaks_is_classified():
    text = "visa sponsor citizen clearance OPT " * 30_000
    assert classify(text).state in {"stated", "refused", "silent"}


def test_binary_junk_is_silent():
    junk = os.urandom(200_000).decode("latin-1")
    assert classify(junk).state == "silent"
    assert classify("\x00\x01\ufffd" * 1000).state == "silent"


def test_html_with_scripts_is_classified_on_its_words():
    html = (
        "<html><script>var visa = 'sponsor'; if (a < b) { alert('no'); }</script>"
        "<style>.visa{}</style><p>We build tools.</p></html>"
    )
    assert classify(html).state in {"silent", "refused", "stated"}
    assert classify("<p>We are unable to sponsor visas.</p>").state == "refused"


@pytest.mark.parametrize(
    "text",
    [
        "Wir bieten ein attraktives Gehalt und flexible Arbeitszeiten in Berlin.",
        "我们提供有竞争力的薪酬和灵活的工作时间。",
        "Nous offrons un salaire attractif. Visa de travail fourni pour notre bureau de Paris.",
        "Мы предлагаем конкурентную зарплату.",
    ],
)
def test_text_in_other_languages_gets_a_result(text):
    result = classify(text)
    assert result.state in {"silent", "stated", "refused"}
    assert result.evidence in text


def test_the_demo_sentences_are_judged_as_they_are_seeded():
    # Otherwise the first reclassify_jobs after seeding would flip demo jobs.
    for sentence, _ in STATED_SENTENCES:
        assert classify(sentence).state == "stated", sentence
    for sentence in REFUSED_SENTENCES:
        assert classify(sentence).state == "refused", sentence
