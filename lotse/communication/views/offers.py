"""Regional offers, kept by the Regionalagenturen (FAI NRW for all regions)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lotse.communication import forms, selectors
from lotse.communication.models import RegionalOffer
from lotse.communication.services import offers as offer_services
from lotse.communication.views.common import _url
from lotse.core import permissions
from lotse.core.permissions import editor_required


@editor_required
def offers_manage(request):
    return render(request, "communication/offers_manage.html", {"offers": selectors.offers_managed(user=request.user)})


@editor_required
def offer_create(request):
    regions = permissions.offer_regions(request.user)
    form = forms.OfferForm(request.POST or None, regions=regions, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        offer_services.offer_create(actor=request.user, region=form.cleaned_data["region"], content=form.content())
        messages.success(request, _("Das Angebot ist gespeichert."))
        return redirect("communication:offers_manage")
    return render(
        request,
        "communication/form.html",
        {
            "form": form,
            "title": _("Neues regionales Angebot"),
            "back": _url("communication:offers_manage"),
        },
        status=400 if form.errors else 200,
    )


@editor_required
def offer_edit(request, pk: int):
    try:
        offer = RegionalOffer.objects.get(pk=pk)
    except RegionalOffer.DoesNotExist as error:
        raise Http404 from error
    permissions.require(permissions.can_manage_offer(request.user, offer.region_id))
    initial = {"region": offer.region_id, **offer_services.OfferContent.from_instance(offer).values()}
    form = forms.OfferForm(request.POST or None, regions=[offer.region_id], initial=initial)
    if request.method == "POST" and form.is_valid():
        offer_services.offer_update(actor=request.user, offer=offer, content=form.content())
        messages.success(request, _("Gespeichert."))
        return redirect("communication:offers_manage")
    return render(
        request,
        "communication/form.html",
        {
            "form": form,
            "title": _("Regionales Angebot bearbeiten"),
            "back": _url("communication:offers_manage"),
        },
        status=400 if form.errors else 200,
    )
