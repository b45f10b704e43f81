"""Import the NRW Gemeinden and their postcodes from the Destatis extract and the PLZ mapping.

Formats: see docs/data-sources.md. Both files are read and checked completely before anything is written, in one
transaction: bad lines are reported with file, line number, field and reason. The command loads nothing at all if
any line or either file is bad (`all_or_nothing`); the function's default loads the good lines all the same (test
fixtures with deliberately bad lines). Rows of other Länder are skipped without comment. A file that is not UTF-8,
not comma-separated, binary, empty or without a single NRW row is an error of its own (line 1 or the line found).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from lotse.core import numbers
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


DESTATIS_COLUMNS = ("satzart", "textkennzeichen", "land", "rb", "kreis", "gemeinde", "gemeindename", "bevoelkerung")
PLZ_COLUMNS = ("ags", "ort", "plz")
MAX_NAME = 120  # Gemeinde.name, Postleitzahl.place_name
MAX_POPULATION = 20_000_000  # more than any German Gemeinde; the column holds up to 2,147,483,647
# NRW lies within 50.3–52.6° N and 5.8–9.5° E; a little margin, and nothing a typo (e.g. 999) could reach.
LATITUDE = (Decimal("50"), Decimal("53"))
LONGITUDE = (Decimal("5.5"), Decimal("10"))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _BadFile(Exception):
    def __init__(self, line: int, field_name: str, message: str):
        super().__init__(message)
        self.line = line
        self.field = field_name
        self.message = message


def _text(path: Path) -> str:
    """The file as text: UTF-8 (with or without BOM), no NUL bytes, not empty."""
    raw = path.read_bytes()
    if not raw.strip():
        raise _BadFile(1, "file", "the file is empty")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise _BadFile(line, "file", "contains NUL bytes: a binary file, or not UTF-8 text (UTF-16?)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise _BadFile(
            line, "file", f"is not UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8, e.g. not as Latin-1"
        ) from None


def _rows(path: Path, columns: tuple[str, ...]) -> Iterable[tuple[int, dict]]:
    """(line number, row) of a comma-separated file whose header has `columns`."""
    reader = csv.DictReader(_text(path).splitlines(keepends=True))
    header = reader.fieldnames or []
    missing = [name for name in columns if name not in header]
    if missing:
        hint = "; the file is separated by semicolons, not commas" if header and ";" in header[0] else ""
        raise _BadFile(1, "header", f"missing column(s) {', '.join(missing)}{hint}")
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as error:
        raise _BadFile(reader.line_num, "file", f"not readable as CSV: {error}") from None


def _digits(row: dict, name: str, length: int) -> str:
    value = (row.get(name) or "").strip()
    if not re.fullmatch(rf"[0-9]{{{length}}}", value):
        raise _BadLine(name, f"expected {length} digits, got {value!r}")
    return value


def _integer(value: str, name: str) -> int | None:
    cleaned = (value or "").replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        return None
    try:
        return numbers.parse_int(cleaned, minimum=0, maximum=MAX_POPULATION, max_length=12)
    except numbers.NumberError as error:
        if error.code == "not_a_number" or cleaned.startswith(("-", "+")):
            raise _BadLine(name, f"not a whole number: {value[:40]!r}") from None
        raise _BadLine(name, f"out of range 0–{MAX_POPULATION:,}: {value[:40]!r}") from None


def _coordinate(value: str, name: str, bounds: tuple[Decimal, Decimal]) -> Decimal | None:
    cleaned = (value or "").strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        number = numbers.parse_decimal(cleaned, max_length=20)
    except numbers.NumberError:
        raise _BadLine(name, f"not a coordinate: {value[:40]!r}") from None
    if not bounds[0] <= number <= bounds[1]:
        raise _BadLine(name, f"{cleaned} lies outside NRW ({bounds[0]}–{bounds[1]})")
    return number.quantize(Decimal("0.000001"))


def _name(value: str, name: str, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise _BadLine(name, "empty")
    if len(text) > MAX_NAME:
        raise _BadLine(name, f"longer than {MAX_NAME} characters ({len(text)})")
    if _CONTROL.search(text):
        raise _BadLine(name, "contains a control character")
    return text


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
    name = _name(row.get("gemeindename"), "gemeindename", required=True)
    kind = GEMEINDE_KINDS.get((row.get("textkennzeichen") or "").strip())
    if kind is None:
        raise _BadLine("textkennzeichen", f"unknown Gemeinde type {row.get('textkennzeichen')!r}")
    postcode = (row.get("postleitzahl") or "").strip()
    if postcode and not re.fullmatch(r"[0-9]{5}", postcode):
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
        "longitude": _coordinate(row.get("laengengrad", ""), "laengengrad", LONGITUDE),
        "latitude": _coordinate(row.get("breitengrad", ""), "breitengrad", LATITUDE),
    }


def _read_gemeinden(path: Path, kreise, regions, overrides, report: ImportReport, progress) -> dict[str, dict]:
    gemeinden: dict[str, dict] = {}
    last = 1
    try:
        for line, row in progress(_rows(path, DESTATIS_COLUMNS)):
            last = line
            if row.get("land") != NRW or row.get("satzart") != SATZART_GEMEINDE:
                continue
            try:
                ags, fields = _gemeinde_fields(row, kreise, regions, overrides)
            except _BadLine as bad:
                report.errors.append(LineError(path.name, line, bad.field, bad.message))
                continue
            gemeinden[ags] = fields
    except _BadFile as bad:
        report.errors.append(LineError(path.name, bad.line, bad.field, bad.message))
        return gemeinden
    if not gemeinden and not report.errors:
        report.errors.append(LineError(path.name, last, "file", "no NRW Gemeinde in the file (Satzart 60, Land 05)"))
    return gemeinden


def _read_postcodes(path: Path, known_ags: set[str], report: ImportReport, progress) -> list[tuple[str, str, str]]:
    postcodes: dict[tuple[str, str], tuple[str, str, str]] = {}
    last = 1
    try:
        for line, row in progress(_rows(path, PLZ_COLUMNS)):
            last = line
            if not (row.get("ags") or "").startswith(NRW):
                continue
            try:
                ags = _digits(row, "ags", 8)
                code = _digits(row, "plz", 5)
                place = _name(row.get("ort"), "ort", required=False)
                if ags not in known_ags:
                    raise _BadLine("ags", f"no Gemeinde {ags} in the Destatis extract")
            except _BadLine as bad:
                report.errors.append(LineError(path.name, line, bad.field, bad.message))
                continue
            postcodes[(code, ags)] = (code, ags, place)
    except _BadFile as bad:
        report.errors.append(LineError(path.name, bad.line, bad.field, bad.message))
        return []
    if not postcodes and not any(error.file == path.name for error in report.errors):
        report.errors.append(LineError(path.name, last, "file", "no NRW postcode in the file (AGS 05…)"))
    return list(postcodes.values())


def import_gemeinden(
    destatis_csv: Path,
    plz_csv: Path,
    *,
    progress: Callable[[Iterable], Iterable] = lambda rows: rows,
    all_or_nothing: bool = False,
) -> ImportReport:
    """Load both files. Needs the Kreise (load_reference_data) first. Everything is read and checked before the
    first write; with `all_or_nothing` a single error leaves the database as it was (report.gemeinden == 0)."""
    report = ImportReport()
    kreise = {kreis.ags: kreis for kreis in Kreis.objects.select_related("arbeitsmarktregion")}
    regions = {region.slug: region for region in Arbeitsmarktregion.objects.all()}
    overrides = _split_regions()
    gemeinden = _read_gemeinden(destatis_csv, kreise, regions, overrides, report, progress)
    known = set(gemeinden) | set(Gemeinde.objects.values_list("ags", flat=True))
    postcodes = _read_postcodes(plz_csv, known, report, progress)
    if report.errors and all_or_nothing:
        return report
    with transaction.atomic():
        for ags, fields in gemeinden.items():
            Gemeinde.objects.update_or_create(ags=ags, defaults=fields)
            report.gemeinden += 1
        stored = {g.ags: g for g in Gemeinde.objects.all()}
        for code, ags, place in postcodes:
            Postleitzahl.objects.update_or_create(code=code, gemeinde=stored[ags], defaults={"place_name": place})
            report.postcodes += 1
    return report
