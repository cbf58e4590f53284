import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from listings.models import CityWageArea, DataImport, PrevailingWage, WageArea, WageCounty
from tests.factories import make_city, make_filing

FLAG = Path(__file__).resolve().parent.parent / "data" / "flag_wages"
pytestmark = pytest.mark.django_db


def test_folder_with_both_files_imports_areas_counties_and_levels(capsys):
    call_command("import_wages", str(FLAG))
    out = capsys.readouterr().out

    atlanta = WageArea.objects.get(code="12060")
    assert (atlanta.name, atlanta.state) == ("Atlanta-Sandy Springs-Alpharetta, GA", "GA")
    assert WageCounty.objects.get(state="GA", county="Fulton County").area == atlanta
    assert WageArea.objects.get(code="1300006").counties.count() == 2
    wage = PrevailingWage.objects.get(area=atlanta, soc_code="15-2051")
    assert wage.annual_levels() == [80080, 102170, 124259, 146349]
    teachers = PrevailingWage.objects.get(area=atlanta, soc_code="25-1011")
    assert teachers.annual and teachers.annual_levels()[0] == 61000
    assert "ALC_Export.csv: no levelled wage" in out  # the top-coded "High Wage" row


def test_the_downloaded_zip_with_a_subfolder_imports_the_same(tmp_path):
    archive = tmp_path / "OFLC_Wages_2025-26.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name in ("ALC_Export.csv", "Geography.csv"):
            z.write(FLAG / name, f"OFLC_Wages_2025-26/{name}")

    call_command("import_wages", str(archive))

    assert PrevailingWage.objects.count() == 5
    assert WageCounty.objects.count() == 6


def test_cities_are_placed_in_wage_areas(tmp_path):
    atlanta, alpharetta = make_city("Atlanta"), make_city("Alpharetta")
    ware = make_city("Ware", "georgia")  # a county of the same name
    nowhere = make_city("Tiny Town")
    make_filing(worksite_city="ALPHARETTA", worksite_county="FULTON")

    call_command("import_wages", str(FLAG))

    areas = dict(CityWageArea.objects.values_list("city_id", "area__code"))
    assert areas[atlanta.pk] == "12060"  # named in the metro area's title
    assert areas[alpharetta.pk] == "12060"  # via the county LCAs give for it
    assert areas[ware.pk] == "1300006"
    assert nowhere.pk not in areas


def test_rerun_changes_nothing():
    call_command("import_wages", str(FLAG))
    before = list(PrevailingWage.objects.order_by("pk").values())

    call_command("import_wages", str(FLAG))

    assert list(PrevailingWage.objects.order_by("pk").values()) == before


def test_windows_1252_geography_is_read(tmp_path):
    (tmp_path / "Geography.csv").write_bytes(
        '"Area","AreaName","StateAb","State","CountyTownName"\r\n'
        '"10740","Albuquerque, NM","NM","New Mexico","Doña Ana County"\r\n'.encode("cp1252")
    )
    call_command("import_wages", str(tmp_path / "Geography.csv"))

    assert WageCounty.objects.get().county == "Doña Ana County"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("ALC_Export.csv", b"", "the file is empty"),
        (
            "ALC_Export.csv",
            b"Area,Name\n1,2\n",
            "not a FLAG ALC_Export.csv, EDC_Export.csv or Geography.csv",
        ),
        ("ALC_Export.csv", b"Area,SocCode,GeoLvl,Level1,Level2,Level3,Level4\n", "no data rows"),
        (
            "ALC_Export.csv",
            b"Area,SocCode,GeoLvl,Level1,Level2,Level3,Level4\n"
            b"abc,15-1252,1,1,2,3,4\n12060,15-1252,1,x,,,\n",
            "no importable rows",
        ),
        ("OFLC_Wages.zip", b"PK\x03\x04broken", "broken zip archive"),
    ],
)
def test_malformed_files_are_refused_and_nothing_is_written(tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)

    with pytest.raises(CommandError) as error:
        call_command("import_wages", str(tmp_path / name))

    assert message in str(error.value)
    assert not PrevailingWage.objects.exists() and not WageArea.objects.exists()
    assert not DataImport.objects.exists()


def test_a_folder_without_wage_files_is_refused(tmp_path):
    with pytest.raises(
        CommandError, match="holds no ALC_Export.csv, EDC_Export.csv or Geography.csv"
    ):
        call_command("import_wages", str(tmp_path))
