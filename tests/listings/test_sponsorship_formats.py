"""Each format the classifier learned to read, on whole labelled postings from the training
set (listings/ingest/sponsorship/training): header and requirement fields, clearances and
export control, government and staffing-agency postings, partial offers, what a posting says
to F-1 students, and words that only look like visa talk."""

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from listings.ingest.sponsorship import classify
from listings.ingest.sponsorship.evaluation import Report, describe
from listings.ingest.sponsorship.training import TRAINING, Posting

HELD_OUT = Path(__file__).parent.parent / "data" / "sponsorship_labels.csv"


@pytest.fixture(scope="module")
def postings() -> dict[str, str]:
    csv.field_size_limit(16 * 1024 * 1024)
    with (TRAINING / "postings.csv").open(encoding="utf-8", newline="") as handle:
        return {row["posting_id"]: row["description"] for row in csv.DictReader(handle)}


def judged(postings, posting_id):
    return classify(postings[posting_id])


# (posting, the line that decides it)
FIELD_REFUSALS = [
    ("indca-71caa87b7acffd46", "Visa: ONLY US CITIZENS/ GC"),
    ("gd-66deb10e39d3", "Residency Status: US Citizen or Green Card Holder ONLY"),
    ("lij-17814ddad2ad", "Minimum Citizenship: U.S. Citizen"),
    ("lij-cfa9c3156047", "Citizenship: U.S."),
    ("lij-f4980d0f26f2", "US Citizenship Required for this Position: Yes"),
    ("gd-23df26e349d3", "Citizenship Status: US Citizenship required"),
    ("lij-537231b51a74", "CITIZENSHIP OR GREEN CARD REQUIRED"),
]


@pytest.mark.parametrize(("posting_id", "line"), FIELD_REFUSALS)
def test_header_and_requirement_fields_that_name_only_citizens_are_refusals(
    postings, posting_id, line
):
    result = judged(postings, posting_id)
    assert result.state == "refused"
    assert line in result.evidence


@pytest.mark.parametrize(
    ("posting_id", "line"),
    [
        ("gd-1bc5073e39e5", "Clearance: TS/SCI w/Full scope polygraph"),
        ("gd-70c3a9638b86", "Clearance Level Must Currently Possess:"),
        ("gd-7d476599f942", "Active TS/SCI with Poly"),
        ("gd-de813aa5b95d", "TS/SCI and Security+ needed"),
        ("lij-301c7826ca78", "Secret Security Clearance required"),
        ("gd-5d1407493587", "current Top Secret security clearance"),
        ("indca-adae57ab2c66e1c5", "All applicants must be US persons"),
        ("indca-a10ecd762127a1ab", "Export Control compliance requirements"),
        ("gd-6bef1ebcfa6e", "Clearable US Citizen"),
    ],
)
def test_one_line_clearance_and_export_control_requirements_are_refusals(
    postings, posting_id, line
):
    result = judged(postings, posting_id)
    assert result.state == "refused"
    assert line in result.evidence


@pytest.mark.parametrize(
    "posting_id",
    [
        "gd-5cad124ef5fe",  # Clearance Level Must Currently Possess: None; Public Trust
        "lij-5bc14067fe97",  # Ability to obtain a security clearance or active security clearance
        "indca-ebdeef6fc84732e4",  # an active Secret clearance among the "Differentiators"
        "li-4296464874",  # TS/SCI clearance under "Nice If You Have"
        "gd-e5dfcb335191",  # Megan's Law clearance, a criminal history clearance
        "lij-51ca296ee162",  # may be required to obtain a clearance (requires U.S. Citizenship)
        "gd-37110580c404",  # U.S. Citizenship is required for most positions
    ],
)
def test_clearances_one_may_obtain_or_that_are_only_wished_for_say_nothing(postings, posting_id):
    assert judged(postings, posting_id).state == "silent"


