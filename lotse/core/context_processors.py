from django.conf import settings


def navigation(request):
    return {"lotse_debug": settings.DEBUG}
