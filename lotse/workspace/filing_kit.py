"""The filing kit of a case ("Unterlagen-Paket"): what the employer files for the accelerated procedure (§ 81a
AufenthG) — the parties of the agreement with the ZFE NRW, the data of the BA's "Erklärung zum
Beschäftigungsverhältnis" and the links to the Auslandsportal, the BA eService and the Anerkennungs-Finder.

Entered once, reused everywhere: every value is read from the case (its stored assessment), its candidates and its
organisation; nothing is typed again here. A value Lotse does not hold is a `Field` with `value=None`, shown as
"fehlt noch" with where to enter it — never guessed.

Which pathways have a kit is law (lotse.rules.planning.ACCELERATED, the statutory list of § 81a); the links and
their sources are data (data/filing_kit.yaml, each with `verified`); the authority is reference data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lotse.cases.models import Candidate, Case, CaseStep, CompanyProfile
from lotse.core.links import url_for
from lotse.reference.models import Authority, Gemeinde
from lotse.rules.occupations import isco_title
from lotse.rules.occupations import occupation as catalogue_occupation
from lotse.rules.planning import ACCELERATED

DATA_FILE = Path(__file__).resolve().parent / "data" / "filing_kit.yaml"
ZFE_SLUG = "zfe_nrw"


@lru_cache(maxsize=1)
def data() -> dict:
    with DATA_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def eligible(case: Case) -> bool:
    """The case's pathway is one the accelerated procedure (§ 81a AufenthG) covers."""
    return case.pathway in ACCELERATED


@dataclass
class Field:
    label: str
    value: str | None  # None: Lotse does not hold it ("fehlt noch")
    where: str = ""  # where to enter it, when missing
    where_url: str = ""  # the page to enter it on, for the user who may


@dataclass
class Link:
    label: str
    url: str
    hint: str
    verified: bool
    source: str


def _lang() -> str:
    return (get_language() or "de")[:2]


def _get(data: dict, path: str):
    value = data
    for key in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _yes_no(value) -> str | None:
    if value is None:
        return None
    return _("ja") if value else _("nein")


def _employer_fields(case: Case, *, adviser: bool) -> list[Field]:
    organisation = case.employer
    profile = CompanyProfile.objects.filter(organisation=organisation).first()
    where = _("Unternehmensdaten – trägt Ihre Beratung ein") if not adviser else _("Unternehmen bearbeiten")
    where_url = url_for("cases:company_edit", organisation.pk) if adviser and profile else ""
    address = ", ".join(
        part for part in [organisation.street, f"{organisation.postcode} {organisation.city}".strip()] if part
    )
    return [
        Field(_("Arbeitgeber"), organisation.name),
        Field(_("Anschrift"), address or None, where, where_url),
        Field(_("Ansprechperson"), (profile.contact_name if profile else "") or None, where, where_url),
        Field(_("E-Mail"), (profile.contact_email if profile else "") or None, where, where_url),
        Field(_("Telefon"), (profile.contact_phone if profile else "") or None, where, where_url),
    ]


def _qualification(value: str) -> str | None:
    """The candidate's qualification: the assessment's level code as words, free text as entered."""
    levels = {
        "academic": _("Hochschulabschluss"),
        "vocational": _("Berufsausbildung (mindestens zwei Jahre)"),
        "none": _("keine formale Qualifikation"),
    }
    return levels.get(value, value) or None


def _worker_fields(candidate: Candidate | None, *, adviser: bool) -> list[Field]:
    if candidate is None:
        where = _("Fachkraft im Fall anlegen – Ihre Beratung") if not adviser else _("Fall → Personen")
        return [Field(_("Fachkraft"), None, where)]
    where = _("Angaben zur Fachkraft – trägt Ihre Beratung ein") if not adviser else _("Fachkraft bearbeiten")
    where_url = url_for("cases:candidate_edit", candidate.pk) if adviser else ""
    return [
        Field(_("Vorname"), candidate.first_name or None, where, where_url),
        Field(_("Nachname"), candidate.last_name or None, where, where_url),
        Field(_("Staatsangehörigkeit"), candidate.citizenship or None, where, where_url),
        Field(_("Qualifikation"), _qualification(candidate.qualification), where, where_url),
        Field(_("E-Mail"), candidate.email or None, where, where_url),
    ]


