"""Small parsers for settings that come from the environment (imported by settings: no models here)."""

from __future__ import annotations

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
