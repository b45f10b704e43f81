"""assess(): the contract's pure function of an input document and a date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from lotse.rules import planning
from lotse.rules.conditions import ELIGIBLE, NEEDS_INFORMATION, NOT_ELIGIBLE, NOT_MET, UNKNOWN, Context
from lotse.rules.errors import InputError
from lotse.rules.parameters import resolved_parameters
from lotse.rules.pathways import PATHWAY_MODULES
from lotse.rules.pathways.common import Outcome
from lotse.rules.recognition import recognition_block
from lotse.rules.validation import effective_as_of, validate
from lotse.rules.version import RULES_VERSION

SCHEMA = "lotse.assessment/v1"
LANGUAGES = ("de", "en")
LocalAuthorityResolver = Callable[[str], dict | None]


def _partial_fields(unknown: list[str], lang: str) -> dict:
    open_ids = ", ".join(unknown)
    if lang == "en":
        text = f"This change alone is not enough: conditions still unknown: {open_ids}."
    else:
        text = f"Diese Änderung allein genügt nicht: noch offen sind die Voraussetzungen {open_ids}."
    return {"partial": True, "explanation": text}


def _pathway_result(outcome: Outcome, lang: str = "de") -> dict:
    # Hot path (called ten times per assessment): one pass over the checks collects everything.
    checks = outcome.checks
    conditions = []
    missing: list[str] = []
    not_met: list = []
    unknown: list[str] = []
    unverified = False
    for check in checks:
        conditions.append(check.as_dict())
        result = check.result
        if result == NOT_MET:
            not_met.append(check)
        elif result == UNKNOWN:
            unknown.append(check.id)
            for path in check.missing:
                if path not in missing:
                    missing.append(path)
        if check.unverified:
            unverified = True
    status = NOT_ELIGIBLE if not_met else NEEDS_INFORMATION if unknown else ELIGIBLE
    what_would_change: list[dict] = []
    # Only a change that reaches every not_met condition is offered; otherwise no small change exists.
    if not_met and all(check.fix for check in not_met):
        # With conditions still unknown besides the not_met ones, the change alone does not make the
        # pathway eligible: each entry says so ("partial", an added field) in its explanation.
        extra = _partial_fields(unknown, lang) if unknown else None
        for check in not_met:
            for change in check.fix:
                entry = {**change, "condition": check.id}
                if extra:
                    entry.update(extra)
                what_would_change.append(entry)
    result = {
        "id": outcome.id,
        "title": outcome.title,
        "legal_basis": outcome.legal_basis,
        "status": status,
        "variant": outcome.variant,
        "ba_approval_required": None if status == NOT_ELIGIBLE else outcome.ba_required,
        "conditions": conditions,
        "authority_checks": outcome.authority_checks,
        "missing": missing,
        "what_would_change": what_would_change,
    }
    if outcome.variants is not None:
        result["variants"] = outcome.variants
    if unverified:
        result["unverified"] = True
    return result


def _warnings(outcomes: list[Outcome]) -> list[dict]:
    """Warnings of the conditions (a salary just above a provisional threshold), once each, with their pathways."""
    warnings: dict[tuple, dict] = {}
    for outcome in outcomes:
        for check in outcome.checks:
            if check.warning is None:
                continue
            key = (check.warning["id"], check.warning["parameter"])
            entry = warnings.setdefault(key, {**check.warning, "pathways": []})
            if outcome.id not in entry["pathways"]:
                entry["pathways"].append(outcome.id)
    return list(warnings.values())


def _context(data: dict, as_of: date | str | None, lang: str) -> Context:
    # The date comes first: a date outside the parameters' coverage is reported as such (ParameterNotInForce),
    # before any input check that depends on it (e.g. "obtained_on must not be after as_of"). All parameters
    # for the date are resolved here, in one place.
    day = effective_as_of(data, as_of=as_of) if isinstance(data, dict) else None
    if day is not None:
        resolved_parameters(day)  # raises ParameterNotInForce for a date without values
        as_of = day
    normalised = validate(data, as_of=as_of)
    return Context(normalised, resolved_parameters(normalised["as_of"]), lang)


def _free_movement(ctx: Context) -> bool:
    return any(code in ctx.params.get("free_movement_states") for code in ctx.candidate["citizenships"])


def outline(data: dict, *, as_of: date | str | None = None) -> dict:
    """What `assess` says about free movement and each pathway's status and missing fields, in its shape, without
    the rest (conditions, changes, documents, timeline, costs, authorities): for the interview, which assesses
    every answer it might get to choose the next question. Raises as `assess` does."""
    ctx = _context(data, as_of, "de")
    if _free_movement(ctx):
        return {"free_movement": True, "pathways": []}
    pathways = []
    for module in PATHWAY_MODULES:
        outcome = module.evaluate(ctx)
        missing: list[str] = []
        not_met = unknown = False
        for check in outcome.checks:  # as in _pathway_result
            if check.result == NOT_MET:
                not_met = True
            elif check.result == UNKNOWN:
                unknown = True
                for path in check.missing:
                    if path not in missing:
                        missing.append(path)
        status = NOT_ELIGIBLE if not_met else NEEDS_INFORMATION if unknown else ELIGIBLE
        pathways.append({"id": outcome.id, "status": status, "missing": missing})
    return {"free_movement": False, "pathways": pathways}


def assess(
    data: dict,
    *,
    as_of: date | str | None = None,
    lang: str = "de",
    local_authority_resolver: LocalAuthorityResolver | None = None,
) -> dict:
    """Assess one candidate and job. Raises InputError on invalid input, ParameterNotInForce for a date the
    parameters do not cover. `as_of` overrides the input's own as_of."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}")
    ctx = _context(data, as_of, lang)
    day, params = ctx.as_of, ctx.params
    free_movement = _free_movement(ctx)
    outcomes = [] if free_movement else [module.evaluate(ctx) for module in PATHWAY_MODULES]
    pathways = [_pathway_result(outcome, lang) for outcome in outcomes]
    eligible = [pathway for pathway in pathways if pathway["status"] == ELIGIBLE]
    return {
        "schema": SCHEMA,
        "as_of": day.isoformat(),
        "rules_version": RULES_VERSION,
        "provisional": params.provisional_names(),
        "warnings": _warnings(outcomes),
        "lang": lang,
        "free_movement": free_movement,
        "pathways": pathways,
        "recognition": recognition_block(ctx, eligible[0] if eligible else None),
        "documents": planning.documents(eligible, ctx),
        "timeline": planning.timeline(eligible, ctx),
        "costs": planning.costs(eligible, ctx),
        "accelerated_procedure": planning.accelerated_procedure(eligible, ctx),
        "authorities": planning.authorities(eligible, ctx, local_authority_resolver),
    }


__all__ = ["assess", "InputError"]
