"""Erfahrungssäule, § 19c Abs. 2 AufenthG i.V.m. § 6 BeschV: experience instead of German recognition."""

from __future__ import annotations

from lotse.rules.conditions import MET, NOT_MET, UNKNOWN, Check, Context
from lotse.rules.pathways import common
from lotse.rules.pathways.common import Outcome

ID = "experience_based"
BASIS = "§ 19c Abs. 2 AufenthG i.V.m. § 6 BeschV"


def _experience(ctx: Context) -> Check:
    label = ctx.t("Mind. 2 Jahre Berufserfahrung in den letzten 5 Jahren", "2 years' experience in the last 5")
    years = ctx.candidate["experience"]["years_last_5"]
    if years is None:
        return Check(
            "experience_2_of_5",
            label,
            "§ 6 S. 1 BeschV",
            UNKNOWN,
            ctx.t("Berufserfahrung unbekannt.", "Experience unknown."),
            missing=("candidate.experience.years_last_5",),
        )
    if years >= 2:
        return Check(
            "experience_2_of_5",
            label,
            "§ 6 S. 1 BeschV",
            MET,
            ctx.t(f"{years:g} Jahre.", f"{years:g} years."),
        )
    return Check(
        "experience_2_of_5",
        label,
        "§ 6 S. 1 BeschV",
        NOT_MET,
        ctx.t(f"Nur {years:g} Jahre.", f"Only {years:g} years."),
        fix=[{"field": "candidate.experience.years_last_5", "minimum": 2}],
    )


def _salary_or_collective_agreement(ctx: Context) -> Check:
    """45 % of BBG, unless the employer is bound by a collective agreement and pays the tariff (S. 2)."""
    label = ctx.t("Mindestgehalt oder Tarifbindung", "Minimum salary or collective agreement")
    if ctx.job_value("employer_collective_agreement") is True:
        return Check(
            "salary_threshold",
            label,
            "§ 6 S. 2 BeschV",
            MET,
            ctx.t(
                "Tarifgebundener Arbeitgeber zahlt Tarif – keine Gehaltsschwelle.",
                "Employer bound by a collective agreement – no salary threshold.",
            ),
        )
    salary_check = common.salary_at_least(
        ctx, "salary_threshold", "experience_route", "§ 6 S. 1 BeschV", ("45 % BBG", "45 % of BBG")
    )
    salary_check.label = label
    if salary_check.result == MET:
        return salary_check
    if ctx.job_value("employer_collective_agreement") is None:
        salary_check.result = UNKNOWN
        salary_check.missing = tuple(salary_check.missing) + ("job.employer_collective_agreement",)
        salary_check.fix = None
        return salary_check
    if salary_check.fix:
        salary_check.fix[0]["hint"] = ctx.t(
            "oder tarifgebundener Arbeitgeber, der Tarif zahlt",
            "or an employer bound by a collective agreement",
        )
    return salary_check


def _it_job(ctx: Context) -> bool | None:
    """Is the job IT work (ISCO groups of `experience_it_isco`)? None while the code does not decide it."""
    isco = ctx.job_value("isco")
    if isco is None:
        return None
    groups = ctx.params.get("experience_it_isco")
    if any(isco.startswith(group) for group in groups):
        return True
    if len(isco) < 4 and any(group.startswith(isco) for group in groups):
        return None  # "2" covers IT and non-IT groups
    return False


def _qualification(ctx: Context) -> Check:
    """§ 6 S. 1 Nr. 3 BeschV: a state-recognised foreign qualification – not needed for IT workers with two years'
    experience in the last five who reach the salary minimum or are paid by a collective agreement."""
    check = common.foreign_qualification(ctx, "§ 6 S. 1 Nr. 3 BeschV")
    if check.result == MET:
        return check
    it_job = _it_job(ctx)
    basis = "§ 6 BeschV (IT-Kräfte ohne Berufsabschluss)"
    if it_job is True:
        return Check(
            check.id,
            check.label,
            basis,
            MET,
            ctx.t(
                f"IT-Tätigkeit ({ctx.isco_label()}): Ein Berufs- oder Studienabschluss muss nicht nachgewiesen "
                "werden, wenn die Berufserfahrung und das Gehalt bzw. die Tarifbindung stimmen.",
                f"IT work ({ctx.isco_label()}): no vocational qualification or degree needs to be shown if the "
                "experience and the salary or collective agreement are met.",
            ),
            unverified=not ctx.params.verified("experience_it_isco"),
        )
    if it_job is None and ctx.job is not None:
        missing = tuple(dict.fromkeys((*check.missing, "job.isco")))
        return Check(
            check.id,
            check.label,
            check.legal_basis,
            UNKNOWN,
            ctx.t(
                "Ohne Abschluss nur für IT-Tätigkeiten möglich – welche Tätigkeit es ist, ist noch offen.",
                "Without a qualification only possible for IT work – the kind of work is still open.",
            )
            if check.result == NOT_MET
            else check.explanation,
            missing=missing,
        )
    return check


def _not_regulated(ctx: Context) -> Check:
    label = ctx.t("Kein reglementierter Beruf", "Not a regulated profession")
    if ctx.regulated is None:
        return Check(
            "not_regulated",
            label,
            "§ 6 BeschV",
            UNKNOWN,
            common.regulation_open_text(ctx),
            missing=common.regulation_missing(ctx),
        )
    if ctx.regulated:
        return Check(
            "not_regulated",
            label,
            "§ 6 BeschV",
            NOT_MET,
            ctx.t("Reglementierter Beruf – Anerkennung nötig.", "Regulated profession – recognition needed."),
        )
    return Check("not_regulated", label, "§ 6 BeschV", MET, common.not_regulated_text(ctx))


def evaluate(ctx: Context) -> Outcome:
    title = ctx.t("Beschäftigung mit Berufserfahrung (Erfahrungssäule)", "Experience-based employment")
    not_in_force = common.in_force(ctx, ID, BASIS)
    if not_in_force:
        return Outcome(ID, title, [BASIS], None, [not_in_force], [], True)
    checks = [
        common.job_offer(ctx, basis="§ 19c Abs. 2 AufenthG"),
        common.qualified_employment(ctx, "§ 6 S. 1 BeschV"),
        _qualification(ctx),
        _experience(ctx),
        _salary_or_collective_agreement(ctx),
        _not_regulated(ctx),
        common.no_temporary_agency_work(ctx),
    ]
    variant = "collective_agreement" if ctx.job_value("employer_collective_agreement") is True else "salary"
    authority_checks = [
        ctx.t(
            "Zustimmung der BA: Arbeitsbedingungen wie bei vergleichbaren inländischen Beschäftigten (§ 39 AufenthG)",
            "BA approval: working conditions comparable to domestic workers (§ 39 AufenthG)",
        )
    ]
    return Outcome(ID, title, [BASIS], variant, checks, authority_checks, True)
