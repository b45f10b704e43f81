"""Roles and permissions of every app, in one place (docs/decisions/0101-one-permission-model.md).

Lotse has no roles of its own beyond the membership roles (lotse.accounts: admin, adviser, event manager, analyst,
member) in organisations of a kind (FAI NRW, Regionalagentur, Kammer, Ministerium, Unternehmen). This module
derives from them who may use which part of the application. What a user may *see* within a part is decided by
the scope (lotse.core.scoping); this module decides who may open a page or make a change at all.

Three kinds of names, one exception:

* questions: `is_adviser(user)`, `can_manage_event(user, event)`, … — booleans, for templates and selectors;
* checks: `require_adviser(user)`, `require(allowed)`, … — raise `PermissionDenied` (a 403) or return what the
  caller needs next (the role, the audience); services call them for the actor they are given;
* view decorators: `adviser_required`, `case_reader_required`, `event_organiser_required`, … — log-in first
  (anonymous users go to the log-in page), then the check (403).

Every refusal is `django.core.exceptions.PermissionDenied`; nothing raises the builtin PermissionError.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from lotse.accounts.models import Membership, Organisation
from lotse.core.scoping import memberships_of

Role = Membership.Role
Kind = Organisation.Kind

# ---------------------------------------------------------------------------------------------------------------
# Basics


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _superuser(user) -> bool:
    return _signed_in(user) and user.is_superuser


def require(allowed: bool) -> None:
    """Refuse unless `allowed` (for checks that need the object first, e.g. `require(can_edit_news(user, item))`)."""
    if not allowed:
        raise PermissionDenied


def permission_required(check: Callable[[object], bool]) -> Callable:
    """A view decorator: the user must be logged in (else the log-in page) and pass `check(user)` (else 403)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            require(check(request.user))
            return view(request, *args, **kwargs)

        wrapper.permission_check = check  # for tests and readers: what the view requires
        return wrapper

    return decorator


# ---------------------------------------------------------------------------------------------------------------
# Case work (lotse.cases): advisers of FAI NRW and the Regionalagenturen; employers read their own cases.

ADVISER_ROLES = {Role.ADMIN, Role.ADVISER}
ADVISER_KINDS = {Kind.FAI, Kind.REGIONALAGENTUR}


def adviser_teams(user) -> list[Organisation]:
    """The FAI NRW or Regionalagentur teams the user advises for."""
    if user is None or not user.is_authenticated:
        return []
    return [
        m.organisation
        for m in memberships_of(user)  # the same cached list the scoping layer already loaded for this request
        if m.role in ADVISER_ROLES and m.organisation.kind in ADVISER_KINDS
    ]


def employer_organisations(user) -> list[Organisation]:
    """The employers (organisations of kind Unternehmen) the user belongs to, in any role."""
    if user is None or not user.is_authenticated:
        return []
    return [m.organisation for m in memberships_of(user) if m.organisation.kind == Kind.UNTERNEHMEN]


def is_adviser(user) -> bool:
    return bool(adviser_teams(user))


def is_fai(user) -> bool:
    return any(team.kind == Kind.FAI for team in adviser_teams(user))


def is_employer(user) -> bool:
    return bool(employer_organisations(user)) and not is_adviser(user)


def role_of(user) -> str | None:
    """"adviser", "employer" or None: how the user reads cases."""
    if is_adviser(user):
        return "adviser"
    if is_employer(user):
        return "employer"
    return None


def primary_team(user) -> Organisation | None:
    teams = adviser_teams(user)
    regional = [t for t in teams if t.kind == Kind.REGIONALAGENTUR]
    return (regional or teams or [None])[0]


def require_adviser(user) -> None:
    require(is_adviser(user))


def require_case_reader(user) -> str:
    role = role_of(user)
    require(role is not None)
    return role


adviser_required = permission_required(is_adviser)
case_reader_required = permission_required(lambda user: role_of(user) is not None)
employer_required = permission_required(is_employer)  # the employer's side of its cases (lotse.workspace)


# ---------------------------------------------------------------------------------------------------------------
# Employers' own records (lotse.fairness self-checks, lotse.welcome plans and notices): members of the employer.


def employer_organisation(user) -> Organisation | None:
    """The employer the user saves checks and plans for (the first, by name, if there are several)."""
    organisations = employer_organisations(user)
    return organisations[0] if organisations else None


def acts_for(user, organisation_id: int) -> bool:
    """May the user change this employer's records (save, tick, record a hand-over)? Members only."""
    return any(o.pk == organisation_id for o in employer_organisations(user))


def require_member_of(user, organisation_id: int) -> None:
    require(acts_for(user, organisation_id))


def require_employer(user) -> Organisation:
    """The employer the user acts for; 403 for users of no employer."""
    employer = employer_organisation(user)
    require(employer is not None)
    return employer


# ---------------------------------------------------------------------------------------------------------------
# Workshops and joint events (lotse.events): members of an organising organisation manage its events.

