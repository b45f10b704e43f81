"""`lotse import-gemeinden` with bad files: every one exits non-zero with file, line and reason, and the database
is exactly as it was (validated completely before the first write, in one transaction)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lotse.reference.models import Gemeinde, Postleitzahl
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db

GOOD = (FIXTURES / "gemeinden_small.csv").read_text(encoding="utf-8-sig").splitlines()
HEADER = GOOD[0]
DUESSELDORF = GOOD[1]  # 60,61,05,1,11,0000,000,"Düsseldorf, Stadt", 217.41, 621 877, …,"6,780068","51,22422",…
METTMANN = GOOD[4]
PLZ = "osm_id,ags,ort,plz,landkreis,bundesland\n62539,05111000,Düsseldorf,40210,,Nordrhein-Westfalen\n"


def _destatis(*lines: str) -> str:
    return "\n".join([HEADER, *lines]) + "\n"


def _bad_population(value: str) -> str:
    return DUESSELDORF.replace(" 621 877", value)


CASES = {
    "latin1": (_destatis(DUESSELDORF, METTMANN).encode("latin-1"), PLZ, 2, "file", "not UTF-8"),
    "population_overflow": (_destatis(METTMANN, _bad_population("9" * 400)), PLZ, 3, "bevoelkerung", "out of range"),
    "population_huge": (_destatis(_bad_population("99999999999")), PLZ, 2, "bevoelkerung", "out of range"),
    "coordinate_999": (_destatis(DUESSELDORF.replace('"51,22422"', '"999,5"')), PLZ, 2, "breitengrad", "outside NRW"),
    "coordinate_nan": (_destatis(DUESSELDORF.replace('"6,780068"', "NaN")), PLZ, 2, "laengengrad", "not a coordinate"),
    "coordinate_exponent": (_destatis(DUESSELDORF.replace('"6,780068"', "1e999999")), PLZ, 2, "laengengrad", "not a"),
    "long_name": (
        _destatis(DUESSELDORF.replace('"Düsseldorf, Stadt"', "D" * 121)),
        PLZ,
        2,
        "gemeindename",
        "longer than 120",
    ),
    "nul_in_name": (_destatis(DUESSELDORF.replace("Düsseldorf,", "Düs\x00seldorf,")), PLZ, 2, "file", "NUL"),
    "control_in_name": (
        _destatis(DUESSELDORF.replace("Düsseldorf,", "Düs\x1bseldorf,")),
        PLZ,
        2,
        "gemeindename",
        "control",
    ),
    "semicolons": (_destatis(DUESSELDORF).replace(",", ";"), PLZ, 1, "header", "semicolons"),
    "empty": ("", PLZ, 1, "file", "empty"),
    "header_only": (HEADER + "\n", PLZ, 1, "file", "no NRW Gemeinde"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), PLZ, 3, "file", "NUL"),
    "utf16": (_destatis(DUESSELDORF).encode("utf-16"), PLZ, 1, "file", "NUL"),
    "plz_semicolons": (_destatis(DUESSELDORF), PLZ.replace(",", ";"), 1, "header", "semicolons"),
    "plz_empty": (_destatis(DUESSELDORF), "", 1, "file", "empty"),
    "plz_header_only": (_destatis(DUESSELDORF), PLZ.splitlines()[0] + "\n", 1, "file", "no NRW postcode"),
    "plz_long_place": (_destatis(DUESSELDORF), PLZ.replace(",Düsseldorf,", "," + "x" * 200 + ","), 2, "ort", "longer"),
    "plz_latin1": (_destatis(DUESSELDORF), PLZ.encode("latin-1"), 2, "file", "not UTF-8"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_exits_non_zero_with_line_and_reason_and_changes_nothing(reference_data, tmp_path, capsys, case):
    destatis, plz, line, field, reason = CASES[case]
    # A known state first: one good import.
    good_destatis, good_plz = tmp_path / "good.csv", tmp_path / "good_plz.csv"
    good_destatis.write_text(_destatis(DUESSELDORF, METTMANN), encoding="utf-8")
    good_plz.write_text(PLZ, encoding="utf-8")
    call_command("import_gemeinden", "--quiet", destatis=good_destatis, plz=good_plz)
    before = sorted(Gemeinde.objects.values_list("ags", "name", "population", "latitude", "longitude"))
    before_plz = sorted(Postleitzahl.objects.values_list("code", "gemeinde__ags", "place_name"))
    assert len(before) == 2 and before_plz

    bad_destatis, bad_plz = tmp_path / "destatis.csv", tmp_path / "plz.csv"
    for path, content in ((bad_destatis, destatis), (bad_plz, plz)):
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(CommandError) as failure:
        call_command("import_gemeinden", "--quiet", destatis=bad_destatis, plz=bad_plz)
    assert failure.value.returncode == 1 and "nothing was imported" in str(failure.value)
    err = capsys.readouterr().err
    name = bad_plz.name if case.startswith("plz_") else bad_destatis.name
    expected = f"{name}:{line}: {field}: "
    assert expected in err, err
    assert reason in err.split(expected, 1)[1].splitlines()[0], err
    assert "Traceback" not in err
    assert sorted(Gemeinde.objects.values_list("ags", "name", "population", "latitude", "longitude")) == before
    assert sorted(Postleitzahl.objects.values_list("code", "gemeinde__ags", "place_name")) == before_plz


def test_every_bad_line_is_reported_not_only_the_first(reference_data, tmp_path, capsys):
    destatis, plz = tmp_path / "d.csv", tmp_path / "p.csv"
    destatis.write_text(
        _destatis(DUESSELDORF, _bad_population("x"), METTMANN.replace('"6,978743"', '"999"')), encoding="utf-8"
    )
    plz.write_text(PLZ, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_gemeinden", "--quiet", destatis=destatis, plz=plz)
    err = capsys.readouterr().err
    assert "d.csv:3: bevoelkerung: not a whole number" in err and "d.csv:4: laengengrad: 999 lies outside NRW" in err
    assert Gemeinde.objects.count() == 0
