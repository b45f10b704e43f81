"""Conditions that several pathways share. Each returns a Check labelled with its paragraph."""

from __future__ import annotations

from datetime import date

from lotse.rules.conditions import MET, NOT_MET, UNKNOWN, Check, Context

SALARY = "job.annual_gross_salary_eur"


def in_force(ctx: Context, pathway_id: str, basis: str) -> Check | None:
    """A not_met `in_force` check while the pathway's legal basis does not yet exist on as_of."""
    start: date | None = ctx.params.get("pathway_in_force_from").get(pathway_id)
    if start is None or ctx.as_of >= start:
        return None
    return Check(
        "in_force",
        ctx.t("Rechtsgrundlage in Kraft", "Legal basis in force"),
        basis,
        NOT_MET,
        ctx.t(f"Gilt erst ab {ctx.date(start)}.", f"Applies only from {ctx.date(start)}."),
    )


def job_offer(ctx: Context, basis: str = "§ 18 Abs. 2 Nr. 1 AufenthG", kind: str = "employment") -> Check:
    label = ctx.t("Konkretes Arbeitsplatzangebot", "Concrete job offer")
    if ctx.job is None:
        return Check(
            "job_offer",
            label,
            basis,
            NOT_MET,
            ctx.t("Es liegt noch kein Arbeitsplatzangebot vor.", "There is no job offer yet."),
            fix=[
                {
                    "field": "job",
                    "value": {"kind": kind},
                    "hint": ctx.t("Arbeitsplatzangebot einholen", "Obtain a job offer"),
                }
            ],
        )
    if ctx.job["kind"] is None:
        return Check(
            "job_offer",
            label,
            basis,
            UNKNOWN,
            ctx.t("Art des Angebots (Beschäftigung/Ausbildung) unbekannt.", "Kind of offer unknown."),
            missing=("job.kind",),
        )
    if ctx.job["kind"] != kind:
        return Check(
            "job_offer",
            label,
            basis,
            NOT_MET,
            ctx.t(
                "Das Angebot ist eine Berufsausbildung, keine Beschäftigung.",
                "The offer is vocational training, not employment.",
            ),
        )
    return Check(
        "job_offer", label, basis, MET, ctx.t("Arbeitsplatzangebot liegt vor.", "A job offer exists.")
    )


def job_flag(
    ctx: Context,
    check_id: str,
    field: str,
    wanted: bool,
    label: tuple[str, str],
    basis: str,
    met_text: tuple[str, str],
    not_met_text: tuple[str, str],
    *,
    fixable: bool = True,
) -> Check:
    """A condition on one boolean job field that must equal `wanted`."""
    path = f"job.{field}"
    value = ctx.job_value(field)
    text = ctx.t(*label)
    if value is None:
        return Check(check_id, text, basis, UNKNOWN, ctx.t("Angabe fehlt.", "Not stated."), missing=(path,))
    if value is wanted:
        return Check(check_id, text, basis, MET, ctx.t(*met_text))
    fix = [{"field": path, "value": wanted}] if fixable else None
    return Check(check_id, text, basis, NOT_MET, ctx.t(*not_met_text), fix=fix)


def qualified_employment(ctx: Context, basis: str) -> Check:
    return job_flag(
        ctx,
        "qualified_employment",
        "qualified",
        True,
        ("Qualifizierte Beschäftigung", "Qualified employment"),
        basis,
        ("Die Stelle setzt eine Qualifikation voraus.", "The job requires a qualification."),
        (
            "Die Stelle ist keine qualifizierte Beschäftigung (Helfertätigkeit).",
            "The job is not qualified employment (unskilled work).",
        ),
    )


def no_temporary_agency_work(ctx: Context) -> Check:
    return job_flag(
        ctx,
        "no_temporary_agency_work",
        "temporary_agency_work",
        False,
        ("Keine Leiharbeit", "No temporary agency work"),
        "§ 40 Abs. 1 Nr. 2 AufenthG",
        ("Keine Arbeitnehmerüberlassung.", "Not temporary agency work."),
        (
            "Bei Leiharbeit versagt die BA die Zustimmung.",
            "The BA refuses approval for temporary agency work.",
        ),
    )


