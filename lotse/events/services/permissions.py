"""Who may create and manage events: members of an organising organisation."""

from __future__ import annotations

from lotse.accounts.models import Membership, Organisation
from lotse.events.models import Event

MANAGER_ROLES = (Membership.Role.ADMIN, Membership.Role.ADVISER, Membership.Role.EVENT_MANAGER)
ORGANISER_KINDS = (
    Organisation.Kind.FAI, Organisation.Kind.REGIONALAGENTUR, Organisation.Kind.KAMMER, Organisation.Kind.MINISTERIUM,
)




def organisations_managed_by(user) -> list[int]:
    if user is None or not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user, role__in=MANAGER_ROLES, organisation__kind__in=ORGANISER_KINDS)
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def can_create_events(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or organisations_managed_by(user)))


def can_manage(user, event: Event) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    managed = set(organisations_managed_by(user))
    organisers = Event.organisers.through.objects.filter(event_id=event.pk).values_list("organisation_id", flat=True)
    return bool(managed & set(organisers))


def _require_manager(actor, event: Event) -> None:
    if not can_manage(actor, event):
        raise PermissionError("Only members of an organising organisation manage this event.")
