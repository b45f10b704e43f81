"""Small parsers for settings that come from the environment (imported by settings: no models here)."""

from __future__ import annotations

import dj_email_url
from django.core.exceptions import ImproperlyConfigured

CACHE_BACKENDS = {
    # Each process keeps its own copy: right for one process, wrong for rate limits across several.
    "locmem": ("django.core.cache.backends.locmem.LocMemCache", "lotse"),
    # Shared by every process through PostgreSQL (`lotse createcachetable` creates the table).
    "db": ("django.core.cache.backends.db.DatabaseCache", "lotse_cache"),
}


def cache_config(url: str) -> dict:
    """CACHES["default"] from CACHE_URL: `locmem://` (default) or `db://TABLE` (shared by all processes)."""
    scheme, separator, location = url.partition("://")
    if not separator or scheme not in CACHE_BACKENDS:
        raise ImproperlyConfigured(f"CACHE_URL must start with locmem:// or db://, not {url!r}")
    backend, default_location = CACHE_BACKENDS[scheme]
    return {"BACKEND": backend, "LOCATION": location or default_location}


def email_config(url: str) -> dict:
    """The EMAIL_* settings from EMAIL_URL, e.g. `submission://user:password@mail.example:587` (STARTTLS)."""
    config = dj_email_url.parse(url)
    if "EMAIL_BACKEND" not in config:
        schemes = ", ".join(f"{scheme}://" for scheme in sorted(dj_email_url.SCHEMES))
        raise ImproperlyConfigured(f"EMAIL_URL {url.split(':', 1)[0]}:// is unknown; use one of {schemes}")
    return config
