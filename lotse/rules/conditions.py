"""Condition results and the evaluation context shared by all pathway modules."""

from __future__ import annotations

from datetime import date

from lotse.rules.occupations import Occupation, isco_regulation, isco_title, occupation
from lotse.rules.parameters import ParameterSet
from lotse.rules.professions import profession
from lotse.rules.validation import LEVEL_RANK

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
ELIGIBLE, NOT_ELIGIBLE, NEEDS_INFORMATION = "eligible", "not_eligible", "needs_information"


class Check:
    """One evaluated condition.

    `fix` lists the smallest input changes that would meet it (None: no such change exists).
    """

    __slots__ = (
        "id",
        "label",
        "legal_basis",
        "result",
        "explanation",
        "missing",
        "fix",
        "unverified",
        "provisional",
        "warning",
    )

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
        provisional: tuple[str, ...] = (),
        warning: dict | None = None,
    ):
        self.id = id
        self.label = label
        self.legal_basis = legal_basis
        self.result = result
        self.explanation = explanation
        self.missing = missing
        self.fix = fix
        self.unverified = unverified
        self.provisional = provisional  # parameters carried forward (no published value for as_of yet)
        self.warning = warning  # e.g. a salary just above a provisional threshold

    def as_dict(self) -> dict:
        result = {
            "id": self.id,
            "label": self.label,
            "legal_basis": self.legal_basis,
            "result": self.result,
            "explanation": self.explanation,
        }
        if self.unverified:
            result["unverified"] = True
        if self.provisional:
            result["provisional"] = list(self.provisional)
        return result


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

    __slots__ = (
        "as_of",
        "lang",
        "params",
        "candidate",
        "qualification",
        "job",
        "profession_key",
        "profession",
        "job_occupation",
        "regulated",
        "regulated_by",
    )

    def __init__(self, data: dict, params: ParameterSet, lang: str):
        self.as_of: date = data["as_of"]
        self.lang = lang
        self.params = params
        self.candidate: dict = data["candidate"]
        self.qualification: dict = self.candidate["qualification"]
        self.job: dict | None = data["job"]
        qualification_occupation = occupation(self.qualification["occupation"])
        key = self.qualification["profession"]
        if key is None and qualification_occupation is not None:
            key = qualification_occupation.profession
        self.profession_key: str | None = key
        self.profession = profession(key)
        self.job_occupation: Occupation | None = occupation(self.job_value("occupation"))
        self.regulated, self.regulated_by = self._regulation()

    def _regulation(self) -> tuple[bool | None, str | None]:
        """Is the work regulated in Germany? The job's catalogue entry decides first, then the profession key of
        the qualification, then the job's ISCO group (a group without any regulated profession decides "no"
        even for the profession "other"). None: still open."""
        if self.job_occupation is not None and self.job_occupation.regulated is not None:
            return self.job_occupation.regulated, "job_occupation"
        if self.profession is not None and self.profession["regulated"] is not None:
            return self.profession["regulated"], "profession"
        by_isco = isco_regulation(self.job_value("isco"))
        if by_isco is not None:
            return by_isco, "isco"
        return None, None

    def isco_label(self) -> str:
        code = self.job_value("isco")
        title = isco_title(code, self.lang) if code and len(code) == 4 else None
        return f"ISCO {code}" + (f" ({title})" if title else "")

    def provisional_note(self, name: str) -> str:
        """' Vorläufig: …' when the parameter's value for as_of is carried forward, else ''."""
        entry = self.params.entry(name)
        if not entry.provisional:
            return ""
        until = self.date(entry.end)
        return self.t(
            f" Vorläufig: Für {self.as_of.year} ist noch kein amtlicher Wert veröffentlicht; "
            f"fortgeschrieben wird der bis {until} geltende Wert.",
            f" Provisional: no official value has been published for {self.as_of.year} yet; "
            f"the value in force until {until} is carried forward.",
        )

    def provisional(self, *names: str) -> tuple[str, ...]:
        return tuple(name for name in names if self.params.entry(name).provisional)

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