def licence_to_practise(ctx: Context) -> Check:
    label = ctx.t(
        "Berufsausübungserlaubnis (reglementierter Beruf)", "Licence to practise (regulated profession)"
    )
    basis = "§ 18 Abs. 2 Nr. 3 AufenthG"
    licence = ctx.job_value("licence_to_practise")
    if ctx.regulated is False:
        return Check(
            "licence_to_practise",
            label,
            basis,
            MET,
            ctx.t("Kein reglementierter Beruf – keine Erlaubnis nötig.", "Not a regulated profession."),
        )
    if licence is True:
        return Check(
            "licence_to_practise",
            label,
            basis,
            MET,
            ctx.t("Erlaubnis erteilt oder zugesagt.", "Licence granted or promised."),
        )
    if ctx.regulated is None:
        return Check(
            "licence_to_practise",
            label,
            basis,
            UNKNOWN,
            ctx.t(
                "Ob der Beruf reglementiert ist, ist offen (Anerkennungs-Finder prüfen).",
                "Whether the profession is regulated is open (check the Anerkennungs-Finder).",
            ),
            missing=("candidate.qualification.profession", "job.licence_to_practise"),
        )
    if licence is None:
        return Check(
            "licence_to_practise",
            label,
            basis,
            UNKNOWN,
            ctx.t(
                "Reglementierter Beruf: Erlaubnis erteilt oder zugesagt?",
                "Regulated profession: licence granted or promised?",
            ),
            missing=("job.licence_to_practise",),
        )
    return Check(
        "licence_to_practise",
        label,
        basis,
        NOT_MET,
        ctx.t(
            "Reglementierter Beruf ohne erteilte oder zugesagte Erlaubnis.",
            "Regulated profession without a licence granted or promised.",
        ),
        fix=[
            {
                "field": "job.licence_to_practise",
                "value": True,
                "hint": ctx.t(
                    "Berufserlaubnis bzw. Approbation beantragen", "Apply for the licence to practise"
                ),
            }
        ],
    )


def age_45_salary(ctx: Context) -> Check:
    label = ctx.t("Ab 45 Jahren: Mindestgehalt oder Altersversorgung", "Age 45+: minimum salary or pension")
    basis = "§ 18 Abs. 2 Nr. 5 AufenthG"
    age = ctx.candidate["age"]
    if age is not None and age < 45:
        return Check("age_45_salary", label, basis, MET, ctx.t("Jünger als 45 Jahre.", "Younger than 45."))
    # Salary or pension meet the rule whatever the age, so an unknown age only matters without them.
    threshold = ctx.params.get("age_45")
    pension = ctx.candidate["adequate_pension"]
    salary = ctx.job_value("annual_gross_salary_eur")
    if pension is True:
        return Check(
            "age_45_salary",
            label,
            basis,
            MET,
            ctx.t("Angemessene Altersversorgung nachgewiesen.", "Adequate pension shown."),
        )
    if salary is not None and salary >= threshold:
        return Check(
            "age_45_salary",
            label,
            basis,
            MET,
            f"{ctx.eur(salary)} ≥ {ctx.eur(threshold)} "
            + ctx.t(f"(55 % BBG {ctx.as_of.year})", f"(55 % of BBG {ctx.as_of.year})"),
        )
    if age is None:
        return Check(
            "age_45_salary",
            label,
            basis,
            UNKNOWN,
            ctx.t(
                f"Alter unbekannt; ab 45 gilt ein Mindestgehalt von {ctx.eur(threshold)}.",
                f"Age unknown; from 45 a minimum salary of {ctx.eur(threshold)} applies.",
            ),
            missing=("candidate.age",),
        )
    missing = tuple(
        path for path, value in ((SALARY, salary), ("candidate.adequate_pension", pension)) if value is None
    )
    if missing:
        return Check(
            "age_45_salary",
            label,
            basis,
            UNKNOWN,
            ctx.t(
                f"Ab 45: Gehalt ≥ {ctx.eur(threshold)} oder Altersversorgung nötig.",
                f"Age 45+: salary ≥ {ctx.eur(threshold)} or a pension is required.",
            ),
            missing=missing,
        )
    return Check(
        "age_45_salary",
        label,
        basis,
        NOT_MET,
        ctx.t(
            f"{ctx.eur(salary)} < {ctx.eur(threshold)} und keine Altersversorgung nachgewiesen.",
            f"{ctx.eur(salary)} < {ctx.eur(threshold)} and no adequate pension shown.",
        ),
        fix=[
            {
                "field": SALARY,
                "minimum": threshold,
                "hint": ctx.t("oder angemessene Altersversorgung nachweisen", "or show an adequate pension"),
            }
        ],
    )


