"""The occupation catalogue (contract `lotse.occupations/v1`): every occupation an NRW company hires for, each
ISCO-08 unit group classified by regulation, and one search shared by the CLI, the API and the navigator.

Data (`data/*.yaml`, each entry with its source):
    isco_groups.yaml   all 436 ISCO-08 unit groups: titles, regulation none | regulated | mixed
    training.yaml      recognised training occupations (BBiG/HwO) and their competent chamber
    regulated.yaml     professions regulated by federal or NRW law, with the competent NRW body
    academic.yaml      common academic occupations (not regulated)
    jobs.yaml          common jobs without a German training occupation of their own (helpers, drivers, …)

Pure Python, no Django (like the rest of lotse.rules).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lotse.rules.authorities import authorities_by_id
from lotse.rules.occupations.search import MAX_QUERY_LENGTH, IndexedName, Query, Scorer, fold
from lotse.rules.parameters import read_yaml

DATA_DIR = Path(__file__).parent / "data"
ENTRY_FILES = ("regulated.yaml", "training.yaml", "academic.yaml", "jobs.yaml")
SCHEMA = "lotse.occupations/v1"
ISCO_SOURCE = "https://ilostat.ilo.org/methods/concepts-and-definitions/classification-occupation/"
# Kinds in the order they win a tie: a named occupation before a job description before a bare ISCO group.
KIND_RANK = {"regulated": 0, "training": 1, "academic": 2, "job": 3, "isco_group": 4}
REGULATION = ("none", "regulated", "mixed")


class SearchInputError(ValueError):
    """The search text cannot be used (empty, no letters or digits, too long)."""

    def __init__(self, code: str, message_en: str, message_de: str):
        super().__init__(message_en)
        self.code = code
        self.message_en = message_en
        self.message_de = message_de

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_de


@dataclass(frozen=True)
class IscoGroup:
    code: str
    title_de: str
    title_en: str
    regulation: str  # none | regulated | mixed
    note: str | None
    verified: bool

    @property
    def regulated(self) -> bool | None:
        return {"none": False, "regulated": True}.get(self.regulation)


@dataclass(frozen=True)
class Occupation:
    id: str
    kind: str  # training | regulated | academic | job | isco_group
    title_de: str
    title_en: str
    isco: str
    kldb: str | None
    regulated: bool | None
    regulated_note: str | None
    profession: str  # the assessment contract's profession key, else "other"
    reference_occupation: str | None
    authority: str | None  # authority id; "profession" = the profession key's own routing (by country, region…)
    qualified: bool | None  # the job needs a qualification (qualifizierte Beschäftigung); None = depends
    source: str
    verified: bool
    note: str | None = None
    names: tuple[IndexedName, ...] = field(default=(), repr=False, compare=False)

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_de


# --- gendered and alternative forms -------------------------------------------------------------------------

_SLASH = re.compile(r"(\S*?)(mann)/-frau\b|(\S+)/(in|r)\b|(\S+)/(\S+)")


def _looks_feminine(word: str) -> bool:
    word = word.rstrip(")").casefold()
    return word.endswith("in") or "frau" in word or word.endswith(("schwester", "euse", "ière"))


def gender_forms(title: str) -> list[str]:
    """'Maler/in und Lackierer/in' → ['Maler und Lackierer', 'Malerin und Lackiererin']; 'Kaufmann/-frau für X'
    → Kaufmann/Kauffrau; 'Medizinische/r Fachangestellte/r' → -r/-e forms; 'Koch/Köchin' → both words."""
    if "/" not in title:
        return []

    def pick(feminine: bool):
        def replace(match: re.Match) -> str:
            if match.group(2):
                return match.group(1) + ("frau" if feminine else "mann")
            if match.group(4) == "in":
                return match.group(3) + ("in" if feminine else "")
            if match.group(4) == "r":
                return match.group(3) + ("" if feminine else "r")
            first, second = match.group(5), match.group(6)
            if _looks_feminine(first) and not _looks_feminine(second):
                first, second = second, first
            return second if feminine else first

        return _SLASH.sub(replace, title)

    forms = []
    for form in (pick(False), pick(True)):
        form = re.sub(r"\s+", " ", form).strip()
        if form and form != title and form not in forms:
            forms.append(form)
    return forms


def _names(raw: dict) -> tuple[IndexedName, ...]:
    seen: set[tuple[str, str]] = set()
    names: list[IndexedName] = []

    def add(text: str, lang: str) -> None:
        # The plain gendered forms first: an exact match then reports "Altenpflegerin", not "Altenpfleger/in".
        for variant in (*gender_forms(text), text):
            key = (fold(variant), lang)
            if key[0] and key not in seen:
                seen.add(key)
                names.append(IndexedName.of(variant, lang))

    add(raw["de"], "de")
    for form in raw.get("forms") or ():
        add(form, "de")
    add(raw["en"], "en")
    for form in raw.get("en_forms") or ():
        add(form, "en")
    return tuple(names)


# --- loading ------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def isco_groups() -> dict[str, IscoGroup]:
    """All 436 ISCO-08 unit groups by 4-digit code."""
    raw = read_yaml(DATA_DIR / "isco_groups.yaml")
    return {
        code: IscoGroup(
            code=code,
            title_de=entry["de"],
            title_en=entry["en"],
            regulation=entry["regulation"],
            note=entry.get("note"),
            verified=bool(entry.get("verified", True)),
        )
        for code, entry in raw.items()
    }


def _occupation(raw: dict, defaults: dict, kind: str) -> Occupation:
    entry = {**defaults, **raw}
    chamber_authority = (defaults.get("chamber_authorities") or {}).get(entry.get("chamber"))
    reference = entry.get("reference", entry["de"] if kind == "training" else None)
    return Occupation(
        id=entry["id"],
        kind=kind,
        title_de=entry["de"],
        title_en=entry["en"],
        isco=str(entry["isco"]),
        kldb=str(entry["kldb"]) if entry.get("kldb") else None,
        regulated=entry.get("regulated"),
        regulated_note=entry.get("regulated_note"),
        profession=entry.get("profession") or "other",
        reference_occupation=reference,
        authority=entry.get("authority", chamber_authority),
        qualified=entry.get("qualified"),
        source=entry["source"],
        verified=bool(entry.get("verified", False)),
        note=entry.get("note"),
        names=_names(entry),
    )


def _group_occupation(group: IscoGroup) -> Occupation:
    """An ISCO unit group as a searchable entry: a job the catalogue does not name is decided by its group."""
    raw = {"de": group.title_de, "en": group.title_en}
    return Occupation(
        id=f"isco-{group.code}",
        kind="isco_group",
        title_de=group.title_de,
        title_en=group.title_en,
        isco=group.code,
        kldb=None,
        regulated=group.regulated,
        regulated_note=group.note if group.regulation != "none" else None,
        profession="other",
        reference_occupation=None,
        authority=None,
        qualified=False if group.code.startswith("9") else None,
        source=ISCO_SOURCE,
        verified=group.verified,
        names=_names(raw),
    )


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Occupation]:
    """Every entry by id: the named occupations of the data files, then the ISCO groups (`isco-NNNN`)."""
    entries: dict[str, Occupation] = {}
    for name in ENTRY_FILES:
        raw = read_yaml(DATA_DIR / name)
        defaults = raw.get("defaults") or {}
        kind = defaults.get("kind") or name.removesuffix(".yaml")
        for item in raw["entries"]:
            occupation = _occupation(item, defaults, kind)
            if occupation.id in entries:
                raise ValueError(f"occupation id {occupation.id!r} defined twice ({name})")
            entries[occupation.id] = occupation
    for group in isco_groups().values():
        entries[f"isco-{group.code}"] = _group_occupation(group)
    return entries


def occupation(occupation_id: str | None) -> Occupation | None:
    return None if occupation_id is None else catalogue().get(occupation_id)


def named_occupations() -> list[Occupation]:
    """The entries of the data files (without the ISCO groups)."""
    return [entry for entry in catalogue().values() if entry.kind != "isco_group"]


# --- regulation by ISCO code --------------------------------------------------------------------------------


@lru_cache(maxsize=512)
def isco_regulation(code: str | None) -> bool | None:
    """Regulated (True), not (False) or depends on the occupation (None), for an ISCO code of 2 to 4 digits.

    A coarse code is decided only when every unit group under it agrees."""
    if not code:
        return None
    groups = [group for group_code, group in isco_groups().items() if group_code.startswith(code)]
    values = {group.regulated for group in groups}
    if not groups or len(values) != 1:
        return None
    return values.pop()


def isco_title(code: str | None, lang: str = "de") -> str | None:
    group = isco_groups().get(code or "")
    if group is None:
        return None
    return group.title_en if lang == "en" else group.title_de


# --- search -------------------------------------------------------------------------------------------------


def _check_query(text) -> str:
    if not isinstance(text, str) or not text.strip():
        raise SearchInputError("empty", "must not be empty", "darf nicht leer sein")
    if len(text) > MAX_QUERY_LENGTH:
        raise SearchInputError(
            "too_long",
            f"must be at most {MAX_QUERY_LENGTH} characters",
            f"darf höchstens {MAX_QUERY_LENGTH} Zeichen lang sein",
        )
    if not fold(text):
        raise SearchInputError("unusable", "must contain letters or digits", "muss Buchstaben oder Ziffern enthalten")
    return text.strip()


def _authority(entry: Occupation) -> tuple[dict | None, str | None]:
    if entry.authority is None:
        return None, None
    if entry.authority == "profession":
        from lotse.rules.professions import profession

        routing = (profession(entry.profession) or {}).get("authority") or {}
        if routing.get("by") == "profession":
            authority_id = routing["id"]
        else:
            notes = {
                "qualification_level": "Hängt vom Abschluss ab (Hochschule: ZAB; Berufsausbildung: Kammer).",
                "qualification_area": "Hängt vom Staat ab, in dem die Qualifikation erworben wurde "
                "(EU oder Drittstaat).",
                "country_of_qualification": "Die Bezirksregierung richtet sich nach dem Staat, in dem die "
                "Qualifikation erworben wurde.",
                "region": "Die Bezirksregierung des Wohn- bzw. Arbeitsorts in NRW.",
            }
            return None, notes.get(routing.get("by"))
    else:
        authority_id = entry.authority
    known = authorities_by_id().get(authority_id)
    if known is None:
        return None, None
    return {"id": known["id"], "name": known["name"], "url": known["url"]}, None


def match_dict(entry: Occupation, matched: str, lang: str) -> dict:
    """One match as the contract describes it (fields may be added, none removed)."""
    authority, authority_note = _authority(entry)
    result = {
        "id": entry.id,
        "title": entry.title(lang),
        "matched": matched,
        "isco": entry.isco,
        "kldb": entry.kldb,
        "regulated": entry.regulated,
        "profession": entry.profession,
        "reference_occupation": entry.reference_occupation,
        "recognition_authority": authority,
        "source": entry.source,
        "kind": entry.kind,
        "qualified": entry.qualified,
        "verified": entry.verified,
    }
    if entry.regulated is None or entry.regulated_note:
        result["regulated_note"] = entry.regulated_note or (
            "Hängt von der Tätigkeit ab." if lang == "de" else "Depends on the work."
        )
    if authority_note:
        result["recognition_authority_note"] = authority_note
    return result


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Every word of every name of the catalogue (folded)."""
    return frozenset(word for entry in catalogue().values() for name in entry.names for word in name.words)


