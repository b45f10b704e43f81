"""Conditions that several pathways share. Each returns a Check labelled with its paragraph."""

from __future__ import annotations

from datetime import date

from lotse.rules.conditions import MET, NOT_MET, UNKNOWN, Check, Context
from lotse.rules.countries import country_name

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
    return Check("job_offer", label, basis, MET, ctx.t("Arbeitsplatzangebot liegt vor.", "A job offer exists."))


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


def not_regulated_text(ctx: Context) -> str:
    """Why no licence is needed: the job's catalogue entry, the profession or the job's ISCO group says so."""
    if ctx.regulated_by == "isco":
        return ctx.t(
            f"Die Tätigkeit ({ctx.isco_label()}) umfasst keinen in Deutschland reglementierten Beruf – "
            "keine Erlaubnis nötig.",
            f"The work ({ctx.isco_label()}) includes no profession regulated in Germany – no licence needed.",
        )
    if ctx.regulated_by == "job_occupation":
        title = ctx.job_occupation.title(ctx.lang)
        return ctx.t(
            f"{title}: kein reglementierter Beruf – keine Erlaubnis nötig.",
            f"{title}: not a regulated profession – no licence needed.",
        )
    return ctx.t("Kein reglementierter Beruf – keine Erlaubnis nötig.", "Not a regulated profession.")


def regulation_open_text(ctx: Context) -> str:
    if ctx.job_value("isco"):
        return ctx.t(
            f"In {ctx.isco_label()} sind manche Berufe reglementiert, andere nicht: die genaue Tätigkeit entscheidet.",
            f"{ctx.isco_label()} holds regulated and unregulated occupations: the exact job decides.",
        )
    return ctx.t(
        "Ob der Beruf reglementiert ist, ist offen (Anerkennungs-Finder prüfen).",
        "Whether the profession is regulated is open (check the Anerkennungs-Finder).",
    )


def regulation_missing(ctx: Context) -> tuple[str, ...]:
    """The input that would decide an open regulation question: the job (its occupation), else the profession."""
    if ctx.job is not None and ctx.job_value("isco") is None:
        return ("job.isco",)
    if ctx.job is not None:
        return ("job.occupation",)
    return ("candidate.qualification.profession",)


def licence_to_practise(ctx: Context) -> Check:
    label = ctx.t("Berufsausübungserlaubnis (reglementierter Beruf)", "Licence to practise (regulated profession)")
    basis = "§ 18 Abs. 2 Nr. 3 AufenthG"
    licence = ctx.job_value("licence_to_practise")
    if ctx.regulated is False:
        return Check("licence_to_practise", label, basis, MET, not_regulated_text(ctx))
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
            regulation_open_text(ctx),
            missing=(*regulation_missing(ctx), "job.licence_to_practise"),
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
                "hint": ctx.t("Berufserlaubnis bzw. Approbation beantragen", "Apply for the licence to practise"),
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
    note = ctx.provisional_note("age_45")
    provisional = ctx.provisional("age_45")
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
            + ctx.t(f"(55 % BBG {ctx.as_of.year})", f"(55 % of BBG {ctx.as_of.year})")
            + note,
            provisional=provisional,
            warning=near_provisional_threshold(ctx, "age_45", salary, threshold),
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
            )
            + note,
            missing=("candidate.age",),
            provisional=provisional,
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
            )
            + note,
            missing=missing,
            provisional=provisional,
        )
    return Check(
        "age_45_salary",
        label,
        basis,
        NOT_MET,
        ctx.t(
            f"{ctx.eur(salary)} < {ctx.eur(threshold)} und keine Altersversorgung nachgewiesen.",
            f"{ctx.eur(salary)} < {ctx.eur(threshold)} and no adequate pension shown.",
        )
        + note,
        provisional=provisional,
        fix=[
            {
                "field": SALARY,
                "minimum": threshold,
                "hint": ctx.t("oder angemessene Altersversorgung nachweisen", "or show an adequate pension"),
            }
        ],
    )


