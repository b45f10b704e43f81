"""The NRW authority directory (`parameters/authorities.yaml`).

`load_authorities()` is imported by the Django reference-data loader: keep its signature and the field
names stable.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from lotse.rules.parameters import PARAMETER_DIR, read_yaml

AUTHORITY_FIELDS = (
    "id",
    "name",
    "kind",
    "address",
    "url",
    "phone",
    "email",
    "remit",
    "remit_en",
    "verified",
    "source",
    "note",
)


@lru_cache(maxsize=1)
def _authorities() -> tuple[dict, ...]:
    entries = read_yaml(PARAMETER_DIR / "authorities.yaml")
    return tuple({field: entry.get(field) for field in AUTHORITY_FIELDS} for entry in entries)


def load_authorities() -> list[dict]:
    """Every authority as a dict with the keys in AUTHORITY_FIELDS (a fresh copy the caller may modify)."""
    return copy.deepcopy(list(_authorities()))


@lru_cache(maxsize=1)
def authorities_by_id() -> dict[str, dict]:
    return {entry["id"]: entry for entry in _authorities()}


def authority_ref(authority_id: str) -> dict:
    """The short reference used in assessment output: id, name, url, verified."""
    entry = authorities_by_id()[authority_id]
    return {"id": entry["id"], "name": entry["name"], "url": entry["url"], "verified": entry["verified"]}