def _job_fields(case: Case, *, adviser: bool) -> list[Field]:
    answers = case.assessment_input or {}
    lang = _lang()
    where = _("Angaben der Prüfung – Ihre Beratung ergänzt sie") if not adviser else _("Fall → Prüfung")
    where_url = url_for("cases:recheck", case.pk) if adviser else ""
    entry = catalogue_occupation(_get(answers, "job.occupation"))
    isco = _get(answers, "job.isco")
    title = entry.title(lang) if entry else isco_title(isco, lang)  # the catalogue entry, else the ISCO group
    ags = _get(answers, "job.municipality_ags")
    gemeinde = Gemeinde.objects.filter(ags=ags).first() if ags else None
    place = gemeinde.name if gemeinde else (_("Gemeindeschlüssel %(ags)s") % {"ags": ags} if ags else None)
    salary = _get(answers, "job.annual_gross_salary_eur")
    hours = _get(answers, "job.weekly_hours")
    months = _get(answers, "job.duration_months")
    return [
        Field(_("Berufsbezeichnung"), title, where, where_url),
        Field(_("Berufsgruppe (ISCO-08)"), isco or None, where, where_url),
        Field(_("Arbeitsort"), place, where, where_url),
        Field(
            _("Bruttojahresgehalt"),
            f"{formats.number_format(salary, use_l10n=True, force_grouping=True)} €" if salary else None,
            where,
            where_url,
        ),
        Field(_("Wochenarbeitszeit"), _("%(hours)s Stunden") % {"hours": hours} if hours else None, where, where_url),
        Field(
            _("Dauer des Arbeitsvertrags"),
            _("%(months)s Monate") % {"months": months} if months else None,
            where,
            where_url,
        ),
        Field(_("Tarifvertrag"), _yes_no(_get(answers, "job.employer_collective_agreement")), where, where_url),
        Field(_("Arbeitnehmerüberlassung"), _yes_no(_get(answers, "job.temporary_agency_work")), where, where_url),
        _start_field(case, adviser=adviser),
    ]


def _start_field(case: Case, *, adviser: bool) -> Field:
    """The start of employment: the case's step "work_start" (as done, else as planned)."""
    step = CaseStep.objects.filter(case=case, key="work_start").first()
    label = _("Beginn der Beschäftigung")
    if step is None or not (step.done_on or step.planned_on):
        where = _("Schritt „Arbeitsbeginn“ im Fall – Ihre Beratung plant ihn") if not adviser else _("Fall → Überblick")
        return Field(label, None, where, url_for("cases:detail", case.pk) if adviser else "")
    if step.done_on:
        return Field(label, formats.date_format(step.done_on, "SHORT_DATE_FORMAT"))
    day = formats.date_format(step.planned_on, "SHORT_DATE_FORMAT")
    return Field(label, _("%(day)s (geplant)") % {"day": day})


def _authority() -> Authority | None:
    return Authority.objects.filter(slug=ZFE_SLUG).first()


def _links(case: Case, occupation_title: str | None) -> list[Link]:
    source = data()
    lang = _lang()
    portal = source["auslandsportal"]
    category = portal["categories"].get(case.pathway) or {}
    eservice = source["ba_eservice"]
    finder = source["anerkennungs_finder"]
    return [
        Link(
            _("Auslandsportal (Visumantrag der Fachkraft)"),
            portal["url"],
            _("Visumkategorie: %(category)s") % {"category": category.get(lang) or category.get("de", "")},
            bool(portal["verified"] and category.get("verified")),
            portal["source"],
        ),
        Link(
            _("BA eService: Vorabzustimmung"),
            eservice["url"],
            _("Dort übernehmen Sie die Angaben aus Abschnitt 2."),
            bool(eservice["verified"]),
            eservice["source"],
        ),
        Link(
            _("Anerkennungs-Finder: Onlineantrag"),
            finder["url"],
            _("Suchen Sie dort den Beruf: %(occupation)s") % {"occupation": occupation_title}
            if occupation_title
            else _("Suchen Sie dort den Beruf der Fachkraft."),
            bool(finder["verified"]),
            finder["source"],
        ),
    ]


def kit(*, case: Case, adviser: bool) -> dict:
    """The filing kit of an eligible case, read through the caller's scoping: an employer sees only the
    candidates who consented to sharing (Candidate.shared_with_employer)."""
    candidates = list(Candidate.objects.filter(cases=case).order_by("pk"))
    job = _job_fields(case, adviser=adviser)
    employer = _employer_fields(case, adviser=adviser)
    fields = [*employer, *job]
    workers = [_worker_fields(c, adviser=adviser) for c in candidates] or [_worker_fields(None, adviser=adviser)]
    for worker in workers:
        fields += worker
    return {
        "authority": _authority(),
        "employer_fields": employer,
        "workers": workers,
        "job_fields": job,
        "links": _links(case, job[0].value),
        "missing": sum(1 for field in fields if field.value is None),
    }
