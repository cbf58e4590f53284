"""`manage.py import_perm`: DOL PERM disclosure files in their layouts, as CSV and xlsx: real
FY2005 rows with their quirks, and made-up rows in the FY2020-era and revised-form layouts."""

import csv
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from listings.models import DataImport, Employer, EmployerAlias, PermFiling
from listings.sponsors.history import sponsorship_history, with_record

DATA = Path(__file__).resolve().parent.parent / "data"
OLD_FORM = DATA / "perm_fy2020_layout_sample.csv"
NEW_FORM = DATA / "perm_new_form_layout_sample.csv"
REAL_FY2005 = DATA / "perm_disclosure_FY2005_sample.csv"
pytestmark = pytest.mark.django_db


def import_perm(path) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_perm", str(path), stdout=out)
    return out.getvalue()


def as_xlsx(source: Path, target: Path) -> Path:
    book = Workbook()
    with open(source, newline="") as f:
        for row in csv.reader(f):
            book.active.append(row)
    book.save(target)
    return target


def stored() -> list[tuple]:
    return list(PermFiling.objects.order_by("case_number").values_list())


def test_the_fy2020_layout_imports_with_names_codes_and_wages_read_as_the_lca_import_does():
    out = import_perm(OLD_FORM)

    assert "13 rows read, 10 imported, 3 skipped, 10 records added or changed." in out
    assert "Layout: CSV, FY2020-era form." in out
    assert "Fiscal years: 2020, 2021." in out
    assert "not a case number ('NOT-A-CASE')" in out
    assert "unreadable date ('13/45/2020')" in out
    assert "no employer name" in out
    first = PermFiling.objects.get(case_number="A-19135-45291")
    assert (first.status, first.fiscal_year, first.soc_code) == ("Certified", 2020, "15-1132")
    assert (first.normalized_name, first.worksite_state, first.pw_level) == (
        "peachtree analytics", "GA", "II",
    )  # fmt: skip
    assert first.wage_annual == 118000
    hourly = PermFiling.objects.get(case_number="A-19171-55230")
    assert hourly.wage_from == Decimal("45.00") and hourly.wage_annual == 93600
    expired = PermFiling.objects.get(case_number="A-19142-47710")
    assert expired.status == "Certified - Expired" and expired.is_certified
    assert PermFiling.objects.get(case_number="A-19255-75881").worksite_state == ""
    assert PermFiling.objects.get(case_number="A-19270-79404").normalized_name == ("quillmoss labs")


def test_the_revised_form_layout_imports_from_xlsx_as_from_csv(tmp_path):
    out = import_perm(NEW_FORM)
    from_csv = stored()
    assert "10 rows read, 10 imported, 0 skipped" in out
    assert "Layout: CSV, revised ETA-9089 form (FY2024 on)." in out
    PermFiling.objects.all().delete()

    out = import_perm(as_xlsx(NEW_FORM, tmp_path / "perm.xlsx"))

    assert "Layout: xlsx, revised ETA-9089 form (FY2024 on)." in out
    assert [row[1:] for row in stored()] == [row[1:] for row in from_csv]
    tempe = PermFiling.objects.get(case_number="G-100-24201-001580")
    assert (tempe.worksite_city, tempe.soc_code, tempe.wage_annual) == ("TEMPE", "17-2071", 127400)
    undecided = PermFiling.objects.get(case_number="G-100-24290-004480")
    assert undecided.decision_date is None and undecided.fiscal_year == 2025


def test_importing_the_same_file_again_changes_nothing():
    import_perm(OLD_FORM)
    before = stored()

    out = import_perm(OLD_FORM)

    assert "10 imported, 3 skipped, 0 records added or changed." in out
    assert stored() == before
    assert DataImport.objects.filter(kind=DataImport.Kind.PERM).count() == 2


def test_a_later_decision_replaces_the_stored_status(tmp_path):
    import_perm(NEW_FORM)
    with open(NEW_FORM, newline="") as f:
        rows = list(csv.reader(f))
    header, withdrawn = rows[0], rows[5]
    later = dict(zip(header, withdrawn, strict=True))
    later.update(CASE_STATUS="Certified", DECISION_DATE="2025-09-01")
    path = tmp_path / "later.csv"
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows([header, [later[name] for name in header]])

    out = import_perm(path)

    assert "1 records added or changed" in out
    assert PermFiling.objects.get(case_number=withdrawn[0]).status == "Certified"


def certified_by_year(employer) -> list[tuple[int, int]]:
    summary = sponsorship_history(with_record(Employer.objects).get(pk=employer.pk), False)
    return [(y.fiscal_year, y.perm.certified) for y in summary["summary"].years if y.perm]


