"""Who may do what in communication, derived from the existing membership roles (no roles of its own; see
docs/decisions/0072-communication-roles-and-review.md). One small module, to move into the central roles module.

* Editors: admin and adviser of FAI NRW or of a Regionalagentur. They write news for their organisation, keep
  their region's offers, plan in the shared calendar and write text templates.
* Reviewers of statewide news: admin and adviser of FAI NRW — never for a text they wrote themselves.
* Planners in the calendar: editors and event managers of FAI NRW and the Regionalagenturen.
* The newsletter is FAI NRW's: its admins and advisers manage it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from lotse.accounts.models import Membership, Organisation
from lotse.core.scoping import memberships_of

EDITOR_ROLES = {Membership.Role.ADMIN, Membership.Role.ADVISER}
PLANNER_ROLES = {*EDITOR_ROLES, Membership.Role.EVENT_MANAGER}
TEAM_KINDS = {Organisation.Kind.FAI, Organisation.Kind.REGIONALAGENTUR}


def _teams(user, roles) -> list[Organisation]:
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    teams = {}
    for membership in memberships_of(user):
        organisation = membership.organisation
        if organisation.kind in TEAM_KINDS and membership.role in roles:
            teams[organisation.pk] = organisation
    return list(teams.values())


def editor_teams(user) -> list[Organisation]:
    """The organisations the user writes for (FAI NRW first)."""
    return sorted(_teams(user, EDITOR_ROLES), key=lambda o: (o.kind != Organisation.Kind.FAI, o.name))


def planner_teams(user) -> list[Organisation]:
    return sorted(_teams(user, PLANNER_ROLES), key=lambda o: (o.kind != Organisation.Kind.FAI, o.name))


def is_editor(user) -> bool:
    return bool(editor_teams(user)) or bool(user and user.is_authenticated and user.is_superuser)


def is_statewide_reviewer(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or any(team.kind == Organisation.Kind.FAI for team in editor_teams(user))


def can_edit_news(user, item) -> bool:
    return item.organisation_id in {team.pk for team in editor_teams(user)}


def can_review(user, item) -> bool:
    """Four eyes: a reviewer of FAI NRW who did not write the text."""
    return item.scope == item.Scope.STATEWIDE and is_statewide_reviewer(user) and item.created_by_id != user.pk


def can_publish(user, item) -> bool:
    if item.scope == item.Scope.STATEWIDE:
        return item.status == item.Status.APPROVED and (can_edit_news(user, item) or is_statewide_reviewer(user))
    return item.status == item.Status.DRAFT and can_edit_news(user, item)


def offer_regions(user) -> set[int] | None:
    """The regions whose offers the user keeps: None means all (FAI NRW)."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return None
    regions: set[int] = set()
    for team in editor_teams(user):
        if team.kind == Organisation.Kind.FAI:
            return None
        regions.add(team.region_id)
    return regions


def can_manage_offer(user, region_id: int) -> bool:
    regions = offer_regions(user)
    return is_editor(user) and (regions is None or region_id in regions)


def can_edit_entry(user, entry) -> bool:
    return entry.organisation_id in {team.pk for team in planner_teams(user)}


def can_edit_template(user, template) -> bool:
    return template.organisation_id in {team.pk for team in editor_teams(user)}


def can_manage_newsletter(user) -> bool:
    return is_statewide_reviewer(user)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