def near_provisional_threshold(ctx: Context, parameter: str, salary: float, threshold: float) -> dict | None:
    """A warning when a salary meets a carried-forward threshold by less than the threshold has risen in one year
    before: once the new value is published, the salary may fall below it."""
    if not ctx.params.entry(parameter).provisional:
        return None
    rise = largest_yearly_rise(ctx.params.parameter(parameter))
    if rise <= 0 or salary >= threshold * (1 + rise):
        return None
    percent = f"{rise * 100:.1f}".replace(".", "," if ctx.lang == "de" else ".")
    margin = f"{(salary / threshold - 1) * 100:.1f}".replace(".", "," if ctx.lang == "de" else ".")
    return {
        "id": "salary_near_provisional_threshold",
        "parameter": parameter,
        "threshold": threshold,
        "salary": salary,
        "largest_yearly_rise": round(rise, 4),
        "message": ctx.t(
            f"Das Gehalt liegt nur {margin} % über dem fortgeschriebenen Schwellenwert von {ctx.eur(threshold)}. "
            f"Der amtliche Wert für {ctx.as_of.year} ist noch nicht veröffentlicht; stiege er wie in einem der "
            f"Vorjahre (bis zu {percent} %), reichte das Gehalt nicht mehr.",
            f"The salary is only {margin} % above the carried-forward threshold of {ctx.eur(threshold)}. The "
            f"official value for {ctx.as_of.year} is not yet published; if it rose as in earlier years (up to "
            f"{percent} %), the salary would no longer suffice.",
        ),
    }


def largest_yearly_rise(parameter) -> float:
    """The largest relative increase between consecutive published values of a numeric series."""
    values = [value.value for value in sorted(parameter.values, key=lambda value: value.start)]
    rises = [
        later / earlier - 1
        for earlier, later in zip(values, values[1:], strict=False)
        if isinstance(earlier, int | float) and isinstance(later, int | float) and earlier > 0
    ]
    return max(rises, default=0.0)


def salary_at_least(ctx: Context, check_id: str, parameter: str, basis: str, what: tuple[str, str]) -> Check:
    threshold = ctx.params.get(parameter)
    note = ctx.provisional_note(parameter)
    provisional = ctx.provisional(parameter)
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
            )
            + note,
            missing=(SALARY,),
            provisional=provisional,
        )
    suffix = f" ({ctx.t(*what)} {ctx.as_of.year})"
    if salary >= threshold:
        return Check(
            check_id,
            label,
            basis,
            MET,
            f"{ctx.eur(salary)} ≥ {ctx.eur(threshold)}{suffix}{note}",
            provisional=provisional,
            warning=near_provisional_threshold(ctx, parameter, salary, threshold),
        )
    return Check(
        check_id,
        label,
        basis,
        NOT_MET,
        f"{ctx.eur(salary)} < {ctx.eur(threshold)}{suffix}{note}",
        fix=[{"field": SALARY, "minimum": threshold}],
        provisional=provisional,
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
            ctx.t(
                f"Staatsangehörigkeit: {country_name(matching[0], 'de')}.",
                f"Citizenship: {country_name(matching[0], 'en')}.",
            ),
        )
    return Check(
        "citizenship",
        ctx.t(*label),
        basis,
        NOT_MET,
        ctx.t(
            f"Staatsangehörigkeit {', '.join(country_name(c, 'de') for c in citizenships)} nicht erfasst.",
            f"Citizenship {', '.join(country_name(c, 'en') for c in citizenships)} not covered.",
        ),
    )


def recognition(ctx: Context, check_id: str, basis: str, label: tuple[str, str]) -> Check:
    """German recognition (vocational) or comparability (degree) of the foreign qualification."""
    path = "candidate.qualification.german_recognition"
    value = ctx.qualification["german_recognition"]
    text = ctx.t(*label)
    if value == "full":
        return Check(check_id, text, basis, MET, ctx.t("Anerkannt bzw. vergleichbar.", "Recognised or comparable."))
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
