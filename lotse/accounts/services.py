"""State changes for organisations and memberships; each one writes its audit entry."""

from __future__ import annotations

from django.db import transaction

from lotse.accounts.models import Membership, Organisation, User
from lotse.core import audit


def _snapshot(organisation: Organisation) -> dict:
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "region": organisation.region_id,
        "gemeinde": organisation.gemeinde_id,
    }


@transaction.atomic
def organisation_create(
    *,
    actor,
    name: str,
    kind: str,
    region=None,
    gemeinde=None,
    street: str = "",
    postcode: str = "",
    city: str = "",
) -> Organisation:
    if gemeinde is not None and region is None:
        region = gemeinde.arbeitsmarktregion  # employers are routed to the region of their Gemeinde
    organisation = Organisation.objects.create(
        name=name, kind=kind, region=region, gemeinde=gemeinde, street=street, postcode=postcode, city=city
    )
    audit.record(
        actor=actor,
        action="organisation.create",
        obj=organisation,
        new=_snapshot(organisation),
        organisation_id=organisation.pk,
    )
    return organisation


@transaction.atomic
def membership_grant(*, actor, user: User, organisation: Organisation, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if created:
        audit.record(
            actor=actor,
            action="membership.grant",
            obj=membership,
            new={"user": user.pk, "organisation": organisation.pk, "role": role},
            region_id=organisation.region_id,
            organisation_id=organisation.pk,
        )
    return membership
