"""The OpenAPI 3.1 description of the assessment API, built from the rules package's own catalogues."""

from __future__ import annotations

from functools import cache

from lotse.rules import PATHWAY_IDS, PROFESSIONS, RULES_VERSION
from lotse.rules.parameters import coverage
from lotse.rules.validation import MAX_DURATION_MONTHS, MAX_SALARY_EUR

LEVELS = ["none", "A1", "A2", "B1", "B2", "C1", "C2"]


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _as_of_schema(where: str) -> dict:
    """The date the law is applied at, limited to the days the legal parameters cover (else 400 on as_of)."""
    first, last = coverage()
    schema = {
        "type": "string",
        "format": "date",
        "x-earliest": first.isoformat(),
        "description": f"date the law is applied at ({where}); from {first.isoformat()}",
    }
    if last is not None:
        schema["x-latest"] = last.isoformat()
        schema["description"] += f" to {last.isoformat()}; other dates are refused with 400 on as_of"
    return schema


def _number(maximum) -> dict:
    return _nullable({"type": "number", "minimum": 0, "maximum": maximum})


def _input_schema() -> dict:
    boolean = _nullable({"type": "boolean"})
    return {
        "type": "object",
        "required": ["candidate"],
        "properties": {
            "as_of": _as_of_schema("default today"),
            "candidate": {
                "type": "object",
                "description": "citizenship or citizenships is required",
                "properties": {
                    "citizenship": {"type": "string", "pattern": "^[A-Z]{2}$"},
                    "citizenships": {"type": "array", "items": {"type": "string", "pattern": "^[A-Z]{2}$"}},
                    "age": _nullable({"type": "integer", "minimum": 0, "maximum": 120}),
                    "residence": _nullable({"enum": ["abroad", "germany"]}),
                    "qualification": {
                        "type": "object",
                        "properties": {
                            "level": _nullable({"enum": ["academic", "vocational", "none"]}),
                            "duration_years": _number(20),
                            "state_recognised_abroad": boolean,
                            "german_recognition": _nullable(
                                {"enum": ["full", "partial", "none", "pending", "not_applied"]}
                            ),
                            "obtained_on": _nullable({"type": "string", "format": "date"}),
                            "profession": _nullable({"enum": sorted(PROFESSIONS)}),
                        },
                    },
                    "experience": {
                        "type": "object",
                        "properties": {"years_last_5": _number(5), "years_last_7": _number(7)},
                    },
                    "languages": {
                        "type": "object",
                        "properties": {
                            "german": _nullable({"enum": LEVELS}),
                            "english": _nullable({"enum": LEVELS}),
                        },
                    },
                    "previous_stay_germany_months": _number(60),
                    "partner_meets_opportunity_card": boolean,
                    "funds_secured": boolean,
                    "adequate_pension": boolean,
                    "asylum_benefits_last_24_months": boolean,
                },
            },
            "job": _nullable(
                {
                    "type": "object",
                    "properties": {
                        "kind": _nullable({"enum": ["employment", "vocational_training"]}),
                        "isco": _nullable({"type": "string", "pattern": "^[0-9]{2,4}$"}),
                        "annual_gross_salary_eur": _number(MAX_SALARY_EUR),
                        "weekly_hours": _number(168),
                        "duration_months": _number(MAX_DURATION_MONTHS),
                        "qualified": boolean,
                        "matches_qualification": boolean,
                        "employer_collective_agreement": boolean,
                        "temporary_agency_work": boolean,
                        "recognition_partnership_agreement": boolean,
                        "employer_suitable_for_training": boolean,
                        "municipality_ags": _nullable({"type": "string", "pattern": "^([0-9]{5}|[0-9]{8})$"}),
                        "licence_to_practise": boolean,
                    },
                }
            ),
        },
    }


