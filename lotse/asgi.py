"""ASGI entry point. Refuses to serve with DEBUG off and the default secret key."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")

from lotse.core.checks import ensure_safe_to_serve  # noqa: E402

ensure_safe_to_serve()
application = get_asgi_application()
