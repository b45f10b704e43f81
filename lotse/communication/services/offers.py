"""The directory of regional offers, kept by each Regionalagentur (FAI NRW may help everywhere)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from lotse.communication.models import RegionalOffer
from lotse.core import audit, permissions

if TYPE_CHECKING:
    from lotse.reference.models import Arbeitsmarktregion



def _values(offer: RegionalOffer) -> dict:
    """What the audit log keeps of an offer."""
    return {
        "kind": offer.kind,
        "name": offer.name,
        "description_de": offer.description_de,
        "description_en": offer.description_en,
        "url": offer.url,
        "email": offer.email,
        "phone": offer.phone,
        "address": offer.address,
        "active": offer.active,
    }


def _maintainer(actor, region_id: int):
    teams = permissions.editor_teams(actor)
    own = [t for t in teams if t.region_id == region_id]
    return (own or teams)[0]


@transaction.atomic
def offer_create(
    *,
    actor,
    region: Arbeitsmarktregion,
    kind: str,
    name: str,
    description_de: str,
    description_en: str = "",
    url: str = "",
    email: str = "",
    phone: str = "",
    address: str = "",
    active: bool = True,
) -> RegionalOffer:
    permissions.require(permissions.can_manage_offer(actor, region.pk))
    offer = RegionalOffer.objects.create(
        region=region,
        organisation=_maintainer(actor, region.pk),
        updated_by=actor,
        kind=kind,
        name=name,
        description_de=description_de,
        description_en=description_en,
        url=url,
        email=email,
        phone=phone,
        address=address,
        active=active,
    )
    audit.record(actor=actor, action="offer.create", obj=offer, region_id=region.pk, new=_values(offer))
    return offer


@transaction.atomic
def offer_update(
    *,
    actor,
    offer: RegionalOffer,
    kind: str,
    name: str,
    description_de: str,
    description_en: str,
    url: str,
    email: str,
    phone: str,
    address: str,
    active: bool,
) -> RegionalOffer:
    offer = RegionalOffer.objects.select_for_update().get(pk=offer.pk)
    permissions.require(permissions.can_manage_offer(actor, offer.region_id))
    old = _values(offer)
    offer.kind, offer.name, offer.active = kind, name, active
    offer.description_de, offer.description_en = description_de, description_en
    offer.url, offer.email, offer.phone, offer.address = url, email, phone, address
    offer.updated_by = actor
    offer.save()
    audit.record(
        actor=actor,
        action="offer.update",
        obj=offer,
        region_id=offer.region_id,
        old=old,
        new=_values(offer),
    )
    return offer
