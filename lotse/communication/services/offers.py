"""The directory of regional offers, kept by each Regionalagentur (FAI NRW may help everywhere)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from lotse.communication.models import RegionalOffer
from lotse.communication.services.content import Content
from lotse.core import audit, permissions

if TYPE_CHECKING:
    from lotse.reference.models import Arbeitsmarktregion


@dataclass(frozen=True, kw_only=True)
class OfferContent(Content):
    """What an offer's form edits; all of it is kept in the audit log. The region is fixed when it is created."""

    kind: str
    name: str
    description_de: str
    description_en: str = ""
    url: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    active: bool = True


def _maintainer(actor, region_id: int):
    teams = permissions.editor_teams(actor)
    own = [t for t in teams if t.region_id == region_id]
    return (own or teams)[0]


@transaction.atomic
def offer_create(*, actor, region: Arbeitsmarktregion, content: OfferContent) -> RegionalOffer:
    permissions.require(permissions.can_manage_offer(actor, region.pk))
    offer = content.create(RegionalOffer(region=region, organisation=_maintainer(actor, region.pk), updated_by=actor))
    audit.record(
        actor=actor,
        action="offer.create",
        obj=offer,
        region_id=region.pk,
        new=OfferContent.from_instance(offer).values(),
    )
    return offer


@transaction.atomic
def offer_update(*, actor, offer: RegionalOffer, content: OfferContent) -> RegionalOffer:
    offer = RegionalOffer.objects.select_for_update().get(pk=offer.pk)
    permissions.require(permissions.can_manage_offer(actor, offer.region_id))
    old = OfferContent.from_instance(offer).values()
    offer.updated_by = actor
    content.update(offer)
    audit.record(
        actor=actor,
        action="offer.update",
        obj=offer,
        region_id=offer.region_id,
        old=old,
        new=OfferContent.from_instance(offer).values(),
    )
    return offer
