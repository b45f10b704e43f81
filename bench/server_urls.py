"""Lotse's URLs plus a bare view, so the bare view goes through the same middleware, session and login."""

from django.http import HttpResponse
from django.urls import include, path

from lotse.urls import handler500  # noqa: F401  (the root URLconf names the error handler: 503 when the DB is away)


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("lotse.urls"))]