def salary_at_least(ctx: Context, check_id: str, parameter: str, basis: str, what: tuple[str, str]) -> Check:
    threshold = ctx.params.get(parameter)
    label = ctx.t("Mindestgehalt", "Minimum salary")
    salary = ctx.job_value("annual_gross_salary_eur")
    if salary is None:
        return Check(
            check_id,
            label,
            basis,
            UNKNOWN,
            ctx.t(
                f"Jahresbruttogehalt unbekannt; nötig sind {ctx.eur(threshold)}.",
                f"Annual gross salary unknown; {ctx.eur(threshold)} required.",
            ),
            missing=(SALARY,),
        )
    suffix = f" ({ctx.t(*what)} {ctx.as_of.year})"
    if salary >= threshold:
        return Check(check_id, label, basis, MET, f"{ctx.eur(salary)} ≥ {ctx.eur(threshold)}{suffix}")
    return Check(
        check_id,
        label,
        basis,
        NOT_MET,
        f"{ctx.eur(salary)} < {ctx.eur(threshold)}{suffix}",
        fix=[{"field": SALARY, "minimum": threshold}],
    )


def german_at_least(ctx: Context, check_id: str, level: str, basis: str) -> Check:
    label = ctx.t(f"Deutschkenntnisse mindestens {level}", f"German at least {level}")
    ok = ctx.language_at_least("german", level)
    if ok is None:
        return Check(
            check_id,
            label,
            basis,
            UNKNOWN,
            ctx.t("Deutschniveau unbekannt.", "German level unknown."),
            missing=("candidate.languages.german",),
        )
    current = ctx.candidate["languages"]["german"]
    if ok:
        return Check(check_id, label, basis, MET, f"{current} ≥ {level}")
    return Check(
        check_id,
        label,
        basis,
        NOT_MET,
        f"{current} < {level}",
        fix=[{"field": "candidate.languages.german", "minimum": level}],
    )


def foreign_qualification(ctx: Context, basis: str) -> Check:
    """Vocational qualification of at least 2 years or a degree, state-recognised in the issuing country."""
    label = ctx.t("Im Ausland staatlich anerkannte Qualifikation", "Qualification state-recognised abroad")
    q = ctx.qualification
    level = q["level"]
    if level == "none":
        return Check(
            "foreign_qualification",
            label,
            basis,
            NOT_MET,
            ctx.t("Keine Berufsqualifikation.", "No professional qualification."),
        )
    missing = []
    if level is None:
        missing.append("candidate.qualification.level")
    if q["state_recognised_abroad"] is None:
        missing.append("candidate.qualification.state_recognised_abroad")
    if level == "vocational" and q["duration_years"] is None:
        missing.append("candidate.qualification.duration_years")
    if q["state_recognised_abroad"] is False:
        return Check(
            "foreign_qualification",
            label,
            basis,
            NOT_MET,
            ctx.t("Im Ausstellungsstaat nicht staatlich anerkannt.", "Not state-recognised where issued."),
        )
    if level == "vocational" and q["duration_years"] is not None and q["duration_years"] < 2:
        return Check(
            "foreign_qualification",
            label,
            basis,
            NOT_MET,
            ctx.t("Ausbildung kürzer als 2 Jahre.", "Training shorter than 2 years."),
        )
    if missing:
        return Check(
            "foreign_qualification",
            label,
            basis,
            UNKNOWN,
            ctx.t("Angaben zur Qualifikation fehlen.", "Qualification details missing."),
            missing=missing,
        )
    what = (
        ctx.t("Hochschulabschluss", "Degree")
        if level == "academic"
        else ctx.t(
            f"Berufsausbildung ({q['duration_years']:g} Jahre)",
            f"Vocational training ({q['duration_years']:g} years)",
        )
    )
    return Check(
        "foreign_qualification",
        label,
        basis,
        MET,
        ctx.t(f"{what}, im Ausstellungsstaat staatlich anerkannt.", f"{what}, state-recognised."),
    )


