"""Anerkennungspartnerschaft, § 16d Abs. 3 AufenthG: work first, recognition after entry."""

from __future__ import annotations

from lotse.rules.conditions import MET, NOT_MET, UNKNOWN, Check, Context
from lotse.rules.pathways import common
from lotse.rules.pathways.common import Outcome

ID = "recognition_partnership"
BASIS = "§ 16d Abs. 3 AufenthG"


def _qualified_employment(ctx: Context) -> Check:
    if ctx.regulated is True:
        # In regulated professions helper work is allowed until the licence is granted.
        return Check(
            "qualified_employment",
            ctx.t("Qualifizierte Beschäftigung", "Qualified employment"),
            BASIS,
            MET,
            ctx.t(
                "Reglementierter Beruf: bis zur Erlaubnis auch Helfertätigkeit zulässig.",
                "Regulated profession: helper work allowed until the licence is granted.",
            ),
        )
    return common.qualified_employment(ctx, BASIS)


def _recognition_outstanding(ctx: Context) -> Check:
    """The partnership exists to obtain recognition after entry; with recognition granted it is pointless."""
    label = ctx.t("Anerkennung steht noch aus", "Recognition still outstanding")
    value = ctx.qualification["german_recognition"]
    if value == "full":
        return Check(
            "recognition_outstanding",
            label,
            BASIS,
            NOT_MET,
            ctx.t(
                "Anerkennung liegt bereits vor – Weg über § 18a/§ 18b",
                "Recognition already granted – use § 18a/§ 18b",
            ),
        )
    if value is None:
        return Check(
            "recognition_outstanding",
            label,
            BASIS,
            UNKNOWN,
            ctx.t("Stand der Anerkennung unbekannt.", "Recognition status unknown."),
            missing=("candidate.qualification.german_recognition",),
        )
    return Check(
        "recognition_outstanding",
        label,
        BASIS,
        MET,
        ctx.t(
            "Die Anerkennung ist noch nicht erteilt; sie wird nach der Einreise betrieben.",
            "Recognition not yet granted; it is pursued after entry.",
        ),
    )


def evaluate(ctx: Context) -> Outcome:
    title = ctx.t("Anerkennungspartnerschaft", "Recognition partnership")
    not_in_force = common.in_force(ctx, ID, BASIS)
    if not_in_force:
        return Outcome(ID, title, [BASIS], None, [not_in_force], [], True)
    checks = [
        _recognition_outstanding(ctx),
        common.job_offer(ctx, basis=BASIS),
        _qualified_employment(ctx),
        common.foreign_qualification(ctx, BASIS),
        common.german_at_least(ctx, "german_a2", "A2", BASIS),
        common.job_flag(
            ctx,
            "written_agreement",
            "recognition_partnership_agreement",
            True,
            ("Schriftliche Vereinbarung zur Anerkennung", "Written recognition agreement"),
            BASIS,
            (
                "Arbeitgeber und Fachkraft haben sich schriftlich verpflichtet, die Anerkennung "
                "nach der Einreise "
                "unverzüglich zu beantragen.",
                "Employer and worker agreed in writing to pursue recognition.",
            ),
            ("Keine schriftliche Vereinbarung.", "No written agreement."),
        ),
        common.job_flag(
            ctx,
            "employer_suitable",
            "employer_suitable_for_training",
            True,
            ("Arbeitgeber zur Qualifizierung geeignet", "Employer suitable for training"),
            BASIS,
            ("Arbeitgeber ist zur Aus- oder Weiterbildung geeignet.", "Employer is suitable for training."),
            (
                "Arbeitgeber ist nicht zur Aus- oder Weiterbildung geeignet.",
                "Employer not suitable for training.",
            ),
            fixable=False,
        ),
        common.no_temporary_agency_work(ctx),
    ]
    authority_checks = [
        ctx.t(
            "Zustimmung der BA: Arbeitsbedingungen wie bei vergleichbaren inländischen "
            "Beschäftigten (§ 39 AufenthG)",
            "BA approval: working conditions comparable to domestic workers (§ 39 AufenthG)",
        )
    ]
    return Outcome(ID, title, [BASIS], None, checks, authority_checks, True)