def test_counts_follow_the_employer_name_matching_and_its_aliases():
    import_perm(OLD_FORM)
    import_perm(NEW_FORM)
    peachtree = Employer.objects.create(
        name="Peachtree Analytics", slug="peachtree", normalized_name="peachtree analytics"
    )
    kestrel = Employer.objects.create(name="Kestrel", slug="kestrel", normalized_name="kestrel")

    assert certified_by_year(peachtree) == [(2020, 2), (2025, 2)]
    assert certified_by_year(kestrel) == []

    EmployerAlias.objects.create(
        name="KESTREL RIDGE CAPITAL SYSTEMS LLC",
        normalized_name="kestrel ridge capital systems",
        employer=kestrel,
    )
    assert certified_by_year(kestrel) == [(2025, 1), (2026, 1)]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("lca.csv", (DATA / "lca_disclosure_FY2025_Q2_column_subset_sample.csv").read_bytes(),
         "not a PERM disclosure file: no PW_SOC_CODE, PWD_SOC_CODE or WAGE_OFFER_FROM column"),
        ("hub.csv", (DATA / "uscis_hub_legacy_FY2023_sample.csv").read_bytes(),
         "not a PERM disclosure file: no CASE_NUMBER column"),
        ("empty.csv", b"", "the file is empty"),
        ("header.csv", OLD_FORM.read_bytes().splitlines()[0] + b"\n", "no data rows"),
        ("cut.csv", OLD_FORM.read_bytes()[:700] + b'"unterminated' + b"x" * 2_000_000,
         "unreadable CSV"),
        ("binary.csv", b"\x00\x01\x02" * 100, "not"),
        ("fake.xlsx", b"PK\x03\x04not really a workbook", "unreadable xlsx workbook"),
    ],
)  # fmt: skip
def test_a_foreign_truncated_or_broken_file_is_refused_in_one_line_and_nothing_is_written(
    tmp_path, name, content, message
):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(CommandError) as error:
        import_perm(path)

    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert not PermFiling.objects.exists()
    assert not DataImport.objects.exists()