@pytest.mark.parametrize(
    ("posting_id", "line"),
    [
        ("gd-c6b8b450bf0a", "U.S. Citizenship"),  # Requirements: U.S. Citizenship
        ("gd-eb82f716e6f0", "Non-citizens may only be appointed"),
        ("indca-5983a33802e841c6", "SF STATE IS NOT A SPONSORING AGENCY"),
        ("lij-39f15e9e5bc6", "candidates must be either Green Card holders or US citizens"),
    ],
)
def test_government_and_public_employers_who_take_only_citizens_refuse(postings, posting_id, line):
    result = judged(postings, posting_id)
    assert result.state == "refused"
    assert line in result.evidence


@pytest.mark.parametrize(
    ("posting_id", "state", "line"),
    [
        ("lij-5af1eb41bb34", "refused", "USC/ GC/ TN / EAD"),
        ("indca-fd0a8afd79c23878", "refused", "only with Visa Status of Green Card"),
        ("lij-f00658124bb3", "refused", "No Sponsorship is allowed at this time"),
        ("lij-353366d26780", "refused", "NO VISA TRANSFERS AVAILABLE AT THIS TIME"),
        ("lij-400339dd3c32", "stated", "Client is open to H1B and Visa Sponsorship"),
        ("lij-97561f66a1f3", "stated", "Does support Sponsorship"),
    ],
)
def test_staffing_agency_status_lists_and_offers(postings, posting_id, state, line):
    result = judged(postings, posting_id)
    assert result.state == state
    assert line in result.evidence


@pytest.mark.parametrize(
    "posting_id",
    [
        "indca-9e235b838599c25a",  # Tax Term: W2 Contract/ C2C Visa: Any
        "lij-b7d3455bd6a2",  # W2 CANDIDATES ONLY, NO C2C
        "gd-75aae4422b3b",  # those authorized to work without sponsorship are encouraged
    ],
)
def test_agency_contract_terms_are_not_about_visas(postings, posting_id):
    assert judged(postings, posting_id).state == "silent"


@pytest.mark.parametrize(
    ("posting_id", "limited_to"),
    [
        ("indca-969a5610b948c8d6", ("h-1b-transfer", "tn")),  # Visa transfers (H1B, TN etc).
        ("lij-a3c2a8dfef3d", ("h-1b-transfer",)),  # Relocation available. Visa transfer available.
        ("hn-16494417", ("h-1b-transfer",)),  # sponsor/extend, but already authorized
        ("hn-16735761", ("f-1-opt", "h-1b-transfer", "tn")),  # Visa OK (TN, OPT, or H-1B transfer)
    ],
)
def test_partial_offers_are_offers_limited_to_what_they_name(postings, posting_id, limited_to):
    result = judged(postings, posting_id)
    assert result.state == "stated"
    assert result.limited_to == limited_to


def test_an_offer_of_any_visa_is_not_limited(postings):
    result = judged(postings, "lij-8e6e138f6c73")  # H1-B and Green Card processing available
    assert result.state == "stated"
    assert result.visa_types == ["H-1B", "Green card"]
    assert result.limited_to == ()


@pytest.mark.parametrize(
    ("posting_id", "state", "opt", "cpt"),
    [
        ("indca-274c11e5db964a8a", "stated", True, None),  # Offer H1B, OPT sponsor
        ("indca-5d90e19071a24289", "refused", True, None),  # US Citizen / GC/ OPT-EAD(w2)
        ("gd-057500352464", "refused", True, None),  # ONLY GCCITIZEN OPTEAD
        ("lij-bda67351b377", "refused", False, None),  # No OPTs, visa sponsorship, ...
        ("lij-c3a256cd0498", "refused", False, None),  # ... F-1 visa (OPT), TN visa ...
        ("indca-5ba1879c3275fdfd", "refused", False, None),  # ... including supporting OPT
        ("li-4297921997", "stated", None, True),  # If your work authorization is through CPT
        ("li-4296345676", "refused", False, False),  # no sponsorship for ... F-1, J-1, OPT, CPT
    ],
)
def test_what_a_posting_says_to_students_is_kept_apart_from_sponsorship(
    postings, posting_id, state, opt, cpt
):
    result = judged(postings, posting_id)
    assert (result.state, result.accepts_opt, result.accepts_cpt) == (state, opt, cpt)