@lru_cache(maxsize=2048)
def _ranked(text: str, lang: str) -> tuple[tuple[str, str, int], ...]:
    query = Query.of(text)
    score = Scorer(query, _vocabulary())
    code = query.joined if query.joined.isdigit() else None
    ranked: list[tuple[tuple, str, str]] = []
    for entry in catalogue().values():
        if code is not None:
            if entry.isco == code or entry.kldb == code or (len(code) < 4 and entry.isco.startswith(code)):
                exact = entry.isco == code or entry.kldb == code
                ranked.append(
                    ((-(100 if exact else 80), 0, KIND_RANK[entry.kind], len(entry.title_de)), entry.id, code)
                )
            continue
        best: tuple[int, int] = (0, 1)  # (score, 0 if the name is in the reader's language else 1)
        matched = ""
        for name in entry.names:
            value = score(name)
            if not value:
                continue
            candidate = (value, 0 if name.lang == lang else 1)
            if candidate[0] > best[0] or (candidate[0] == best[0] and candidate[1] < best[1]):
                best, matched = candidate, name.text
                if candidate == (100, 0):
                    break
        if best[0]:
            ranked.append(((-best[0], best[1], KIND_RANK[entry.kind], len(matched)), entry.id, matched))
    ranked.sort()
    return tuple((entry_id, matched, -key[0]) for key, entry_id, matched in ranked)


def search(text, *, limit: int = 10, lang: str = "de") -> list[dict]:
    """The best matches first (at most `limit`), as contract dicts. Raises SearchInputError for unusable text."""
    text = _check_query(text)
    if lang not in ("de", "en"):
        raise ValueError("lang must be 'de' or 'en'")
    entries = catalogue()
    return [match_dict(entries[entry_id], matched, lang) for entry_id, matched, _ in _ranked(text, lang)[:limit]]


def ranked_matches(text: str, *, lang: str = "de", limit: int = 8) -> list[tuple[Occupation, str, int]]:
    """(entry, matched name, score 0–100) best first, for the navigator's own choice lists."""
    text = _check_query(text)
    entries = catalogue()
    return [(entries[entry_id], matched, value) for entry_id, matched, value in _ranked(text, lang)[:limit]]


__all__ = [
    "SCHEMA",
    "IscoGroup",
    "Occupation",
    "SearchInputError",
    "catalogue",
    "gender_forms",
    "isco_groups",
    "isco_regulation",
    "isco_title",
    "match_dict",
    "named_occupations",
    "occupation",
    "ranked_matches",
    "search",
]
