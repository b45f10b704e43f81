"""Lotse's URLs plus a bare view, so the bare view goes through the same middleware, session and login."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("lotse.urls"))]