@pytest.mark.parametrize(
    "posting_id",
    [
        "gd-d4af28fedf28",  # At Visa, your individuality fits right in; In VISA, we have ...
        "lij-57bc4e6b1695",  # Visa Consulting and Analytics; ...United StatesVisa
        "li-4296164069",  # qualities that are evident in global citizens
        "gd-e4ddc1850ec6",  # coding systems CPT, HCPCS, SNOMED
        "indca-ccf56d5cef675e66",  # Opt In's/Opt Out's
        "gd-7ef547a7ee67",  # a clearance required only if assigned to such a project
    ],
)
def test_words_that_only_look_like_visa_talk_say_nothing(postings, posting_id):
    assert judged(postings, posting_id).state == "silent"


SAYS = {"refused": "We cannot sponsor visas.", "stated": "We sponsor H-1B visas.", "silent": ""}


def test_classify_eval_reports_precision_and_recall_per_source_and_per_format(tmp_path):
    report = Report()
    rows = [
        ("a", "refused", "refused", "dump-a", "field"),
        ("b", "refused", "silent", "dump-a", "field"),
        ("c", "stated", "stated", "dump-b", "agency"),
        ("d", "silent", "refused", "dump-b", "government"),
    ]
    for key, label, said, source, fmt in rows:
        report.add(Posting(key, key, "", label, "", source, fmt), classify(SAYS[said]))
    lines = describe(report, misses=False)
    table = {line.split()[0]: line.split()[1:] for line in lines if line.startswith(("dump", "f"))}
    assert table["dump-a"][:5] == ["2", "1.000", "(1)", "0.500", "(2)"]  # refused P, R
    assert table["dump-b"][:3] == ["2", "0.000", "(1)"]  # the silent posting read as refused
    assert table["field"][:5] == ["2", "1.000", "(1)", "0.500", "(2)"]

    out = StringIO()
    call_command("classify_eval", labels=str(HELD_OUT), stdout=out)
    assert "linkedin_postings_2023_2024_sample_165rows.csv" in out.getvalue()
    with pytest.raises(CommandError, match="no such labels file"):
        call_command("classify_eval", labels=str(tmp_path / "missing.csv"))


# From the defence, government and staffing-agency postings added in the second addition
# (gdu-: Glassdoor data-science postings; dice-: Dice US postings, mostly staffing agencies).
@pytest.mark.parametrize(
    ("posting_id", "line"),
    [
        ("gdu-114", "Clearance: Active TS with the ability to obtain an SCI"),
        ("gdu-393", "Minimum Clearance Requirement: Minimum Top Secret clearance with SCI"),
        ("gdu-277", "Position requires a Top Secret security clearance"),
        ("gdu-211", "Must be a US citizen with a current/active TS/SCI"),
        ("gdu-333", "Clearance Required – TS/SCI w/Polygraph"),
        ("gdu-207", "Due to ITAR regulations, this role is only open to U.S. Citizens"),
        ("gdu-606", "TS/SCI with active Poly"),
    ],
)
def test_a_clearance_held_now_is_required_whatever_may_be_added_later(postings, posting_id, line):
    result = judged(postings, posting_id)
    assert result.state == "refused"
    assert line in result.evidence


@pytest.mark.parametrize(
    "posting_id",
    [
        "gdu-517",  # Security Clearance Required: Secret (Preferred)
        "gdu-252",  # U.S. Citizenship/Permanent Resident is required for most positions.
        "gdu-275",  # Q-level clearance requires U.S. citizenship (processed after the offer)
        "gdu-379",  # Must have or be able to acquire ... a US Government Security Clearance
        "gdu-3",  # Convey the results of scientific research to sponsors
        "gd-5125258c69e6",  # subject to a clearance investigation ... include U.S. citizenship
        "lij-fd5dbb29aa53",  # Secret Or DOD Public Trust Clearance
    ],
)
def test_clearances_wished_for_or_explained_are_not_requirements(postings, posting_id):
    assert judged(postings, posting_id).state == "silent"


