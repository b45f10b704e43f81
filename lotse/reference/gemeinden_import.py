"""Import the NRW Gemeinden and their postcodes from the Destatis extract and the PLZ mapping.

Formats: see docs/data-sources.md. Bad lines are reported with file, line number, field and reason; the good
lines are loaded all the same. Rows of other Länder are skipped without comment.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from lotse.reference.loading import read_data_file
from lotse.reference.models import Arbeitsmarktregion, Gemeinde, Kreis, Postleitzahl

NRW = "05"
SATZART_GEMEINDE = "60"
GEMEINDE_KINDS = {
    "61": Gemeinde.Kind.KREISFREIE_STADT,
    "63": Gemeinde.Kind.STADT,
    "64": Gemeinde.Kind.GEMEINDE,
}


@dataclass(frozen=True)
class LineError:
    file: str
    line: int
    field: str
    message: str

    def __str__(self):
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


@dataclass
class ImportReport:
    gemeinden: int = 0
    postcodes: int = 0
    errors: list[LineError] = field(default_factory=list)


class _BadLine(Exception):
    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message


def _rows(path: Path) -> Iterable[tuple[int, dict]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            yield reader.line_num, row


def _digits(row: dict, name: str, length: int) -> str:
    value = (row.get(name) or "").strip()
    if not re.fullmatch(rf"\d{{{length}}}", value):
        raise _BadLine(name, f"expected {length} digits, got {value!r}")
    return value


def _integer(value: str, name: str) -> int | None:
    cleaned = (value or "").replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        return None
    if not cleaned.isdigit():
        raise _BadLine(name, f"not a whole number: {value!r}")
    return int(cleaned)


def _coordinate(value: str, name: str) -> Decimal | None:
    cleaned = (value or "").strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        return Decimal(cleaned).quantize(Decimal("0.000001"))
    except InvalidOperation:
        raise _BadLine(name, f"not a coordinate: {value!r}") from None


def _split_regions() -> dict[str, str]:
    """Gemeinden whose region differs from their Kreis's (Ennepe-Ruhr-Kreis), from kreise.yaml."""
    overrides = {}
    for kreis in read_data_file("kreise.yaml"):
        for exception in kreis.get("split") or []:
            overrides[exception["gemeinde_ags"]] = exception["arbeitsmarktregion"]
    return overrides


def _gemeinde_fields(
    row: dict, kreise: dict[str, Kreis], regions: dict[str, Arbeitsmarktregion], overrides: dict[str, str]
) -> tuple[str, dict]:
    rb = _digits(row, "rb", 1)
    kreis_key = _digits(row, "kreis", 2)
    gemeinde_key = _digits(row, "gemeinde", 3)
    kreis_ags = f"{NRW}{rb}{kreis_key}"
    kreis = kreise.get(kreis_ags)
    if kreis is None:
        raise _BadLine("kreis", f"unknown Kreis {kreis_ags}")
    name = (row.get("gemeindename") or "").strip()
    if not name:
        raise _BadLine("gemeindename", "empty")
    kind = GEMEINDE_KINDS.get((row.get("textkennzeichen") or "").strip())
    if kind is None:
        raise _BadLine("textkennzeichen", f"unknown Gemeinde type {row.get('textkennzeichen')!r}")
    postcode = (row.get("postleitzahl") or "").strip()
    if postcode and not re.fullmatch(r"\d{5}", postcode):
        raise _BadLine("postleitzahl", f"expected 5 digits, got {postcode!r}")
    ags = kreis_ags + gemeinde_key
    region_slug = overrides.get(ags)
    return ags, {
        "name": name,
        "kind": kind,
        "kreis": kreis,
        "arbeitsmarktregion": regions[region_slug] if region_slug else kreis.arbeitsmarktregion,
        "population": _integer(row.get("bevoelkerung", ""), "bevoelkerung"),
        "seat_postcode": postcode,
        "longitude": _coordinate(row.get("laengengrad", ""), "laengengrad"),
        "latitude": _coordinate(row.get("breitengrad", ""), "breitengrad"),
    }


def import_gemeinden(
    destatis_csv: Path, plz_csv: Path, *, progress: Callable[[Iterable], Iterable] = lambda rows: rows
) -> ImportReport:
    """Load both files. Needs the Kreise (load_reference_data) first."""
    report = ImportReport()
    kreise = {kreis.ags: kreis for kreis in Kreis.objects.select_related("arbeitsmarktregion")}
    regions = {region.slug: region for region in Arbeitsmarktregion.objects.all()}
    overrides = _split_regions()

    with transaction.atomic():
        for line, row in progress(_rows(destatis_csv)):
            if row.get("land") != NRW or row.get("satzart") != SATZART_GEMEINDE:
                continue
            try:
                ags, fields = _gemeinde_fields(row, kreise, regions, overrides)
            except _BadLine as bad:
                report.errors.append(LineError(destatis_csv.name, line, bad.field, bad.message))
                continue
            Gemeinde.objects.update_or_create(ags=ags, defaults=fields)
            report.gemeinden += 1

        gemeinden = {g.ags: g for g in Gemeinde.objects.all()}
        for line, row in progress(_rows(plz_csv)):
            if not (row.get("ags") or "").startswith(NRW):
                continue
            try:
                ags = _digits(row, "ags", 8)
                code = _digits(row, "plz", 5)
                gemeinde = gemeinden.get(ags)
                if gemeinde is None:
                    raise _BadLine("ags", f"no Gemeinde {ags} in the Destatis extract")
            except _BadLine as bad:
                report.errors.append(LineError(plz_csv.name, line, bad.field, bad.message))
                continue
            Postleitzahl.objects.update_or_create(
                code=code, gemeinde=gemeinde, defaults={"place_name": (row.get("ort") or "").strip()}
            )
            report.postcodes += 1
    return report