EVENT_MANAGER_ROLES = (Role.ADMIN, Role.ADVISER, Role.EVENT_MANAGER)
EVENT_ORGANISER_KINDS = (Kind.FAI, Kind.REGIONALAGENTUR, Kind.KAMMER, Kind.MINISTERIUM)


def organisations_managed_by(user) -> list[int]:
    """Ids of the organising organisations whose events the user manages."""
    if user is None or not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user, role__in=EVENT_MANAGER_ROLES, organisation__kind__in=EVENT_ORGANISER_KINDS)
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def can_create_events(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or organisations_managed_by(user)))


def can_manage_event(user, event) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    managed = set(organisations_managed_by(user))
    organisers = event.organisers.through.objects.filter(event_id=event.pk).values_list("organisation_id", flat=True)
    return bool(managed & set(organisers))


def require_event_creator(user) -> None:
    require(can_create_events(user))


def require_event_manager(user, event) -> None:
    require(can_manage_event(user, event))


event_organiser_required = permission_required(can_create_events)


# ---------------------------------------------------------------------------------------------------------------
# Communication (lotse.communication; docs/decisions/0072-communication-roles-and-review.md)
#
# * Editors: admin and adviser of FAI NRW or of a Regionalagentur. They write news for their organisation, keep
#   their region's offers, plan in the shared calendar and write text templates.
# * Reviewers of statewide news: admin and adviser of FAI NRW — never for a text they wrote themselves.
# * Planners in the calendar: editors and event managers of FAI NRW and the Regionalagenturen.
# * The newsletter is FAI NRW's: its admins and advisers manage it.

EDITOR_ROLES = {Role.ADMIN, Role.ADVISER}
PLANNER_ROLES = {*EDITOR_ROLES, Role.EVENT_MANAGER}
TEAM_KINDS = {Kind.FAI, Kind.REGIONALAGENTUR}


def _teams(user, roles) -> list[Organisation]:
    if not _signed_in(user):
        return []
    teams = {}
    for membership in memberships_of(user):
        organisation = membership.organisation
        if organisation.kind in TEAM_KINDS and membership.role in roles:
            teams[organisation.pk] = organisation
    return list(teams.values())


def editor_teams(user) -> list[Organisation]:
    """The organisations the user writes for (FAI NRW first)."""
    return sorted(_teams(user, EDITOR_ROLES), key=lambda o: (o.kind != Kind.FAI, o.name))


def planner_teams(user) -> list[Organisation]:
    return sorted(_teams(user, PLANNER_ROLES), key=lambda o: (o.kind != Kind.FAI, o.name))


def is_editor(user) -> bool:
    return bool(editor_teams(user)) or bool(user and user.is_authenticated and user.is_superuser)


def is_planner(user) -> bool:
    return bool(planner_teams(user)) or bool(user and user.is_authenticated and user.is_superuser)


def is_communication_team(user) -> bool:
    """Anyone with a part in communication: editors and planners."""
    return bool(planner_teams(user)) or is_editor(user)


def is_statewide_reviewer(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or any(team.kind == Kind.FAI for team in editor_teams(user))


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
        if team.kind == Kind.FAI:
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


communication_team_required = permission_required(is_communication_team)
editor_required = permission_required(is_editor)
planner_required = permission_required(is_planner)
newsletter_manager_required = permission_required(can_manage_newsletter)


# ---------------------------------------------------------------------------------------------------------------
# Reporting (lotse.reporting): who sees which figures. The rows are decided by the scope of the count table
# (ReportCell.visibility_filter); the audience decides who may open the pages at all, and which layout they get:
#
# * FAI NRW (admin, adviser, analyst) and superusers: every figure, all regions, no suppression ("statewide");
# * a Regionalagentur (admin, adviser, analyst): the detail of its own region ("region");
# * the ministry (admin, analyst): aggregates after disclosure control ("ministry").

MINISTRY, STATEWIDE, REGIONAL = "ministry", "statewide", "region"
READER_ROLES = {Role.ADMIN, Role.ADVISER, Role.ANALYST}
MINISTRY_ROLES = {Role.ADMIN, Role.ANALYST}


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
    if not _signed_in(user):
        return None
    if user.is_superuser:
        return Audience(STATEWIDE, can_rebuild=True)
    statewide, rebuild, ministry, regions = False, False, False, set()
    for membership in memberships_of(user):
        kind = membership.organisation.kind
        if kind == Kind.FAI and membership.role in READER_ROLES:
            statewide = True
            rebuild = rebuild or membership.role == Role.ADMIN
        elif kind == Kind.REGIONALAGENTUR and membership.role in READER_ROLES:
            regions.add(membership.organisation.region_id)
        elif kind == Kind.MINISTERIUM and membership.role in MINISTRY_ROLES:
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
    require(audience is not None)
    return audience


def require_quarterly_report(user) -> Audience:
    """The quarterly report is the ministry's: its analysts and FAI NRW (who send it) may download it."""
    audience = require_audience(user)
    require(audience.kind in (MINISTRY, STATEWIDE))
    return audience


def require_rebuild(user) -> Audience:
    audience = require_audience(user)
    require(audience.can_rebuild)
    return audience