def test_a_truncated_workbook_is_refused(tmp_path):
    whole = as_xlsx(NEW_FORM, tmp_path / "whole.xlsx").read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(whole[: len(whole) // 2])

    with pytest.raises(CommandError, match="unreadable xlsx workbook"):
        import_perm(tmp_path / "cut.xlsx")
    assert not PermFiling.objects.exists()


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        import_perm(tmp_path / "absent.csv")


# ---- real rows: DOL's FY2005 file ---------------------------------------------------------


def test_real_fy2005_rows_import_with_their_dates_units_and_typos():
    out = import_perm(REAL_FY2005)

    assert "42 rows read, 42 imported, 0 skipped, 42 records added or changed." in out
    assert "Layout: CSV, first PERM files (FY2005 to FY2007)." in out
    assert "Fiscal years: 2005." in out
    # "7/8/2005 18:03:48": a US date with a time of day.
    apex = PermFiling.objects.get(case_number="A-05117-01731")
    assert (apex.status, apex.decision_date, apex.fiscal_year) == (
        "Certified", date(2005, 7, 8), 2005,
    )  # fmt: skip
    assert (apex.wage_from, apex.wage_unit, apex.wage_annual) == (
        Decimal("100000.00"),
        "Year",
        100000,
    )
    # A denial carries no decision date in this file; its year comes from the received date.
    entraptor = PermFiling.objects.get(case_number="A-05087-00006")
    assert (entraptor.decision_date, entraptor.fiscal_year) == (None, 2005)
    # The title is the employer's, not the prevailing-wage request's ("Security Consultant").
    assert entraptor.job_title == "Senior Computer Security Specialist - Contractor"
    assert (entraptor.soc_code, entraptor.pw_level) == ("15-1071", "IV")
    assert PermFiling.objects.get(case_number="A-05087-00013").wage_annual == 686 * 52
    assert PermFiling.objects.get(case_number="C-05252-31205").wage_annual == 4000 * 12
    # "$1089.00" an hour for a cook was $10.89: kept as filed, with no yearly figure.
    cook = PermFiling.objects.get(case_number="C-05255-31595")
    assert (cook.wage_from, cook.wage_unit, cook.wage_annual) == (Decimal("1089.00"), "Hour", None)
    assert PermFiling.objects.get(case_number="C-05252-31349").pw_level == ""
    # No worksite columns in FY2005: the filing counts for the employer, in no state.
    assert not PermFiling.objects.exclude(worksite_state="").exists()


def test_real_fy2005_rows_count_for_the_employer_they_name():
    import_perm(REAL_FY2005)
    sysmind = Employer.objects.create(name="Sysmind", slug="sysmind", normalized_name="sysmind")

    assert certified_by_year(sysmind) == [(2005, 2)]


def test_importing_the_real_file_again_changes_nothing():
    import_perm(REAL_FY2005)
    before = stored()

    out = import_perm(REAL_FY2005)

    assert "42 imported, 0 skipped, 0 records added or changed." in out
    assert stored() == before


def as_typed_xlsx(source: Path, target: Path) -> Path:
    """The rows as DOL's workbooks hold them: dates as Excel dates, wages as numbers."""
    book = Workbook()
    with open(source, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    book.active.append(rows[0])
    for row in rows[1:]:
        cells = dict(zip(rows[0], row, strict=True))
        for name in ("received_date", "decision_date"):
            if cells[name]:
                cells[name] = datetime.strptime(cells[name], "%m/%d/%Y %H:%M:%S")
        for name in ("wage_offered_from", "wage_offered_to"):
            if cells[name]:
                cells[name] = float(cells[name].lstrip("$"))
        book.active.append([cells[name] for name in rows[0]])
    book.save(target)
    return target


def test_the_real_rows_from_a_workbook_or_a_windows_1252_csv_import_the_same(tmp_path):
    import_perm(REAL_FY2005)
    from_csv = [row[1:] for row in stored()]
    PermFiling.objects.all().delete()

    out = import_perm(as_typed_xlsx(REAL_FY2005, tmp_path / "perm.xlsx"))

    assert "Layout: xlsx, first PERM files (FY2005 to FY2007)." in out
    assert [row[1:] for row in stored()] == from_csv
    PermFiling.objects.all().delete()

    # Excel's "Save as CSV" writes Windows-1252: the "¿" in one employer's name is one byte.
    cp1252 = tmp_path / "perm-cp1252.csv"
    cp1252.write_bytes(REAL_FY2005.read_text(encoding="utf-8").encode("cp1252"))
    import_perm(cp1252)

    assert [row[1:] for row in stored()] == from_csv
    barretts = PermFiling.objects.get(case_number="A-05087-00012")
    assert barretts.employer_name == "MVCL, LLC (BARRETT¿S CLEANERS)"


def test_excel_serial_dates_in_a_csv_export_read_as_dates(tmp_path):
    with open(REAL_FY2005, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    path = tmp_path / "serial.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(rows[0])
        for row in rows[1:6]:
            for i in (3, 4):  # received_date, decision_date
                if row[i]:
                    day = datetime.strptime(row[i], "%m/%d/%Y %H:%M:%S").date()
                    row[i] = str((day - date(1899, 12, 30)).days)
            writer.writerow(row)

    import_perm(path)

    apex = PermFiling.objects.get(case_number="A-05117-01731")
    assert apex.decision_date == date(2005, 7, 8)


def test_a_cut_short_or_foreign_file_leaves_the_imported_real_rows_as_they_were(tmp_path):
    import_perm(REAL_FY2005)
    before = stored()
    whole = REAL_FY2005.read_bytes()
    cut = whole[: len(whole) // 2]
    assert not cut.endswith(b"\n")  # the copy stops inside a row
    (tmp_path / "cut.csv").write_bytes(cut)
    as_xlsx(REAL_FY2005, tmp_path / "whole.xlsx")
    xlsx = (tmp_path / "whole.xlsx").read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(xlsx[: len(xlsx) * 3 // 4])
    lca = DATA / "lca_disclosure_FY2025_Q2_column_subset_sample.csv"

    for path, message in [
        (tmp_path / "cut.csv", "it looks cut short, so nothing was imported"),
        (tmp_path / "cut.xlsx", "unreadable xlsx workbook"),
        (lca, "not a PERM disclosure file"),
    ]:
        with pytest.raises(CommandError) as error:
            import_perm(path)
        assert message in str(error.value)
        assert "\n" not in str(error.value)
        assert stored() == before
        assert DataImport.objects.filter(kind=DataImport.Kind.PERM).count() == 1


def test_a_cut_short_file_is_refused_even_into_an_empty_database(tmp_path):
    whole = REAL_FY2005.read_bytes()
    (tmp_path / "cut.csv").write_bytes(whole[: whole.index(b"Level IV,15-1051.00")])

    with pytest.raises(CommandError, match=r"stops in the middle of line 6 \(19 of 22 columns\)"):
        import_perm(tmp_path / "cut.csv")
    assert not PermFiling.objects.exists()
    assert not DataImport.objects.exists()
