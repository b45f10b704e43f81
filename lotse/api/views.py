"""HTTP API: the assessment contract (`lotse.assessment/v1`) at POST /api/v1/assessments and the occupation
catalogue (`lotse.occupations/v1`) at GET /api/v1/occupations."""

import json

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from lotse.api.openapi import openapi_document
from lotse.api.services import AssessmentRequestError, assessment_run, occupation_search

MAX_BODY_BYTES = 64 * 1024


def _errors(status: int, errors: list[dict]) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status, json_dumps_params={"ensure_ascii": False})


@csrf_exempt  # stateless JSON endpoint without cookie authentication: nothing for CSRF to protect
@require_POST
def assessments(request):
    lang = "en" if request.GET.get("lang") == "en" else "de"
    if len(request.body) > MAX_BODY_BYTES:
        return _errors(413, [{"field": "$", "message": f"request body larger than {MAX_BODY_BYTES} bytes"}])
    try:
        data = json.loads(request.body or b"")
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return _errors(400, [{"field": "$", "message": f"body is not valid JSON: {error}"}])
    try:
        result = assessment_run(data=data, as_of=request.GET.get("as_of"), lang=lang)
    except AssessmentRequestError as error:
        return _errors(400, error.errors)
    return JsonResponse(result, json_dumps_params={"ensure_ascii": False})


@require_GET
def occupations(request):
    """GET ?q=TEXT&limit=N&lang=de|en: the best matches first, as a JSON array (400 with field errors)."""
    try:
        matches = occupation_search(
            text=request.GET.get("q"), limit=request.GET.get("limit"), lang=request.GET.get("lang")
        )
    except AssessmentRequestError as error:
        return _errors(400, error.errors)
    return JsonResponse(matches, safe=False, json_dumps_params={"ensure_ascii": False})


@require_GET
def openapi(request):
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})
