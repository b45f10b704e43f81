"""Who may do what in case work. Region and employer scoping is central (lotse.core.scoping); this adds roles."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from lotse.accounts.models import Membership, Organisation
from lotse.core.scoping import memberships_of

ADVISER_ROLES = {Membership.Role.ADMIN, Membership.Role.ADVISER}
ADVISER_KINDS = {Organisation.Kind.FAI, Organisation.Kind.REGIONALAGENTUR}


def _memberships(user) -> list[Membership]:
    return memberships_of(user)  # the same cached list the scoping layer already loaded for this request


def adviser_teams(user) -> list[Organisation]:
    """The FAI NRW or Regionalagentur teams the user advises for."""
    if user is None or not user.is_authenticated:
        return []
    return [
        m.organisation
        for m in _memberships(user)
        if m.role in ADVISER_ROLES and m.organisation.kind in ADVISER_KINDS
    ]


def employer_organisations(user) -> list[Organisation]:
    if user is None or not user.is_authenticated:
        return []
    return [
        m.organisation for m in _memberships(user) if m.organisation.kind == Organisation.Kind.UNTERNEHMEN
    ]


def is_adviser(user) -> bool:
    return bool(adviser_teams(user))


def is_fai(user) -> bool:
    return any(team.kind == Organisation.Kind.FAI for team in adviser_teams(user))


def is_employer(user) -> bool:
    return bool(employer_organisations(user)) and not is_adviser(user)


def role_of(user) -> str | None:
    if is_adviser(user):
        return "adviser"
    if is_employer(user):
        return "employer"
    return None


def require_adviser(user) -> None:
    if not is_adviser(user):
        raise PermissionDenied


def require_case_reader(user) -> str:
    role = role_of(user)
    if role is None:
        raise PermissionDenied
    return role


def primary_team(user) -> Organisation | None:
    teams = adviser_teams(user)
    regional = [t for t in teams if t.kind == Organisation.Kind.REGIONALAGENTUR]
    return (regional or teams or [None])[0]