def test_government_customers_called_sponsors_are_not_what_refuses(postings):
    """B4Corp's posting names "the Sponsor" (its government customer) a dozen times; the
    refusal is the clearance it requires."""
    result = judged(postings, "gdu-329")
    assert result.state == "refused"
    assert "Clearance with a Polygraph" in result.evidence


@pytest.mark.parametrize(
    ("posting_id", "line"),
    [
        ("gdu-595", "US citizenship required (dual-national US citizens eligible)."),
        ("gdu-27", "U.S. citizenship is required"),  # after the laboratory's EEO sentence
        ("gdu-120", "Citizenship: United States"),
        ("lik-3731389852", "eligible to work in the US (permanent resident or citizen)"),
    ],
)
def test_citizenship_requirements_of_laboratories_and_employers_refuse(postings, posting_id, line):
    result = judged(postings, posting_id)
    assert result.state == "refused"
    assert line in result.evidence


@pytest.mark.parametrize(
    ("posting_id", "state", "line"),
    [
        ("dice-117", "refused", "We are unable to sponsor H1B visas at this time."),
        ("dice-97", "refused", "(H1 sponsorship currently unavailable)"),
        ("dice-98", "refused", "Per Government Sector, U.S. Citizenship is required"),
        ("dice-160", "refused", 'This position is limited to "Protected Individuals"'),
        ("dice-44", "stated", "WE WILL SPONSOR H1-B VISA'S"),
        ("dice-327", "stated", "Possible Sponsorship!"),
        ("dice-646", "stated", "They will also do a green card sponsorship"),
    ],
)
def test_staffing_agency_postings_from_a_second_board(postings, posting_id, state, line):
    result = judged(postings, posting_id)
    assert result.state == state
    assert line in result.evidence


@pytest.mark.parametrize(
    "posting_id",
    [
        "dice-20",  # Only W2 candidates will be considered.
        "dice-166",  # Job type: W2 or C2C
        "gdu-317",  # Position - Full-time / Contract / C2C / W2
        "dice-599",  # Rate : $115 on C2C Hourly all Inclusive.
    ],
)
def test_w2_and_c2c_terms_from_a_second_board_are_not_about_visas(postings, posting_id):
    assert judged(postings, posting_id).state == "silent"


@pytest.mark.parametrize(
    ("posting_id", "limited_to"),
    [
        ("dice-314", ("h-1b-transfer",)),  # ... in addition to transferring H1B Visa sponsorship
        ("dice-423", ("h-1b-transfer",)),  # Visa transfer is available.
    ],
)
def test_transfer_offers_from_agencies_are_limited_to_transfers(postings, posting_id, limited_to):
    result = judged(postings, posting_id)
    assert (result.state, result.limited_to) == ("stated", limited_to)


@pytest.mark.parametrize(
    ("posting_id", "state", "opt", "cpt"),
    [
        ("gdu-67", "refused", True, True),  # not able to process H1B transfers; CPT and OPT welcome
        ("dice-384", "refused", False, False),  # NO opts,cpts , H1B
        ("gdu-513", "refused", False, False),  # NO OPT CPT pls.
        ("gdu-207", "refused", False, None),  # temporary visas (... TN or OPT) are not eligible
        (
            "dice-426",
            "refused",
            False,
            None,
        ),  # F-1 visa holders with OPT ... will not be considered
    ],
)
def test_what_agency_and_defence_postings_say_to_students(postings, posting_id, state, opt, cpt):
    result = judged(postings, posting_id)
    assert (result.state, result.accepts_opt, result.accepts_cpt) == (state, opt, cpt)
