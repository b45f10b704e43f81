"""The NRW places shipped in lotse/reference/data/places/: complete, equal to a fresh import of the official files,
loaded by `lotse load-reference`, and enough for a clone of the repository alone to find "Mettmann" and "40822"."""

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from lotse.reference.gemeinden_import import import_gemeinden
from lotse.reference.lookup import find_place
from lotse.reference.models import Gemeinde, Postleitzahl
from lotse.reference.places import GEMEINDEN_FILE, PLACES_DIR, PLZ_FILE, load_places, write_places
from tests.conftest import SHARED_DATA

ROOT = Path(__file__).resolve().parents[2]
RA_DUESSELDORF = "Düsseldorf/Kreis Mettmann"


def rows(name):
    with (PLACES_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_shipped_files_hold_all_396_gemeinden_with_kreis_region_and_plz():
    gemeinden, postcodes = rows(GEMEINDEN_FILE), rows(PLZ_FILE)
    assert len(gemeinden) == len({g["ags"] for g in gemeinden}) == 396
    assert all(g["ags"].startswith("05") and len(g["ags"]) == 8 for g in gemeinden)
    assert len({g["kreis_ags"] for g in gemeinden}) == 53
    assert len({g["arbeitsmarktregion"] for g in gemeinden}) == 16
    assert sum(g["kind"] == "kreisfreie_stadt" for g in gemeinden) == 22
    assert len(postcodes) == 872 and len({p["plz"] for p in postcodes}) == 865
    assert {p["ags"] for p in postcodes} == {g["ags"] for g in gemeinden}  # every Gemeinde has a PLZ
    # The two licences stay apart: the ODbL file carries no Destatis columns and the other way round.
    assert list(postcodes[0]) == ["plz", "ags", "place_name"]
    assert "plz" not in gemeinden[0]
    assert "ODbL-1.0" in (PLACES_DIR / f"{PLZ_FILE}.license").read_text()
    assert "DL-DE-BY-2.0" in (PLACES_DIR / f"{GEMEINDEN_FILE}.license").read_text()


@pytest.mark.django_db
def test_shipped_places_load_and_resolve_mettmann(reference_data):
    report = load_places()
    assert (report.gemeinden, report.postcodes) == (396, 872)
    assert Gemeinde.objects.count() == 396 and Postleitzahl.objects.count() == 872
    for query in ("Mettmann", "40822"):
        placement = find_place(query).placement
        assert placement.gemeinde.ags == "05158024"
        assert placement.kreis.short_name == "Kreis Mettmann" or placement.kreis.ags == "05158"
        assert placement.region.name == RA_DUESSELDORF
    # Split Kreis: Witten belongs to Mittleres Ruhrgebiet, not to the Märkische Region of its Kreis.
    assert find_place("Witten").placement.region.slug == "mittleres-ruhrgebiet"
    load_places()  # idempotent
    assert Gemeinde.objects.count() == 396 and Postleitzahl.objects.count() == 872


@pytest.mark.skipif(
    not (SHARED_DATA / "de_gemeindeverzeichnis_destatis_AuszugGV4Q.csv").exists(),
    reason="the official Destatis and PLZ files are not in ../shared/data",
)
@pytest.mark.django_db
def test_shipped_files_equal_a_fresh_import_of_the_official_files(reference_data, tmp_path):
    report = import_gemeinden(
        SHARED_DATA / "de_gemeindeverzeichnis_destatis_AuszugGV4Q.csv",
        SHARED_DATA / "de_zuordnung_plz_ort_landkreis.csv",
    )
    assert report.errors == []
    write_places(tmp_path)
    for name in (GEMEINDEN_FILE, PLZ_FILE):
        assert (tmp_path / name).read_bytes() == (PLACES_DIR / name).read_bytes(), name


@pytest.mark.django_db
def test_load_reference_loads_places_once_and_keeps_an_operators_import(small_gemeinden, capsys):
    # small_gemeinden stands for an operator's own import: load-reference leaves it alone.
    call_command("load_reference")
    assert Gemeinde.objects.count() == 13
    assert "nicht erneut geladen" in capsys.readouterr().out
    call_command("load_reference", reload_places=True)
    assert Gemeinde.objects.count() == 396


@pytest.mark.django_db
def test_import_writes_the_shipped_files_only_after_a_complete_import(reference_data, tmp_path):
    from django.core.management.base import CommandError

    from tests.conftest import FIXTURES

    with pytest.raises(CommandError):
        call_command(
            "import_gemeinden",
            "--quiet",
            destatis=FIXTURES / "gemeinden_small.csv",
            plz=FIXTURES / "plz_small.csv",
            write_shipped=tmp_path,
        )
    assert not (tmp_path / GEMEINDEN_FILE).exists()


def _clone_environment(clone: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "LOTSE_", "DJANGO_"))}
    env.update(DEBUG="1", PYTHONPATH=str(clone))
    return env


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("make") is None, reason="needs git and make")
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout")
def test_a_clone_of_the_repository_alone_finds_mettmann(tmp_path):
    """git clone into an empty folder (nothing beside it, no network), SQLite, `make reference-data`: the region
    finder page answers "Mettmann" and "40822" with the Regionalagentur Düsseldorf/Kreis Mettmann."""
    clone = tmp_path / "lotse"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    assert not (tmp_path / "shared").exists()
    env = _clone_environment(clone)
    python = sys.executable

    def run(*args):
        result = subprocess.run(args, cwd=clone, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    run(python, "-m", "lotse.cli", "migrate", "--noinput", "-v0")
    loaded = run("make", "--no-print-directory", "reference-data", f"PY={python}")
    assert "396 Gemeinden und 872 PLZ-Zuordnungen" in loaded
    script = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'lotse.settings'); django.setup()\n"
        "import lotse; from django.conf import settings; from django.test import Client\n"
        "assert lotse.__file__.startswith(os.getcwd()), lotse.__file__\n"
        "print(settings.DATABASES['default']['ENGINE'])\n"
        "for q in ('Mettmann', '40822'):\n"
        f"    page = Client().get('{reverse('find_region')}', {{'q': q}}, HTTP_HOST='localhost',\n"
        "                        HTTP_ACCEPT_LANGUAGE='de')\n"
        "    assert page.status_code == 200, page.status_code\n"
        "    print('=== ' + q); print(page.content.decode())\n"
    )
    output = run(python, "-c", script)
    assert output.startswith("django.db.backends.sqlite3")
    pages = dict(part.split("\n", 1) for part in output.split("=== ")[1:])
    assert set(pages) == {"Mettmann", "40822"}
    for page in pages.values():
        assert "Ihre Regionalagentur: Regionalagentur Düsseldorf - Kreis Mettmann" in page
        assert "Mettmann (Kreis Mettmann)" in page
    assert (clone / "db.sqlite3").exists()
