"""Who counts as staff: the accounts that must log in with a second factor and whose sessions end when idle.

Staff is everyone who works *for* the public side — FAI NRW, a Regionalagentur, the ministry, a chamber — in any
role, and Django superusers. Employers (members of an organisation of kind Unternehmen) are not staff: a second
factor is their choice (once they set one up, it is required for them too).
"""

from __future__ import annotations

from lotse.core.scoping import memberships_of

STAFF_KINDS = frozenset({"fai", "regionalagentur", "ministerium", "kammer"})


def is_staff_account(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return any(m.organisation.kind in STAFF_KINDS for m in memberships_of(user))
