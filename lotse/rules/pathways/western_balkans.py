"""Westbalkanregelung, § 19c Abs. 1 AufenthG i.V.m. § 26 Abs. 2 BeschV.

Any employment, no recognition needed; quota and priority check are authority checks.
"""

from __future__ import annotations

from lotse.rules.conditions import MET, NOT_MET, UNKNOWN, Check, Context
from lotse.rules.pathways import common
from lotse.rules.pathways.common import Outcome

ID = "western_balkans"
BASIS = "§ 19c Abs. 1 AufenthG i.V.m. § 26 Abs. 2 BeschV"


def _no_asylum_benefits(ctx: Context) -> Check:
    label = ctx.t("Keine Leistungen nach AsylbLG in den letzten 24 Monaten", "No AsylbLG benefits in last 24 months")
    value = ctx.candidate["asylum_benefits_last_24_months"]
    if value is None:
        return Check(
            "no_asylum_benefits",
            label,
            "§ 26 Abs. 2 BeschV",
            UNKNOWN,
            ctx.t("Angabe fehlt.", "Not stated."),
            missing=("candidate.asylum_benefits_last_24_months",),
        )
    if value:
        return Check(
            "no_asylum_benefits",
            label,
            "§ 26 Abs. 2 BeschV",
            NOT_MET,
            ctx.t(
                "AsylbLG-Leistungen in den letzten 24 Monaten bezogen.",
                "AsylbLG benefits received in the last 24 months.",
            ),
        )
    return Check(
        "no_asylum_benefits",
        label,
        "§ 26 Abs. 2 BeschV",
        MET,
        ctx.t("Keine AsylbLG-Leistungen bezogen.", "No AsylbLG benefits received."),
    )


def evaluate(ctx: Context) -> Outcome:
    checks = [
        common.citizenship_in(
            ctx,
            "western_balkans_states",
            "§ 26 Abs. 2 S. 1 BeschV",
            ("Staatsangehörigkeit eines Westbalkanstaats", "Citizen of a Western Balkan state"),
        ),
        common.job_offer(ctx, basis="§ 19c Abs. 1 AufenthG"),
        _no_asylum_benefits(ctx),
        common.no_temporary_agency_work(ctx),
        common.licence_to_practise(ctx),
        common.age_45_salary(ctx),
    ]
    quota = ctx.params.get("western_balkans_quota")
    quota_verified = ctx.params.verified("western_balkans_quota")
    quota_text = f"{quota:,}".replace(",", ".") if ctx.lang == "de" else f"{quota:,}"
    unverified_note = (
        ctx.t(f" – Höhe {ctx.as_of.year} nicht bestätigt", f" – {ctx.as_of.year} amount unconfirmed")
        if not quota_verified
        else ""
    )
    authority_checks = [
        ctx.t(
            f"Kontingent: {quota_text} Zustimmungen der BA je Kalenderjahr, monatlich je Staat verteilt "
            f"(§ 26 Abs. 2 BeschV){unverified_note}",
            f"Quota: {quota_text} BA approvals per calendar year, split monthly per state "
            f"(§ 26(2) BeschV){unverified_note}",
        ),
        ctx.t(
            "Vorrangprüfung durch die BA (§ 26 Abs. 2 BeschV, § 39 Abs. 3 AufenthG) – laut BA-Weisung seit "
            "03.11.2023 ausgesetzt, kann wieder eingeführt werden",
            "Priority check by the BA (§ 26(2) BeschV, § 39(3) AufenthG) – waived by BA instruction since "
            "3 Nov 2023, may be reinstated",
        ),
        ctx.t(
            "Zustimmung der BA: Arbeitsbedingungen wie bei vergleichbaren inländischen Beschäftigten "
            "(§ 39 Abs. 3 AufenthG)",
            "BA approval: working conditions comparable to domestic workers (§ 39(3) AufenthG)",
        ),
        ctx.t(
            "Visumantrag nur bei der deutschen Auslandsvertretung im Herkunftsstaat (§ 26 Abs. 2 BeschV)",
            "Visa application only at the German mission in the home state (§ 26(2) BeschV)",
        ),
    ]
    return Outcome(
        ID, ctx.t("Westbalkanregelung", "Western Balkans rule"), [BASIS], None, checks, authority_checks, True
    )
