"""HTTP API: the assessment contract (`lotse.assessment/v1`) at POST /api/v1/assessments and the occupation
catalogue (`lotse.occupations/v1`) at GET /api/v1/occupations."""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from lotse.api.openapi import openapi_document
from lotse.api.services import AssessmentRequestError, assessment_run, occupation_search
from lotse.core import numbers

MAX_BODY_BYTES = 64 * 1024


def _errors(status: int, errors: list[dict]) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status, json_dumps_params={"ensure_ascii": False})


def _body(request) -> bytes | None:
    """The request body, or None if it is larger than MAX_BODY_BYTES. Decided from Content-Length before anything
    is read (Django's own limit would answer a large body with an HTML 400), and by reading at most one byte more
    than allowed when the length is not declared."""
    try:
        declared = numbers.parse_int(request.META.get("CONTENT_LENGTH") or "0", max_length=20)
    except numbers.NumberError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        return None
    body = request.read(MAX_BODY_BYTES + 1)
    return None if len(body) > MAX_BODY_BYTES else body


@csrf_exempt  # stateless JSON endpoint without cookie authentication: nothing for CSRF to protect
@require_POST
def assessments(request):
    lang = request.GET.get("lang")
    if lang not in (None, "de", "en"):
        return _errors(400, [{"field": "lang", "message": "must be one of: de, en"}])
    body = _body(request)
    if body is None:
        return _errors(413, [{"field": "$", "message": f"request body larger than {MAX_BODY_BYTES} bytes"}])
    try:
        data = numbers.loads(body)
    except numbers.JSONInputError as error:
        return _errors(400, [{"field": "$", "message": f"body {error.message}"}])
    try:
        result = assessment_run(data=data, as_of=request.GET.get("as_of"), lang=lang or "de")
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
