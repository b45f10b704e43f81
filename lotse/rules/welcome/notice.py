"""The § 45c notice: which "Faire Integration" office is nearest the workplace, and the notice's texts.

Distance is measured between the centres of the Gemeinden (great-circle distance): the office's street address
is not part of the reviewed data, and a rough distance is enough to choose between the NRW offices.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

from lotse.rules.localized import load_yaml, pick

DATA = Path(__file__).parent / "data"
EARTH_RADIUS_KM = 6371.0


@cache
def contacts() -> dict:
    return load_yaml(DATA / "contacts.yaml")


@cache
def texts() -> dict:
    return load_yaml(DATA / "notice.yaml")


def languages() -> list[str]:
    return [lang for lang in texts()["languages"] if lang in contacts()["languages"]]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def offices() -> list[dict]:
    return list(contacts()["faire_integration"]["offices"])


def nearest_office(latitude: float | None, longitude: float | None) -> tuple[dict, float | None]:
    """The office nearest the point and its distance in km; without a point, the first office and None."""
    candidates = offices()
    if latitude is None or longitude is None:
        return candidates[0], None
    scored = [(distance_km(latitude, longitude, o["latitude"], o["longitude"]), o) for o in candidates]
    distance, office = min(scored, key=lambda pair: pair[0])
    return office, round(distance, 1)


def office_by_id(office_id: str) -> dict | None:
    return next((office for office in offices() if office["id"] == office_id), None)


def welcome_centers_for_kreis(kreis_ags: str) -> list[dict]:
    return [center for center in contacts()["welcome_centers"] if kreis_ags in center["kreise"]]


def notice_text(lang: str) -> dict:
    """The notice's texts in `lang`: {key: text, "body": [paragraphs]}."""
    notice = texts()["notice"]
    result = {key: pick(value, lang) for key, value in notice.items() if key != "body"}
    result["body"] = [pick(paragraph, lang) for paragraph in notice["body"]]
    return result


def worker_plan_text(lang: str) -> dict:
    return {key: pick(value, lang) for key, value in texts()["worker_plan"].items()}
