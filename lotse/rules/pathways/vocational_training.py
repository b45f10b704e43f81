"""Berufsausbildung, § 16a AufenthG."""

from __future__ import annotations

from lotse.rules.conditions import MET, NOT_MET, UNKNOWN, Check, Context
from lotse.rules.pathways.common import Outcome

ID = "vocational_training"
BASIS = "§ 16a AufenthG"


def _training_place(ctx: Context) -> Check:
    label = ctx.t("Ausbildungsplatz in Deutschland", "Training place in Germany")
    basis = "§ 16a Abs. 1 S. 1 AufenthG"
    if ctx.job is None:
        return Check(
            "training_place",
            label,
            basis,
            NOT_MET,
            ctx.t("Kein Ausbildungsvertrag.", "No training contract."),
            fix=[{"field": "job.kind", "value": "vocational_training"}],
        )
    if ctx.job["kind"] is None:
        return Check(
            "training_place",
            label,
            basis,
            UNKNOWN,
            ctx.t("Art des Angebots unbekannt.", "Offer kind unknown."),
            missing=("job.kind",),
        )
    if ctx.job["kind"] == "vocational_training":
        return Check(
            "training_place", label, basis, MET, ctx.t("Ausbildungsvertrag liegt vor.", "Training contract.")
        )
    return Check(
        "training_place",
        label,
        basis,
        NOT_MET,
        ctx.t("Das Angebot ist eine Beschäftigung, keine Ausbildung.", "The offer is employment."),
    )


def _german(ctx: Context) -> Check:
    label = ctx.t("Deutschkenntnisse für die Ausbildung (B1)", "German for the training (B1)")
    basis = "§ 16a Abs. 3 AufenthG"
    b1 = ctx.language_at_least("german", "B1")
    if b1:
        return Check("german_language", label, basis, MET, ctx.t("Mindestens B1.", "At least B1."))
    arranged = ctx.job_value("training_language_arranged")
    if arranged:
        return Check(
            "german_language",
            label,
            basis,
            MET,
            ctx.t(
                "Sprachkenntnisse vom Ausbildungsbetrieb geprüft oder Vorbereitungskurs geplant.",
                "German checked by the training provider or a preparatory course planned.",
            ),
        )
    missing = [
        p
        for p, v in (("candidate.languages.german", b1), ("job.training_language_arranged", arranged))
        if v is None
    ]
    if missing:
        return Check(
            "german_language",
            label,
            basis,
            UNKNOWN,
            ctx.t(
                "B1 nötig, außer der Betrieb prüft die Sprache oder ein Vorbereitungskurs ist geplant.",
                "B1 needed unless the provider checks German or a preparatory course is planned.",
            ),
            missing=missing,
        )
    return Check(
        "german_language",
        label,
        basis,
        NOT_MET,
        ctx.t(
            "Unter B1 und keine Prüfung durch den Betrieb bzw. kein Vorbereitungskurs.",
            "Below B1 and no provider check or preparatory course.",
        ),
        fix=[
            {
                "field": "candidate.languages.german",
                "minimum": "B1",
                "hint": ctx.t(
                    "oder Sprachprüfung durch den Betrieb / Vorbereitungskurs",
                    "or a provider language check / preparatory course",
                ),
            }
        ],
    )


def evaluate(ctx: Context) -> Outcome:
    authority_checks = [
        ctx.t(
            "Zustimmung der BA, bei betrieblicher Ausbildung mit Vorrangprüfung "
            "(§ 16a Abs. 1, § 39 AufenthG)",
            "BA approval, for in-company training with priority check (§ 16a(1), § 39 AufenthG)",
        ),
        ctx.t(
            "Lebensunterhalt gesichert, z. B. durch die Ausbildungsvergütung (§ 5 Abs. 1 Nr. 1 AufenthG)",
            "Living costs secured, e.g. by the training pay (§ 5(1) no. 1 AufenthG)",
        ),
    ]
    return Outcome(
        ID,
        ctx.t("Berufsausbildung", "Vocational training"),
        [BASIS],
        None,
        [_training_place(ctx), _german(ctx)],
        authority_checks,
        True,
    )
