"""Anerkennungsmaßnahmen nach Defizitbescheid, § 16d Abs. 1 AufenthG."""

from __future__ import annotations

from lotse.rules.conditions import MET, NOT_MET, UNKNOWN, Check, Context
from lotse.rules.pathways import common
from lotse.rules.pathways.common import Outcome

ID = "recognition_measures"
BASIS = "§ 16d Abs. 1 AufenthG"


def _deficit_notice(ctx: Context) -> Check:
    label = ctx.t("Defizitbescheid (teilweise Gleichwertigkeit)", "Deficit notice (partial equivalence)")
    path = "candidate.qualification.german_recognition"
    value = ctx.qualification["german_recognition"]
    if ctx.qualification["level"] == "none":
        return Check(
            "deficit_notice",
            label,
            BASIS,
            NOT_MET,
            ctx.t(
                "Keine ausländische Berufsqualifikation – es gibt nichts, das anerkannt werden könnte.",
                "No foreign professional qualification – there is nothing to recognise.",
            ),
        )
    if value == "partial":
        return Check(
            "deficit_notice",
            label,
            BASIS,
            MET,
            ctx.t("Bescheid stellt Ausgleichsbedarf fest.", "Notice finds substantial differences."),
        )
    if value in (None, "pending"):
        # Without a qualification there is nothing to recognise: the level comes first.
        level_open = ("candidate.qualification.level",) if ctx.qualification["level"] is None else ()
        return Check(
            "deficit_notice",
            label,
            BASIS,
            UNKNOWN,
            ctx.t("Ergebnis der Anerkennung offen.", "Recognition result open."),
            missing=(*level_open, path),
        )
    if value == "full":
        return Check(
            "deficit_notice",
            label,
            BASIS,
            NOT_MET,
            ctx.t("Bereits voll anerkannt – Weg über § 18a/§ 18b.", "Already fully recognised – see § 18a/18b."),
        )
    if value == "not_applied":
        return Check(
            "deficit_notice",
            label,
            BASIS,
            NOT_MET,
            ctx.t("Noch kein Anerkennungsverfahren.", "No recognition procedure yet."),
            fix=[
                {
                    "field": path,
                    "value": "partial",
                    "hint": ctx.t(
                        "Anerkennungsverfahren beantragen; ein Defizitbescheid öffnet diesen Weg",
                        "Apply for recognition; a deficit notice opens this pathway",
                    ),
                }
            ],
        )
    return Check("deficit_notice", label, BASIS, NOT_MET, ctx.t("Gleichwertigkeit abgelehnt.", "Equivalence refused."))


def _measure(ctx: Context) -> Check:
    label = ctx.t("Platz in einer Anpassungs- oder Ausgleichsmaßnahme", "Place in an adaptation/compensation measure")
    path = "candidate.qualification.measure_confirmed"
    value = ctx.qualification["measure_confirmed"]
    if value is None:
        return Check(
            "qualification_measure",
            label,
            BASIS,
            UNKNOWN,
            ctx.t("Angabe fehlt.", "Not stated."),
            missing=(path,),
        )
    if value:
        return Check("qualification_measure", label, BASIS, MET, ctx.t("Maßnahme bestätigt.", "Measure confirmed."))
    return Check(
        "qualification_measure",
        label,
        BASIS,
        NOT_MET,
        ctx.t("Keine Maßnahme bestätigt.", "No measure confirmed."),
        fix=[{"field": path, "value": True}],
    )


def evaluate(ctx: Context) -> Outcome:
    checks = [_deficit_notice(ctx), _measure(ctx), common.german_at_least(ctx, "german_a2", "A2", BASIS)]
    in_company = ctx.job is not None and ctx.job["kind"] == "employment"
    authority_checks = [
        ctx.t(
            "Zustimmung der BA, wenn die Maßnahme überwiegend betrieblich durchgeführt wird (§ 16d Abs. 1 AufenthG)",
            "BA approval if the measure takes place mainly in a company (§ 16d(1) AufenthG)",
        )
    ]
    return Outcome(
        ID,
        ctx.t("Maßnahmen zur Anerkennung", "Recognition measures"),
        [BASIS],
        None,
        checks,
        authority_checks,
        in_company,
    )
