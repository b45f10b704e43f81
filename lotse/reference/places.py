"""The NRW places the project ships: the 396 Gemeinden and their postcodes as two CSV files in
lotse/reference/data/places/, so a fresh clone finds "Mettmann" without the official files beside it.

`lotse import-gemeinden --write-shipped` produces them from the official extracts (Destatis, PLZ mapping);
`lotse load-reference` loads them. The two files keep their sources' licences apart:

- gemeinden_nrw.csv – © Statistisches Bundesamt (Destatis), dl-de/by-2-0, with the project's Kreis and
  Arbeitsmarktregion assignment;
- plz_nrw.csv – PLZ ↔ Gemeinde, derived from © OpenStreetMap contributors (via suche-postleitzahl.org),
  Open Database License 1.0; a derived database, so it stays a separate file under ODbL.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from lotse.reference.loading import DATA_DIR
from lotse.reference.models import Arbeitsmarktregion, Gemeinde, Kreis, Postleitzahl

PLACES_DIR = DATA_DIR / "places"
GEMEINDEN_FILE = "gemeinden_nrw.csv"
PLZ_FILE = "plz_nrw.csv"

GEMEINDE_COLUMNS = [
    "ags",
    "name",
    "kind",
    "kreis_ags",
    "arbeitsmarktregion",
    "population",
    "seat_postcode",
    "latitude",
    "longitude",
]
PLZ_COLUMNS = ["plz", "ags", "place_name"]


@dataclass
class PlacesReport:
    gemeinden: int = 0
    postcodes: int = 0


def _text(value) -> str:
    return "" if value is None else str(value)


def write_places(directory: Path = PLACES_DIR) -> PlacesReport:
    """Write the Gemeinden and PLZ now in the database as the two shipped files (sorted, stable diffs)."""
    directory.mkdir(parents=True, exist_ok=True)
    report = PlacesReport()
    gemeinden = Gemeinde.objects.select_related("kreis", "arbeitsmarktregion").order_by("ags")
    with (directory / GEMEINDEN_FILE).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(GEMEINDE_COLUMNS)
        for g in gemeinden:
            writer.writerow(
                [
                    g.ags,
                    g.name,
                    g.kind,
                    g.kreis.ags,
                    g.arbeitsmarktregion.slug,
                    _text(g.population),
                    g.seat_postcode,
                    _text(g.latitude),
                    _text(g.longitude),
                ]
            )
            report.gemeinden += 1
    postcodes = Postleitzahl.objects.select_related("gemeinde").order_by("code", "gemeinde__ags")
    with (directory / PLZ_FILE).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(PLZ_COLUMNS)
        for p in postcodes:
            writer.writerow([p.code, p.gemeinde.ags, p.place_name])
            report.postcodes += 1
    return report


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def shipped_places_present(directory: Path = PLACES_DIR) -> bool:
    return (directory / GEMEINDEN_FILE).is_file() and (directory / PLZ_FILE).is_file()


@transaction.atomic
def load_places(directory: Path = PLACES_DIR) -> PlacesReport:
    """Load the shipped files (idempotent). Needs the Kreise and regions (load_reference_data) first.

    The files are the project's own output, checked by tests; a broken file fails loudly here."""
    report = PlacesReport()
    kreise = {k.ags: k for k in Kreis.objects.all()}
    regions = {r.slug: r for r in Arbeitsmarktregion.objects.all()}
    for row in _read(directory / GEMEINDEN_FILE):
        Gemeinde.objects.update_or_create(
            ags=row["ags"],
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "kreis": kreise[row["kreis_ags"]],
                "arbeitsmarktregion": regions[row["arbeitsmarktregion"]],
                "population": int(row["population"]) if row["population"] else None,
                "seat_postcode": row["seat_postcode"],
                "latitude": Decimal(row["latitude"]) if row["latitude"] else None,
                "longitude": Decimal(row["longitude"]) if row["longitude"] else None,
            },
        )
        report.gemeinden += 1
    gemeinden = {g.ags: g for g in Gemeinde.objects.all()}
    existing = set(Postleitzahl.objects.values_list("code", "gemeinde__ags"))
    new = []
    for row in _read(directory / PLZ_FILE):
        report.postcodes += 1
        if (row["plz"], row["ags"]) in existing:
            continue
        new.append(Postleitzahl(code=row["plz"], gemeinde=gemeinden[row["ags"]], place_name=row["place_name"]))
    Postleitzahl.objects.bulk_create(new)
    return report
