import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from listings.models import DataImport, H1BApproval

DATA = Path(__file__).resolve().parent.parent / "data"
pytestmark = pytest.mark.django_db

SIX_PAIR_HEADER = [
    "Line by line",
    "Fiscal Year   ",
    "Employer (Petitioner) Name",
    "Tax ID",
    "Industry (NAICS) Code",
    "Petitioner City",
    "Petitioner State",
    "Petitioner Zip Code",
    "New Employment Approval",
    "New Employment Denial",
    "Continuation Approval",
    "Continuation Denial",
    "Change with Same Employer Approval",
    "Change with Same Employer Denial",
    "New Concurrent Approval",
    "New Concurrent Denial",
    "Change of Employer Approval",
    "Change of Employer Denial",
    "Amended Approval",
    "Amended Denial",
]


def write_utf16_tab(path, rows):
    text = "\r\n".join("\t".join(row) for row in rows) + "\r\n"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    return path


def run(path, capsys=None):
    call_command("import_h1b_hub", str(path))
    return capsys.readouterr().out if capsys else ""


def test_legacy_fy2019_quoted_sample_imports_with_thousands_separators(capsys):
    out = run(DATA / "uscis_hub_legacy_FY2019_quoted_sample.csv", capsys)

    deloitte = H1BApproval.objects.get(normalized_name="deloitte consulting", state="PA")
    assert (deloitte.initial_approvals, deloitte.continuing_approvals) == (455, 3175)
    assert deloitte.continuing_denials == 1170
    assert "177 rows read, 177 imported, 0 skipped" in out
    assert "Layout: legacy initial/continuing counts." in out


def test_legacy_fy2023_sample_skips_the_blank_employer_with_its_line(capsys):
    out = run(DATA / "uscis_hub_legacy_FY2023_sample.csv", capsys)

    assert "194 rows read, 193 imported, 1 skipped" in out
    assert "line 2: skipped, no employer name" in out
    # A row without a place still counts, apart from the same employer's row in Utah.
    contacts = H1BApproval.objects.filter(normalized_name="1 800 contacts", fiscal_year=2023)
    assert sorted(contacts.values_list("state", "continuing_approvals")) == [("", 1), ("UT", 1)]


def test_hybrid_utf8_bom_and_its_utf16_tab_copy_import_the_same(capsys):
    run(DATA / "uscis_hub_FY2024_employer_information_NAICS52_sample.csv", capsys)
    first = sorted(
        H1BApproval.objects.values_list(
            "normalized_name", "state", "initial_approvals", "continuing_approvals", "naics"
        )
    )
    H1BApproval.objects.all().delete()

    out = run(DATA / "uscis_hub_FY2024_employer_information_NAICS52_sample_utf16_tab.csv", capsys)

    second = sorted(
        H1BApproval.objects.values_list(
            "normalized_name", "state", "initial_approvals", "continuing_approvals", "naics"
        )
    )
    assert first == second
    assert len(first) > 150
    assert ("1st franklin financial", "GA", 1, 0, "52") in first
    assert "205 rows read, 205 imported" in out


def test_six_category_export_folds_into_initial_and_continuing(tmp_path):
    # One piece: the whole export file is written and read here, row by row beside its counts.
    rows = [
        SIX_PAIR_HEADER,
        [
            "1",
            "2025",
            "Acme Widgets, Inc.",
            "1234",
            "54 - Professional",
            "ATLANTA",
            "GA",
            "30301",
            "10",
            "1",
            "20",
            "2",
            "3",
            "0",
            "4",
            "1",
            "5",
            "0",
            "6",
            "0",
        ],
        [
            "2",
            "2025",
            "ACME WIDGETS INC",
            "1234",
            "54 - Professional",
            "MACON",
            "GA",
            "31201",
            "1",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
        ],
    ]
    call_command("import_h1b_hub", str(write_utf16_tab(tmp_path / "hub.csv", rows)))

    acme = H1BApproval.objects.get(normalized_name="acme widgets")
    assert acme.initial_approvals == 10 + 4 + 1
    assert acme.initial_denials == 1 + 1
    assert acme.continuing_approvals == 20 + 3 + 5 + 6
    assert acme.continuing_denials == 2
    assert acme.naics == "54"


def test_rerun_changes_nothing(capsys):
    path = DATA / "uscis_hub_legacy_FY2019_quoted_sample.csv"
    run(path, capsys)
    before = list(H1BApproval.objects.order_by("pk").values())

    out = run(path, capsys)

    assert list(H1BApproval.objects.order_by("pk").values()) == before
    assert "0 records added or changed" in out


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "the file is empty"),
        (b"\x00\x01\x02\x03binary\xff\xfe\x00", "not"),
        (b"name,city\nAcme,Atlanta\n", "not a USCIS H-1B Employer Data Hub file"),
        (b"Fiscal Year,Employer,Initial Approvals\n2024,Acme,1\n", "lacks these columns"),
        (
            b"Fiscal Year,Employer,Initial Approvals,Initial Denials,Continuing Approvals,"
            b"Continuing Denials\n",
            "no data rows",
        ),
        (
            b"Fiscal Year,Employer,Initial Approvals,Initial Denials,Continuing Approvals,"
            b"Continuing Denials\nnineteen,Acme,x,0,0,0\n",
            "no importable rows",
        ),
        (b"Fiscal Year,Employer\xe9,Initial Approvals\n", "not utf-8 text"),
    ],
)
def test_malformed_files_are_refused_and_nothing_is_written(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)

    with pytest.raises(CommandError) as error:
        call_command("import_h1b_hub", str(path))

    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert not H1BApproval.objects.exists()
    assert not DataImport.objects.exists()


def test_bad_rows_are_skipped_with_line_and_reason_while_good_rows_import(tmp_path, capsys):
    path = tmp_path / "mixed.csv"
    path.write_text(
        "Fiscal Year,Employer,Initial Approvals,Initial Denials,Continuing Approvals,"
        "Continuing Denials,NAICS,Tax ID,State,City,ZIP\n"
        "2023,GOOD CO,1,0,0,0,54,,GA,ATLANTA,30301\n"
        "2023,NEGATIVE LLC,-1,0,0,0,54,,GA,ATLANTA,30301\n"
        f"2023,{'HUGE ' * 4000},1,0,0,0,54,,GA,ATLANTA,30301\n"
        "2023,BIG INC,99999999999,0,0,0,54,,GA,ATLANTA,30301\n"
        "2023,BAD STATE INC,1,0,0,0,54,,Georgia,ATLANTA,30301\n"
        "1823,OLD INC,1,0,0,0,54,,GA,ATLANTA,30301\n"
    )

    out = run(path, capsys)

    assert "6 rows read, 2 imported, 4 skipped" in out
    assert "line 3: skipped, initial approvals is not a count ('-1')" in out
    assert "line 5: skipped, initial approvals is implausibly large" in out
    assert "line 6: skipped, not a state code ('Georgia')" in out
    assert "line 7: skipped, fiscal year is not a year ('1823')" in out
    assert H1BApproval.objects.filter(normalized_name="good").exists()


def test_missing_file_exits_non_zero_with_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "import_h1b_hub", str(tmp_path / "nope.csv")],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "no such file" in result.stderr