def citizenship_in(ctx: Context, parameter: str, basis: str, label: tuple[str, str]) -> Check:
    states = ctx.params.get(parameter)
    citizenships = ctx.candidate["citizenships"]
    matching = [code for code in citizenships if code in states]
    if matching:
        return Check(
            "citizenship",
            ctx.t(*label),
            basis,
            MET,
            ctx.t(f"Staatsangehörigkeit {matching[0]}.", f"Citizenship {matching[0]}."),
        )
    return Check(
        "citizenship",
        ctx.t(*label),
        basis,
        NOT_MET,
        ctx.t(
            f"Staatsangehörigkeit {', '.join(citizenships)} nicht erfasst.",
            f"Citizenship {', '.join(citizenships)} not covered.",
        ),
    )


def recognition(ctx: Context, check_id: str, basis: str, label: tuple[str, str]) -> Check:
    """German recognition (vocational) or comparability (degree) of the foreign qualification."""
    path = "candidate.qualification.german_recognition"
    value = ctx.qualification["german_recognition"]
    text = ctx.t(*label)
    if value == "full":
        return Check(
            check_id, text, basis, MET, ctx.t("Anerkannt bzw. vergleichbar.", "Recognised or comparable.")
        )
    if value is None:
        return Check(
            check_id,
            text,
            basis,
            UNKNOWN,
            ctx.t("Stand der Anerkennung unbekannt.", "Recognition status unknown."),
            missing=(path,),
        )
    if value == "pending":
        return Check(
            check_id,
            text,
            basis,
            UNKNOWN,
            ctx.t("Anerkennungsverfahren läuft – Ergebnis abwarten.", "Recognition pending."),
            missing=(path,),
        )
    if value == "partial":
        return Check(
            check_id,
            text,
            basis,
            NOT_MET,
            ctx.t(
                "Teilanerkennung (Defizitbescheid): Ausgleich über § 16d AufenthG möglich.",
                "Partial recognition (deficit notice): see § 16d AufenthG.",
            ),
        )
    if value == "none":
        return Check(
            check_id,
            text,
            basis,
            NOT_MET,
            ctx.t("Gleichwertigkeit wurde abgelehnt.", "Equivalence was refused."),
        )
    # not_applied: the recognition step is the smallest change.
    if ctx.qualification["level"] == "academic" and ctx.regulated is not True:
        hint = ctx.t(
            "ZAB-Zeugnisbewertung beantragen oder anabin-Nachweis (H+ / entspricht) vorlegen",
            "Apply for a ZAB statement of comparability or show anabin H+ / 'entspricht'",
        )
    else:
        hint = ctx.t(
            "Anerkennungsverfahren (Gleichwertigkeitsfeststellung) beantragen",
            "Apply for recognition (equivalence assessment)",
        )
    return Check(
        check_id,
        text,
        basis,
        NOT_MET,
        ctx.t("Noch keine Anerkennung bzw. Vergleichbarkeit beantragt.", "Recognition not yet applied for."),
        fix=[{"field": path, "value": "full", "hint": hint}],
    )


class Outcome:
    """What a pathway module returns; the engine derives status, missing and what_would_change from it."""

    __slots__ = ("id", "title", "legal_basis", "variant", "checks", "authority_checks", "ba_required", "variants")

    def __init__(self, id, title, legal_basis, variant, checks, authority_checks, ba_required, variants=None):
        self.variants = variants  # optional list of every evaluated variant's summary (added output field)
        self.id = id
        self.title = title
        self.legal_basis = legal_basis
        self.variant = variant
        self.checks = checks
        self.authority_checks = authority_checks
        self.ba_required = ba_required
