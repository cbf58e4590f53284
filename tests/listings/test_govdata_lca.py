import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from listings.models import DataImport, LCAFiling

DATA = Path(__file__).resolve().parent.parent / "data"
pytestmark = pytest.mark.django_db

HEADER = [
    "CASE_NUMBER",
    "CASE_STATUS",
    "RECEIVED_DATE",
    "DECISION_DATE",
    "VISA_CLASS",
    "JOB_TITLE",
    "SOC_CODE",
    "SOC_TITLE",
    "EMPLOYER_NAME",
    "NAICS_CODE",
    "WORKSITE_CITY",
    "WORKSITE_COUNTY",
    "WORKSITE_STATE",
    "WAGE_RATE_OF_PAY_FROM",
    "WAGE_RATE_OF_PAY_TO",
    "WAGE_UNIT_OF_PAY",
    "PREVAILING_WAGE",
    "PW_UNIT_OF_PAY",
    "PW_WAGE_LEVEL",
    "H-1B_DEPENDENT",
    "WILLFUL_VIOLATOR",
]


def lca_row(case="I-200-25010-000001", status="Certified", decided="2025-01-15", **cells):
    row = dict(
        zip(
            HEADER,
            [
                case,
                status,
                "2025-01-10",
                decided,
                "H-1B",
                "Data Scientist",
                "15-2051.00",
                "Data Scientists",
                "Peachtree Analytics, Inc.",
                "541511",
                "Atlanta",
                "FULTON COUNTY",
                "GA",
                "120,000",
                "",
                "Year",
                "98000",
                "Year",
                "II",
                "No",
                "N",
            ],
            strict=True,
        )
    )
    row.update(cells)
    return [row[name] for name in HEADER]


def write_csv(path, rows, header=HEADER):
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *rows])
    return path


def test_real_csv_sample_imports_with_soc_codes_normalised_and_wages_annualised(capsys):
    call_command("import_lca", str(DATA / "lca_disclosure_FY2025_Q2_column_subset_sample.csv"))
    out = capsys.readouterr().out

    assert "182 rows read, 182 imported, 0 skipped" in out
    first = LCAFiling.objects.get(case_number="I-200-25059-734998")
    assert first.soc_code == "29-1011"
    assert first.wage_annual == 100000
    assert first.pw_level == "II"
    assert first.fiscal_year == 2025
    assert first.worksite_state == "CA"
    assert first.normalized_name == "adam jacobs chiropractic"
    assert not LCAFiling.objects.exclude(soc_code__regex=r"^\d{2}-\d{4}$").exists()
    hourly = LCAFiling.objects.filter(wage_unit="Hour").first()
    assert hourly.wage_annual == int(hourly.wage_from * 2080)


def test_xlsx_made_from_the_sample_imports_the_same_rows(capsys):
    call_command("import_lca", str(DATA / "lca_disclosure_FY2025_Q2_column_subset_sample.csv"))
    from_csv = sorted(LCAFiling.objects.values_list("case_number", "soc_code", "wage_annual"))
    LCAFiling.objects.all().delete()

    call_command("import_lca", str(DATA / "lca_disclosure_FY2025_Q2_column_subset_sample.xlsx"))

    out = capsys.readouterr().out
    assert "Layout: xlsx." in out
    assert sorted(LCAFiling.objects.values_list("case_number", "soc_code", "wage_annual")) == (
        from_csv
    )


def test_full_layout_fields_flags_and_header_variants(tmp_path):
    rows = [
        lca_row(
            **{
                "H-1B_DEPENDENT": "Yes",
                "WILLFUL_VIOLATOR": "N",
                "EMPLOYER_NAME": '="PEACHTREE ANALYTICS INC"',
            }
        )
    ]
    call_command("import_lca", str(write_csv(tmp_path / "lca.csv", rows)))

    filing = LCAFiling.objects.get()
    assert filing.status == "Certified"
    assert filing.decision_date == date(2025, 1, 15)
    assert filing.fiscal_year == 2025
    assert filing.employer_name == "PEACHTREE ANALYTICS INC"
    assert filing.normalized_name == "peachtree analytics"
    assert filing.naics == "541511"
    assert filing.wage_from == Decimal("120000.00")
    assert filing.pw_annual == 98000
    assert filing.worksite_county == "FULTON"
    assert filing.worksite_city == "ATLANTA"
    assert filing.h1b_dependent is True
    assert filing.willful_violator is False


