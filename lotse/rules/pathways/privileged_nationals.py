"""Privileged nationals, § 19c Abs. 1 AufenthG i.V.m. § 26 Abs. 1 BeschV.

Any employment, no proof of qualification; regulated professions still need the licence.
"""

from __future__ import annotations

from lotse.rules.conditions import Context
from lotse.rules.pathways import common
from lotse.rules.pathways.common import Outcome

ID = "privileged_nationals"
BASIS = "§ 19c Abs. 1 AufenthG i.V.m. § 26 Abs. 1 BeschV"


def evaluate(ctx: Context) -> Outcome:
    checks = [
        common.citizenship_in(
            ctx,
            "privileged_states",
            "§ 26 Abs. 1 BeschV",
            (
                "Staatsangehörigkeit eines Staates nach § 26 Abs. 1 BeschV",
                "Citizen of a state listed in § 26(1) BeschV",
            ),
        ),
        common.job_offer(ctx, basis="§ 19c Abs. 1 AufenthG"),
        common.no_temporary_agency_work(ctx),
        common.licence_to_practise(ctx),
    ]
    authority_checks = [
        ctx.t(
            "Vorrangprüfung durch die BA (§ 26 Abs. 1 BeschV, § 39 Abs. 3 AufenthG)",
            "Priority check by the BA (§ 26(1) BeschV, § 39(3) AufenthG)",
        ),
        ctx.t(
            "Zustimmung der BA: Arbeitsbedingungen wie bei vergleichbaren inländischen Beschäftigten "
            "(§ 39 Abs. 3 AufenthG)",
            "BA approval: working conditions comparable to domestic workers (§ 39(3) AufenthG)",
        ),
    ]
    return Outcome(
        ID,
        ctx.t(
            "Beschäftigung für Staatsangehörige nach § 26 Abs. 1 BeschV",
            "Employment for nationals listed in § 26(1) BeschV",
        ),
        [BASIS],
        None,
        checks,
        authority_checks,
        True,
    )
