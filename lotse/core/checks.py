"""Start-up guards: production must not run with the publicly known default secret key."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from lotse.settings import DEFAULT_SECRET_KEY

UNSAFE_SECRET_MESSAGE = (
    "SECRET_KEY is the public default while DEBUG is off: set SECRET_KEY (or DEBUG=1 locally)."
)


def uses_default_secret_in_production() -> bool:
    return not settings.DEBUG and settings.SECRET_KEY == DEFAULT_SECRET_KEY


def ensure_safe_to_serve() -> None:
    if uses_default_secret_in_production():
        raise ImproperlyConfigured(UNSAFE_SECRET_MESSAGE)


@checks.register(checks.Tags.security)
def check_secret_key(app_configs, **kwargs):
    if uses_default_secret_in_production():
        return [checks.Error(UNSAFE_SECRET_MESSAGE, id="lotse.E001")]
    return []
