"""Blaue Karte EU, § 18g AufenthG, with its four variants."""

from __future__ import annotations

from datetime import date

from lotse.rules.conditions import (
    ELIGIBLE,
    MET,
    NEEDS_INFORMATION,
    NOT_MET,
    UNKNOWN,
    Check,
    Context,
    status_of,
)
from lotse.rules.pathways import common
from lotse.rules.pathways.common import Outcome

ID = "eu_blue_card"
VARIANTS = ("standard", "shortage_occupation", "career_starter", "it_specialist")
_STATUS_RANK = {ELIGIBLE: 0, NEEDS_INFORMATION: 1}
# The condition that opens each special variant: when it is not met, the variant does not apply at all.
_GATES = {
    "shortage_occupation": "shortage_occupation",
    "career_starter": "degree_recent",
    "it_specialist": "it_occupation",
}


def _degree_recognised(ctx: Context) -> Check:
    basis = "§ 18g Abs. 1 S. 1 i.V.m. § 18 Abs. 3 Nr. 2 AufenthG"
    label = ("Anerkannter oder vergleichbarer Hochschulabschluss", "Recognised or comparable degree")
    level = ctx.qualification["level"]
    if level is None:
        return Check(
            "degree_recognised",
            ctx.t(*label),
            basis,
            UNKNOWN,
            ctx.t("Art der Qualifikation unbekannt.", "Qualification level unknown."),
            missing=("candidate.qualification.level",),
        )
    if level != "academic":
        return Check(
            "degree_recognised",
            ctx.t(*label),
            basis,
            NOT_MET,
            ctx.t(
                "Kein Hochschulabschluss (Ausnahme: IT-Spezialisten, § 18g Abs. 2).",
                "No university degree (exception: IT specialists, § 18g(2)).",
            ),
        )
    return common.recognition(ctx, "degree_recognised", basis, label)


def _isco_in(ctx: Context, check_id: str, parameter: str, basis: str, label: tuple[str, str]) -> Check:
    groups = ctx.params.get(parameter)
    isco = ctx.job_value("isco")
    if isco is None:
        return Check(
            check_id,
            ctx.t(*label),
            basis,
            UNKNOWN,
            ctx.t("ISCO-Code unbekannt.", "ISCO code unknown."),
            missing=("job.isco",),
        )
    group = next((g for g in groups if isco.startswith(g)), None)
    if group:
        return Check(
            check_id,
            ctx.t(*label),
            basis,
            MET,
            ctx.t(f"ISCO {isco} gehört zur Gruppe {group}.", f"ISCO {isco} is in group {group}."),
        )
    if len(isco) < 4 and any(g.startswith(isco) for g in groups):
        # A coarse code such as "22" covers both listed and unlisted groups.
        return Check(
            check_id,
            ctx.t(*label),
            basis,
            UNKNOWN,
            ctx.t(f"ISCO {isco} ist zu grob – bitte genauer angeben.", f"ISCO {isco} is too coarse."),
            missing=("job.isco",),
        )
    return Check(
        check_id,
        ctx.t(*label),
        basis,
        NOT_MET,
        ctx.t(
            f"ISCO {isco} gehört nicht zu den Gruppen {', '.join(groups)}.",
            f"ISCO {isco} is not in groups {', '.join(groups)}.",
        ),
    )


def _degree_recent(ctx: Context) -> Check:
    basis = "§ 18g Abs. 1 S. 2 Nr. 2 AufenthG"
    label = ctx.t("Abschluss höchstens 3 Jahre alt (Berufsanfänger)", "Degree at most 3 years old (career starter)")
    obtained = ctx.qualification["obtained_on"]
    if obtained is None:
        return Check(
            "degree_recent",
            label,
            basis,
            UNKNOWN,
            ctx.t("Abschlussdatum unbekannt.", "Degree date unknown."),
            missing=("candidate.qualification.obtained_on",),
        )
    try:
        limit = obtained.replace(year=obtained.year + 3)
    except ValueError:  # 29 February
        limit = date(obtained.year + 3, 3, 1)
    if ctx.as_of <= limit:
        return Check(
            "degree_recent",
            label,
            basis,
            MET,
            ctx.t(f"Abschluss vom {ctx.date(obtained)}.", f"Degree of {ctx.date(obtained)}."),
        )
    return Check(
        "degree_recent",
        label,
        basis,
        NOT_MET,
        ctx.t(
            f"Abschluss vom {ctx.date(obtained)} ist älter als 3 Jahre.",
            f"Degree of {ctx.date(obtained)} is older than 3 years.",
        ),
    )