def test_a_case_keeps_its_latest_status_within_and_across_files(tmp_path):
    early = lca_row(status="Certified", decided="2025-01-15")
    later = lca_row(status="Certified - Withdrawn", decided="2025-06-01")
    call_command("import_lca", str(write_csv(tmp_path / "q3.csv", [later, early])))
    assert LCAFiling.objects.get().status == "Certified - Withdrawn"

    # An older quarter's file imported afterwards does not roll the case back.
    call_command("import_lca", str(write_csv(tmp_path / "q2.csv", [early])))
    assert LCAFiling.objects.get().status == "Certified - Withdrawn"

    uppercase = lca_row(status="CERTIFIED-WITHDRAWN", decided="2025-07-01")
    call_command("import_lca", str(write_csv(tmp_path / "q4.csv", [uppercase])))
    assert LCAFiling.objects.get().decision_date == date(2025, 7, 1)
    assert LCAFiling.objects.get().status == "Certified - Withdrawn"


def test_rerun_changes_nothing(tmp_path, capsys):
    path = write_csv(tmp_path / "lca.csv", [lca_row(), lca_row(case="I-200-25010-000002")])
    call_command("import_lca", str(path))
    before = list(LCAFiling.objects.order_by("pk").values())
    capsys.readouterr()

    call_command("import_lca", str(path))

    assert list(LCAFiling.objects.order_by("pk").values()) == before
    assert "2 imported, 0 skipped, 0 records added or changed" in capsys.readouterr().out


def test_bad_rows_are_reported_and_skipped(tmp_path, capsys):
    rows = [
        lca_row(),
        lca_row(case="<script>alert(1)</script>"),
        lca_row(case="I-200-25010-000003", EMPLOYER_NAME=""),
        lca_row(case="I-200-25010-000004", decided="the day after tomorrow"),
        lca_row(case="I-200-25010-000005", WORKSITE_STATE="Georgia"),
        lca_row(
            case="I-200-25010-000006",
            SOC_CODE="not a soc",
            WAGE_RATE_OF_PAY_FROM="1e400",
            PREVAILING_WAGE="-5",
        ),
        lca_row(case="I-200-25010-000007", WAGE_RATE_OF_PAY_FROM="150000", WAGE_UNIT_OF_PAY="Hour"),
    ]
    call_command("import_lca", str(write_csv(tmp_path / "lca.csv", rows)))
    out = capsys.readouterr().out

    assert "7 rows read, 3 imported, 4 skipped" in out
    assert "line 3: skipped, not a case number" in out
    assert "line 4: skipped, no employer name" in out
    assert "line 5: skipped, unreadable date ('the day after tomorrow')" in out
    assert "line 6: skipped, not a state code ('Georgia')" in out
    junk = LCAFiling.objects.get(case_number="I-200-25010-000006")
    assert (junk.soc_code, junk.wage_annual, junk.pw_annual) == ("", None, None)
    # An annual salary filed with the unit "Hour" is not multiplied by 2,080.
    assert LCAFiling.objects.get(case_number="I-200-25010-000007").wage_annual == 150000


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "the file is empty"),
        (b"JOB_TITLE,SOC_CODE\nEngineer,15-1252\n", "not an LCA disclosure file"),
        (b"CASE_NUMBER,EMPLOYER_NAME\n", "no data rows"),
        (b"PK\x03\x04not really a workbook", "unreadable xlsx workbook"),
        (b'CASE_NUMBER,EMPLOYER_NAME\n"unterminated,Acme\n' + b"x" * 2_000_000, "unreadable CSV"),
    ],
)
def test_malformed_files_are_refused_and_nothing_is_written(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)

    with pytest.raises(CommandError) as error:
        call_command("import_lca", str(path))

    assert message in str(error.value)
    assert not LCAFiling.objects.exists()
    assert not DataImport.objects.exists()


def test_broken_xlsx_is_refused(tmp_path):
    book = Workbook()
    book.active.append(["JOB_TITLE"])
    book.active.append(["Engineer"])
    book.save(tmp_path / "wrong.xlsx")
    (tmp_path / "truncated.xlsx").write_bytes((tmp_path / "wrong.xlsx").read_bytes()[:300])

    with pytest.raises(CommandError, match="not an LCA disclosure file"):
        call_command("import_lca", str(tmp_path / "wrong.xlsx"))
    with pytest.raises(CommandError):
        call_command("import_lca", str(tmp_path / "truncated.xlsx"))
    assert not LCAFiling.objects.exists()


def test_an_error_half_way_leaves_nothing_written(tmp_path):
    rows = [lca_row(case=f"I-200-25010-{n:06d}") for n in range(12000)]
    path = write_csv(tmp_path / "lca.csv", rows)
    with open(path, "ab") as f:
        f.write(b'"I-200-25010-999999,"unterminated\n' + b"y" * 1_100_000)

    with pytest.raises(CommandError):
        call_command("import_lca", str(path))

    assert not LCAFiling.objects.exists()
