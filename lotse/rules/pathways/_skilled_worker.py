"""Shared logic of §§ 18a and 18b AufenthG: a recognised qualification and any qualified job."""

from __future__ import annotations

from lotse.rules.conditions import MET, NOT_MET, UNKNOWN, Check, Context
from lotse.rules.pathways import common
from lotse.rules.pathways.common import Outcome

_WRONG_LEVEL = {
    "vocational": ("Hochschulabschluss: Weg über § 18b AufenthG.", "University degree: see § 18b AufenthG."),
    "academic": ("Berufsausbildung: Weg über § 18a AufenthG.", "Vocational training: see § 18a AufenthG."),
}


def _level(ctx: Context, check_id: str, wanted: str, basis: str, label: tuple[str, str]) -> Check:
    level = ctx.qualification["level"]
    if level is None:
        return Check(
            check_id,
            ctx.t(*label),
            basis,
            UNKNOWN,
            ctx.t("Art der Qualifikation unbekannt.", "Qualification level unknown."),
            missing=("candidate.qualification.level",),
        )
    if level == wanted:
        return Check(
            check_id, ctx.t(*label), basis, MET, ctx.t("Qualifikation passt.", "Qualification fits.")
        )
    if level == "none":
        return Check(
            check_id, ctx.t(*label), basis, NOT_MET, ctx.t("Keine Qualifikation.", "No qualification.")
        )
    return Check(check_id, ctx.t(*label), basis, NOT_MET, ctx.t(*_WRONG_LEVEL[level]))


def evaluate_skilled_worker(
    ctx: Context, pathway_id: str, level: str, paragraph: str, title: tuple[str, str]
) -> Outcome:
    if level == "vocational":
        level_check = _level(
            ctx,
            "vocational_qualification",
            "vocational",
            f"{paragraph} i.V.m. § 18 Abs. 3 Nr. 1 AufenthG",
            ("Ausländische Berufsausbildung", "Foreign vocational qualification"),
        )
        recognition_label = ("Gleichwertigkeit festgestellt", "Equivalence established")
    else:
        level_check = _level(
            ctx,
            "academic_qualification",
            "academic",
            f"{paragraph} i.V.m. § 18 Abs. 3 Nr. 2 AufenthG",
            ("Ausländischer Hochschulabschluss", "Foreign university degree"),
        )
        recognition_label = ("Abschluss anerkannt oder vergleichbar", "Degree recognised or comparable")
    checks = [
        common.job_offer(ctx),
        level_check,
        common.recognition(ctx, "recognition", "§ 18 Abs. 2 Nr. 4 AufenthG", recognition_label),
        common.qualified_employment(ctx, paragraph),
        common.licence_to_practise(ctx),
        common.age_45_salary(ctx),
        common.no_temporary_agency_work(ctx),
    ]
    authority_checks = [
        ctx.t(
            "Zustimmung der BA: Arbeitsbedingungen und ortsübliches Gehalt (§ 39 Abs. 2 AufenthG)",
            "BA approval: working conditions and locally usual pay (§ 39(2) AufenthG)",
        )
    ]
    return Outcome(pathway_id, ctx.t(*title), [paragraph], None, checks, authority_checks, True)