def _it_experience(ctx: Context) -> Check:
    basis = "§ 18g Abs. 2 AufenthG"
    label = ctx.t("Mind. 3 Jahre IT-Berufserfahrung in den letzten 7 Jahren", "3 years' IT experience in last 7")
    years = ctx.candidate["experience"]["years_last_7"]
    if years is None:
        return Check(
            "it_experience",
            label,
            basis,
            UNKNOWN,
            ctx.t("Berufserfahrung unbekannt.", "Experience unknown."),
            missing=("candidate.experience.years_last_7",),
        )
    if years >= 3:
        return Check("it_experience", label, basis, MET, ctx.t(f"{years:g} Jahre.", f"{years:g} years."))
    return Check(
        "it_experience",
        label,
        basis,
        NOT_MET,
        ctx.t(f"Nur {years:g} Jahre.", f"Only {years:g} years."),
        fix=[{"field": "candidate.experience.years_last_7", "minimum": 3}],
    )


def _appropriate_employment(ctx: Context) -> Check:
    return common.job_flag(
        ctx,
        "appropriate_employment",
        "matches_qualification",
        True,
        ("Der Qualifikation angemessene Beschäftigung", "Employment appropriate to the qualification"),
        "§ 18g Abs. 1 S. 1 AufenthG",
        ("Die Stelle passt zur Qualifikation.", "The job matches the qualification."),
        ("Die Stelle passt nicht zur Qualifikation.", "The job does not match the qualification."),
        fixable=False,
    )


def _min_duration(ctx: Context) -> Check:
    basis = "§ 18g Abs. 1 S. 1 AufenthG"
    label = ctx.t("Beschäftigung mindestens 6 Monate", "Employment of at least 6 months")
    if ctx.job is None:
        return Check(
            "min_duration",
            label,
            basis,
            UNKNOWN,
            ctx.t("Kein Arbeitsvertrag.", "No contract."),
            missing=("job.duration_months",),
        )
    months = ctx.job["duration_months"]
    if months is None:
        return Check("min_duration", label, basis, MET, ctx.t("Unbefristet.", "Open-ended."))
    if months >= 6:
        return Check("min_duration", label, basis, MET, ctx.t(f"{months:g} Monate.", f"{months:g} months."))
    return Check(
        "min_duration",
        label,
        basis,
        NOT_MET,
        ctx.t(f"Nur {months:g} Monate.", f"Only {months:g} months."),
        fix=[{"field": "job.duration_months", "minimum": 6}],
    )


def _salary(ctx: Context, variant: str) -> Check:
    if variant == "standard":
        return common.salary_at_least(
            ctx,
            "salary_threshold",
            "blue_card_standard",
            "§ 18g Abs. 1 S. 1 AufenthG",
            ("Mindestgehalt", "minimum salary"),
        )
    basis = "§ 18g Abs. 2 AufenthG" if variant == "it_specialist" else "§ 18g Abs. 1 S. 2 AufenthG"
    return common.salary_at_least(
        ctx,
        "salary_threshold",
        "blue_card_reduced",
        basis,
        ("abgesenktes Mindestgehalt", "reduced minimum salary"),
    )


def _shared_checks(ctx: Context) -> dict[str, Check]:
    """Conditions that do not depend on the variant, evaluated once and shared by all four variants."""
    return {
        "job_offer": common.job_offer(ctx),
        "degree_recognised": _degree_recognised(ctx),
        "appropriate_employment": _appropriate_employment(ctx),
        "min_duration": _min_duration(ctx),
        "licence_to_practise": common.licence_to_practise(ctx),
        "no_temporary_agency_work": common.no_temporary_agency_work(ctx),
    }


