"""Login throttling (django-axes) and the password-reset rate limit, with audit entries (ADR 0142)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

from lotse.core.http import client_ip

RESET_WINDOW_SECONDS = 3600


def attempted_username(request, credentials) -> str:
    """The e-mail address as axes counts it: case and surrounding spaces do not make a new username."""
    credentials = credentials or {}
    # The login form's field is "username"; axes's own lookups use the user model's field ("email").
    username = str(credentials.get("username") or credentials.get("email") or "").strip().lower()
    # No account has a longer address (EmailField, 254) and axes stores at most 255 characters: an overlong attempt
    # is counted under its digest instead of failing the request.
    return username if len(username) <= 254 else pseudonym(username)


def client_address(request) -> str:
    """The client address behind TRUSTED_PROXY_HOPS proxies, the same one every rate limit of Lotse uses."""
    return client_ip(request)


def pseudonym(value: str) -> str:
    """A stable, non-reversible label for an attempted address that has no account (the log keeps no addresses)."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value.strip().lower()}".encode()).hexdigest()[:16]


def _count(key: str) -> int:
    cache.add(key, 0, RESET_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RESET_WINDOW_SECONDS)
        return 1


def reset_allowed_for_client(request) -> bool:
    limit = settings.LOTSE_RESET_PER_IP_HOUR
    return limit <= 0 or _count(f"accounts:reset:ip:{client_address(request)}") <= limit


def reset_allowed_for_address(email: str) -> bool:
    limit = settings.LOTSE_RESET_PER_EMAIL_HOUR
    return limit <= 0 or _count(f"accounts:reset:email:{pseudonym(email)}") <= limit
