"""A fixed-window limit on registration attempts per IP address and per e-mail address, counted in Django's cache.

The limits are settings (LOTSE_EVENTS_REGISTER_PER_IP_HOUR, LOTSE_EVENTS_REGISTER_PER_EMAIL_HOUR; attempts per
hour, 0 = off, e.g. for the rush bench that fires 500 registrations from one address). With several processes the
cache must be shared (CACHE_URL=db://…, docs/operations.md), or each process counts on its own.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def _count_attempt(key: str) -> int:
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return 1


def register_attempt_refused(*, ip: str, email: str) -> bool:
    """Count one registration attempt; True if this IP address or e-mail address made too many this hour."""
    per_ip = int(settings.LOTSE_EVENTS_REGISTER_PER_IP_HOUR)
    per_email = int(settings.LOTSE_EVENTS_REGISTER_PER_EMAIL_HOUR)
    address = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    too_many_ip = per_ip > 0 and _count_attempt(f"events:register:ip:{ip}") > per_ip
    too_many_email = per_email > 0 and _count_attempt(f"events:register:email:{address}") > per_email
    return too_many_ip or too_many_email
