"""Who sees which figures. Kept in one module so that it can move into a central roles module as it is.

The rows a user may read are decided by the scope of the count table (ReportCell.visibility_filter); this module
decides who may open the pages at all, and which layout they get:

* FAI NRW (admin, adviser, analyst) and superusers: every figure, all regions, no suppression ("statewide");
* a Regionalagentur (admin, adviser, analyst): the detail of its own region ("region");
* the ministry (admin, analyst): aggregates after disclosure control ("ministry").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from lotse.accounts.models import Membership, Organisation
from lotse.core.scoping import memberships_of

MINISTRY, STATEWIDE, REGIONAL = "ministry", "statewide", "region"
READER_ROLES = {Membership.Role.ADMIN, Membership.Role.ADVISER, Membership.Role.ANALYST}
MINISTRY_ROLES = {Membership.Role.ADMIN, Membership.Role.ANALYST}


@dataclass(frozen=True)
class Audience:
    kind: str
    region_ids: frozenset[int] = frozenset()
    can_rebuild: bool = False  # may start a recomputation (FAI NRW administration)

    @property
    def sees_suppressed(self) -> bool:
        return self.kind == MINISTRY

    @property
    def cache_key(self) -> str:
        return f"{self.kind}:{','.join(map(str, sorted(self.region_ids)))}"


def audience_of(user) -> Audience | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Audience(STATEWIDE, can_rebuild=True)
    kinds = Organisation.Kind
    statewide, rebuild, ministry, regions = False, False, False, set()
    for membership in memberships_of(user):
        kind = membership.organisation.kind
        if kind == kinds.FAI and membership.role in READER_ROLES:
            statewide = True
            rebuild = rebuild or membership.role == Membership.Role.ADMIN
        elif kind == kinds.REGIONALAGENTUR and membership.role in READER_ROLES:
            regions.add(membership.organisation.region_id)
        elif kind == kinds.MINISTERIUM and membership.role in MINISTRY_ROLES:
            ministry = True
    if statewide:
        return Audience(STATEWIDE, can_rebuild=rebuild)
    if regions:
        return Audience(REGIONAL, frozenset(regions))
    if ministry:
        return Audience(MINISTRY)
    return None


def require_audience(user) -> Audience:
    audience = audience_of(user)
    if audience is None:
        raise PermissionDenied
    return audience


def require_quarterly_report(user) -> Audience:
    """The quarterly report is the ministry's: its analysts and FAI NRW (who send it) may download it."""
    audience = require_audience(user)
    if audience.kind not in (MINISTRY, STATEWIDE):
        raise PermissionDenied
    return audience


def require_rebuild(user) -> Audience:
    audience = require_audience(user)
    if not audience.can_rebuild:
        raise PermissionDenied
    return audience
