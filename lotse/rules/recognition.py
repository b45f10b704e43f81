"""The `recognition` block: is the profession regulated, is recognition needed, and which NRW body decides."""

from __future__ import annotations

from lotse.rules.authorities import authority_ref
from lotse.rules.conditions import Context
from lotse.rules.occupations import occupation
from lotse.rules.professions import recognition_authority_id


def qualification_country(ctx: Context) -> str | None:
    """Country where the qualification was obtained; the first citizenship stands in when it is not given."""
    return ctx.qualification["country"] or (ctx.candidate["citizenships"] or [None])[0]


def _required_for(pathway: dict, ctx: Context) -> bool | None:
    pathway_id, variant = pathway["id"], pathway["variant"]
    if pathway_id == "eu_blue_card":
        return ctx.regulated if variant == "it_specialist" else True
    if pathway_id in (
        "skilled_worker_vocational",
        "skilled_worker_academic",
        "recognition_partnership",
        "recognition_measures",
    ):
        return True
    if pathway_id in ("western_balkans", "privileged_nationals"):
        return ctx.regulated
    if pathway_id == "opportunity_card":
        return variant == "skilled_worker"
    return False  # experience_based, vocational_training


def recognition_block(ctx: Context, best_pathway: dict | None) -> dict:
    q = ctx.qualification
    authority_id = recognition_authority_id(
        ctx.profession_key,
        level=q["level"],
        qualification_country=qualification_country(ctx),
        municipality_ags=ctx.job_value("municipality_ags"),
    )
    # The catalogue entry of the qualification (else of the job) names the body where the profession key cannot
    # ("other"): e.g. the Handwerkskammer for a Fliesenleger, the Landwirtschaftskammer for a Gärtner.
    entry = occupation(q["occupation"]) or ctx.job_occupation
    if authority_id is None and entry is not None and entry.authority not in (None, "profession"):
        authority_id = entry.authority
    reference = ctx.profession["reference_occupation"] if ctx.profession is not None else None
    if reference is None and entry is not None:
        reference = entry.reference_occupation
    if best_pathway is not None:
        required = _required_for(best_pathway, ctx)
    else:
        required = True if ctx.regulated else None
    block = {
        "regulated": ctx.regulated,
        "required": required,
        "authority": authority_ref(authority_id) if authority_id else None,
        "profession": ctx.profession_key,
        "reference_occupation": reference,
    }
    if entry is not None:
        block["occupation"] = entry.id
    if q["level"] == "academic" and ctx.regulated is not True:
        # For non-regulated degrees the visa needs comparability (anabin or a ZAB statement), not recognition.
        block["comparability_authority"] = authority_ref("zab")
    if ctx.profession_key == "engineer":
        block["alternative_authority"] = authority_ref("ikbau_nrw")
    return block