def _output_schema() -> dict:
    result = {"enum": ["met", "not_met", "unknown"]}
    return {
        "type": "object",
        "required": ["schema", "as_of", "rules_version", "free_movement", "pathways"],
        "properties": {
            "schema": {"const": "lotse.assessment/v1"},
            "as_of": {"type": "string", "format": "date"},
            "rules_version": {"type": "string"},
            "free_movement": {"type": "boolean"},
            "pathways": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"enum": list(PATHWAY_IDS)},
                        "title": {"type": "string"},
                        "legal_basis": {"type": "array", "items": {"type": "string"}},
                        "status": {"enum": ["eligible", "not_eligible", "needs_information"]},
                        "variant": _nullable({"type": "string"}),
                        "ba_approval_required": _nullable({"type": "boolean"}),
                        "conditions": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "id": {"type": "string"},
                                    "label": {"type": "string"},
                                    "legal_basis": {"type": "string"},
                                    "result": result,
                                    "explanation": {"type": "string"},
                                },
                            },
                        },
                        "authority_checks": {"type": "array", "items": {"type": "string"}},
                        "missing": {"type": "array", "items": {"type": "string"}},
                        "what_would_change": {"type": "array", "items": {"type": "object"}},
                    },
                },
            },
            "recognition": {"type": "object"},
            "documents": {"type": "array", "items": {"type": "object"}},
            "timeline": {"type": "array", "items": {"type": "object"}},
            "costs": {"type": "array", "items": {"type": "object"}},
        },
    }


def _occupation_schema() -> dict:
    nullable_string = _nullable({"type": "string"})
    return {
        "type": "object",
        "required": [
            "id",
            "title",
            "matched",
            "isco",
            "kldb",
            "regulated",
            "profession",
            "reference_occupation",
            "recognition_authority",
            "source",
        ],
        "properties": {
            "id": {"type": "string", "description": "stable id of the catalogue entry"},
            "title": {"type": "string", "description": "in the requested language"},
            "matched": {"type": "string", "description": "the name, synonym or form the text matched"},
            "isco": {"type": "string", "pattern": "^[0-9]{4}$"},
            "kldb": _nullable({"type": "string", "pattern": "^[0-9]{5}$"}),
            "regulated": _nullable({"type": "boolean"}),
            "regulated_note": {"type": "string", "description": "present where regulated is null or qualified"},
            "profession": {"enum": sorted(PROFESSIONS)},
            "reference_occupation": nullable_string,
            "recognition_authority": _nullable(
                {
                    "type": "object",
                    "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "url": nullable_string},
                }
            ),
            "source": {"type": "string", "format": "uri"},
        },
    }


@cache
def openapi_document() -> dict:
    error_response = {
        "description": "invalid input: one message per field",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "errors": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                            },
                        }
                    },
                },
                "example": {"errors": [{"field": "job.annual_gross_salary_eur", "message": "must be a number >= 0"}]},
            }
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Fachkräfte-Lotse NRW – Assessment and occupation API",
            "version": "1",
            "description": "lotse.assessment/v1: which residence pathways are open for a candidate and a job, "
            f"dated to the law in force; lotse.occupations/v1: the occupation catalogue and its search. "
            f"Rules version of this server: {RULES_VERSION}.",
        },
        "paths": {
            "/api/v1/assessments": {
                "post": {
                    "summary": "Assess one candidate and job",
                    "operationId": "createAssessment",
                    "parameters": [
                        {
                            "name": "as_of",
                            "in": "query",
                            "schema": _as_of_schema("overrides as_of in the body"),
                        },
                        {
                            "name": "lang",
                            "in": "query",
                            "schema": {"enum": ["de", "en"]},
                            "description": "language of titles and explanations",
                        },
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AssessmentInput"}}},
                    },
                    "responses": {
                        "200": {
                            "description": "the assessment",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/AssessmentOutput"}}
                            },
                        },
                        "400": error_response,
                        "413": error_response,
                    },
                }
            },
            "/api/v1/occupations": {
                "get": {
                    "summary": "Search the occupation catalogue (lotse.occupations/v1)",
                    "operationId": "searchOccupations",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "string", "minLength": 1, "maxLength": 100},
                            "description": "name, synonym, gendered or old form, English name, ISCO-08 or KldB code; "
                            "case- and accent-insensitive, one wrong, missing or extra letter tolerated",
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10},
                        },
                        {"name": "lang", "in": "query", "schema": {"enum": ["de", "en"], "default": "de"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "the best matches first; an empty array when nothing matches",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/OccupationMatch"},
                                    }
                                }
                            },
                        },
                        "400": error_response,
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "AssessmentInput": _input_schema(),
                "AssessmentOutput": _output_schema(),
                "OccupationMatch": _occupation_schema(),
            }
        },
    }