def _variant_salary(ctx: Context, variant: str, shared: dict[str, Check]) -> Check:
    # shortage_occupation and career_starter test the same reduced threshold under the same paragraph.
    key = "salary_reduced_s2" if variant in ("shortage_occupation", "career_starter") else f"salary_{variant}"
    check = shared.get(key)
    if check is None:
        check = shared[key] = _salary(ctx, variant)
    return check


def _variant_checks(ctx: Context, variant: str, shared: dict[str, Check]) -> list[Check]:
    checks = [shared["job_offer"]]
    if variant == "it_specialist":
        checks.append(
            _isco_in(
                ctx,
                "it_occupation",
                "blue_card_it_isco",
                "§ 18g Abs. 2 AufenthG",
                ("IT-Beruf (ISCO-08 133 oder 25)", "IT occupation (ISCO-08 133 or 25)"),
            )
        )
        checks.append(_it_experience(ctx))
    else:
        checks.append(shared["degree_recognised"])
        if variant == "shortage_occupation":
            checks.append(
                _isco_in(
                    ctx,
                    "shortage_occupation",
                    "blue_card_shortage_isco",
                    "§ 18g Abs. 1 S. 2 Nr. 1 AufenthG",
                    ("Engpassberuf (ISCO-08-Gruppe)", "Shortage occupation (ISCO-08 group)"),
                )
            )
        elif variant == "career_starter":
            checks.append(_degree_recent(ctx))
    checks.append(_variant_salary(ctx, variant, shared))
    if variant != "it_specialist":
        checks.append(shared["appropriate_employment"])
    checks.append(shared["min_duration"])
    checks.append(shared["licence_to_practise"])
    if variant != "standard":
        checks.append(shared["no_temporary_agency_work"])
    return checks


def _rank(item: tuple[int, str, list[Check], str]) -> tuple:
    order, variant, checks, status = item
    not_met = [c for c in checks if c.result == NOT_MET]
    # A variant whose entry condition fails (a nurse is no IT specialist) is not the "closest" one: reporting it
    # would show conditions that do not belong to the case, such as three years of IT experience.
    gate_failed = any(c.id == _GATES.get(variant) for c in not_met)
    unfixable = sum(1 for c in not_met if c.fix is None)
    salary_needed = next((c.fix[0]["minimum"] for c in not_met if c.id == "salary_threshold" and c.fix), 0)
    # Among variants that are not eligible, prefer one whose suggested change alone suffices (no unknowns left).
    unknown = sum(1 for c in checks if c.result == UNKNOWN) if not_met else 0
    return (_STATUS_RANK.get(status, 2), gate_failed, unfixable, len(not_met), unknown, salary_needed, order)


def evaluate(ctx: Context) -> Outcome:
    shared = _shared_checks(ctx)
    candidates = []
    for order, name in enumerate(VARIANTS):
        variant_checks = _variant_checks(ctx, name, shared)
        candidates.append((order, name, variant_checks, status_of(variant_checks)))
    _order, variant, checks, _status = min(candidates, key=_rank)
    # Every variant's result, so the output also explains why the other variants do not apply (e.g. the reduced
    # threshold for career starters when the degree is older than 3 years).
    variants = [
        {
            "variant": name,
            "status": variant_status,
            "conditions": {check.id: check.result for check in variant_checks},
        }
        for _order, name, variant_checks, variant_status in candidates
    ]
    needs_ba = variant != "standard"
    authority_checks = []
    if needs_ba:
        authority_checks.append(
            ctx.t(
                "Zustimmung der BA: Arbeitsbedingungen wie bei vergleichbaren inländischen Beschäftigten "
                "(§ 39 Abs. 2 AufenthG)",
                "BA approval: working conditions comparable to domestic workers (§ 39(2) AufenthG)",
            )
        )
    return Outcome(
        ID,
        ctx.t("Blaue Karte EU", "EU Blue Card"),
        ["§ 18g AufenthG"],
        variant,
        checks,
        authority_checks,
        needs_ba,
        variants,
    )
