import os

from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lotse.urls import handler500  # noqa: F401  (the root URLconf names the error handler)
from tests.ops.jobs import probe


@csrf_exempt
@require_POST
def enqueue_probe(request):
    result = probe.enqueue(request.POST["token"], request.POST["ledger"])
    return JsonResponse({"id": str(result.id), "server_pid": os.getpid()})


urlpatterns = [path("test/probe/", enqueue_probe), path("", include("lotse.urls"))]
