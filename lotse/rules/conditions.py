"""Condition results and the evaluation context shared by all pathway modules."""

from __future__ import annotations

from datetime import date

from lotse.rules.parameters import ParameterSet
from lotse.rules.professions import profession
from lotse.rules.validation import LEVEL_RANK

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
ELIGIBLE, NOT_ELIGIBLE, NEEDS_INFORMATION = "eligible", "not_eligible", "needs_information"


class Check:
    """One evaluated condition.

    `fix` lists the smallest input changes that would meet it (None: no such change exists).
    """

    __slots__ = ("id", "label", "legal_basis", "result", "explanation", "missing", "fix", "unverified")

    def __init__(
        self,
        id: str,
        label: str,
        legal_basis: str,
        result: str,
        explanation: str,
        *,
        missing: tuple[str, ...] | list[str] = (),
        fix: list[dict] | None = None,
        unverified: bool = False,
    ):
        self.id = id
        self.label = label
        self.legal_basis = legal_basis
        self.result = result
        self.explanation = explanation
        self.missing = missing
        self.fix = fix
        self.unverified = unverified

    def as_dict(self) -> dict:
        if self.unverified:
            return {
                "id": self.id,
                "label": self.label,
                "legal_basis": self.legal_basis,
                "result": self.result,
                "explanation": self.explanation,
                "unverified": True,
            }
        return {
            "id": self.id,
            "label": self.label,
            "legal_basis": self.legal_basis,
            "result": self.result,
            "explanation": self.explanation,
        }


def status_of(checks: list[Check]) -> str:
    """Contract semantics: any not_met → not_eligible; else any unknown → needs_information; else eligible."""
    results = {check.result for check in checks}
    if NOT_MET in results:
        return NOT_ELIGIBLE
    if UNKNOWN in results:
        return NEEDS_INFORMATION
    return ELIGIBLE


_EUR_CACHE: dict[tuple[float, str], str] = {}


class Context:
    """The normalised input of one assessment plus the parameters in force and the output language."""

    __slots__ = ("as_of", "lang", "params", "candidate", "qualification", "job", "profession", "regulated")

    def __init__(self, data: dict, params: ParameterSet, lang: str):
        self.as_of: date = data["as_of"]
        self.lang = lang
        self.params = params
        self.candidate: dict = data["candidate"]
        self.qualification: dict = self.candidate["qualification"]
        self.job: dict | None = data["job"]
        self.profession = profession(self.qualification["profession"])
        self.regulated: bool | None = None if self.profession is None else self.profession["regulated"]

    def t(self, german: str, english: str) -> str:
        return english if self.lang == "en" else german

    def eur(self, amount: float) -> str:
        """50.700 € / 45.934,20 € in German; €50,700 / €45,934.20 in English (memoised: thresholds repeat)."""
        key = (amount, self.lang)
        try:
            return _EUR_CACHE[key]
        except KeyError:
            pass
        cents = round(amount * 100)
        text = f"{cents // 100:,}" if cents % 100 == 0 else f"{cents / 100:,.2f}"
        if self.lang == "en":
            text = f"€{text}"
        else:
            text = text.replace(",", "\0").replace(".", ",").replace("\0", ".") + " €"
        if len(_EUR_CACHE) < 100_000:
            _EUR_CACHE[key] = text
        return text

    def date(self, day: date) -> str:
        if self.lang == "en":
            return day.isoformat()
        return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"

    def job_value(self, field: str):
        return None if self.job is None else self.job[field]

    def language_at_least(self, language: str, level: str) -> bool | None:
        value = self.candidate["languages"][language]
        return None if value is None else LEVEL_RANK[value] >= LEVEL_RANK[level]
