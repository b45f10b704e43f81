"""`lotse import-gemeinden`: reports bad lines with line number and reason; the command then loads nothing."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lotse.reference.gemeinden_import import import_gemeinden
from lotse.reference.models import Gemeinde, Postleitzahl
from tests.conftest import FIXTURES, SHARED_DATA

pytestmark = pytest.mark.django_db


def test_small_fixture_loads_good_lines_and_reports_bad_ones(small_gemeinden):
    report = small_gemeinden
    assert report.gemeinden == Gemeinde.objects.count() == 13
    problems = {(e.file, e.line, e.field) for e in report.errors}
    assert ("gemeinden_small.csv", 16, "kreis") in problems
    assert ("gemeinden_small.csv", 17, "bevoelkerung") in problems
    assert ("gemeinden_small.csv", 18, "gemeindename") in problems
    assert any(e.file == "plz_small.csv" and e.field == "plz" and "4021" in e.message for e in report.errors)
    assert any(
        e.file == "plz_small.csv" and e.field == "ags" and "05999999" in e.message for e in report.errors
    )
    assert len(report.errors) == 5


def test_fields_and_region_assignment(small_gemeinden):
    duesseldorf = Gemeinde.objects.get(ags="05111000")
    assert duesseldorf.display_name == "Düsseldorf"
    assert duesseldorf.kind == Gemeinde.Kind.KREISFREIE_STADT
    assert duesseldorf.population == 621877
    assert str(duesseldorf.latitude) == "51.224220"
    assert duesseldorf.arbeitsmarktregion.slug == "duesseldorf-kreis-mettmann"
    # The Ennepe-Ruhr-Kreis is split: Witten and Hattingen belong to Mittleres Ruhrgebiet.
    assert Gemeinde.objects.get(ags="05954036").arbeitsmarktregion.slug == "mittleres-ruhrgebiet"
    assert Gemeinde.objects.get(ags="05954016").arbeitsmarktregion.slug == "mittleres-ruhrgebiet"
    assert Gemeinde.objects.get(ags="05954032").arbeitsmarktregion.slug == "maerkische-region"


def test_other_laender_are_skipped(small_gemeinden):
    assert not Gemeinde.objects.exclude(ags__startswith="05").exists()
    assert not Postleitzahl.objects.exclude(gemeinde__ags__startswith="05").exists()


def test_import_is_idempotent(small_gemeinden):
    before = (Gemeinde.objects.count(), Postleitzahl.objects.count())
    import_gemeinden(FIXTURES / "gemeinden_small.csv", FIXTURES / "plz_small.csv")
    assert (Gemeinde.objects.count(), Postleitzahl.objects.count()) == before


def test_command_reports_lines_and_exits_non_zero(reference_data, capsys):
    with pytest.raises(CommandError) as failure:
        call_command(
            "import_gemeinden",
            "--quiet",
            destatis=FIXTURES / "gemeinden_small.csv",
            plz=FIXTURES / "plz_small.csv",
        )
    assert failure.value.returncode == 1
    assert "nothing was imported" in str(failure.value)
    output = capsys.readouterr()
    assert "gemeinden_small.csv:16: kreis: unknown Kreis 05199" in output.err
    assert Gemeinde.objects.count() == 0  # one bad line: nothing changed


def test_command_names_a_missing_file(reference_data, tmp_path):
    with pytest.raises(CommandError, match="File not found"):
        call_command("import_gemeinden", destatis=tmp_path / "nope.csv", plz=FIXTURES / "plz_small.csv")


@pytest.mark.skipif(
    not (SHARED_DATA / "de_gemeindeverzeichnis_destatis_AuszugGV4Q.csv").exists(),
    reason="the real Destatis and PLZ files are not in ../shared/data",
)
def test_real_files_give_all_396_gemeinden(reference_data):
    report = import_gemeinden(
        SHARED_DATA / "de_gemeindeverzeichnis_destatis_AuszugGV4Q.csv",
        SHARED_DATA / "de_zuordnung_plz_ort_landkreis.csv",
    )
    assert report.errors == []
    assert Gemeinde.objects.count() == 396
    assert Gemeinde.objects.filter(kind="kreisfreie_stadt").count() == 22
    assert Gemeinde.objects.values("kreis").distinct().count() == 53
    assert Postleitzahl.objects.values("code").distinct().count() == 865
    assert Gemeinde.objects.filter(postleitzahlen__isnull=True).count() == 0
    assert Gemeinde.objects.values("arbeitsmarktregion").distinct().count() == 16
