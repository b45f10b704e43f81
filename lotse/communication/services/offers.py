"""The directory of regional offers, kept by each Regionalagentur (FAI NRW may help everywhere)."""

from __future__ import annotations

from django.db import transaction

from lotse.communication.models import RegionalOffer
from lotse.core import audit, permissions

FIELDS = ("kind", "name", "description_de", "description_en", "url", "email", "phone", "address", "active")


def _maintainer(actor, region_id: int):
    teams = permissions.editor_teams(actor)
    own = [t for t in teams if t.region_id == region_id]
    return (own or teams)[0]


@transaction.atomic
def offer_create(*, actor, region, **fields) -> RegionalOffer:
    permissions.require(permissions.can_manage_offer(actor, region.pk))
    offer = RegionalOffer.objects.create(
        region=region,
        organisation=_maintainer(actor, region.pk),
        updated_by=actor,
        **{key: fields[key] for key in FIELDS if key in fields},
    )
    audit.record(
        actor=actor, action="offer.create", obj=offer, region_id=region.pk, new={key: fields.get(key) for key in FIELDS}
    )
    return offer


@transaction.atomic
def offer_update(*, actor, offer: RegionalOffer, **fields) -> RegionalOffer:
    offer = RegionalOffer.objects.select_for_update().get(pk=offer.pk)
    permissions.require(permissions.can_manage_offer(actor, offer.region_id))
    old = {key: getattr(offer, key) for key in FIELDS}
    for key in FIELDS:
        if key in fields:
            setattr(offer, key, fields[key])
    offer.updated_by = actor
    offer.save()
    audit.record(
        actor=actor,
        action="offer.update",
        obj=offer,
        region_id=offer.region_id,
        old=old,
        new={key: getattr(offer, key) for key in FIELDS},
    )
    return offer
