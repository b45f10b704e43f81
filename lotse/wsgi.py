"""WSGI entry point. Refuses to serve with DEBUG off and the default secret key."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")

from lotse.core.checks import ensure_safe_to_serve  # noqa: E402

ensure_safe_to_serve()
application = get_wsgi_application()

# What is loaded by now lives as long as the process. gc.freeze() takes it out of the collector's view, so that full
# collections no longer walk every module, model and template node: measured with bench/cases.py, about 0.7 ms less
# per request. (It also keeps those pages shared between forked gunicorn workers.)
gc.freeze()
