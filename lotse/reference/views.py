from django.shortcuts import render

from lotse.reference.forms import PlaceLookupForm
from lotse.reference.lookup import find_place
from lotse.reference.models import Arbeitsmarktregion, Authority


def find_region(request):
    """'Regionalagentur finden': PLZ or Gemeinde → Kreis → region → Regionalagentur and local offices."""
    form = PlaceLookupForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        result = find_place(form.cleaned_data["q"], chosen_ags=form.cleaned_data.get("ags") or None)
        if result.error:
            form.add_error("q", result.error)
    template = "reference/_lookup.html" if request.htmx else "reference/find_region.html"
    return render(request, template, {"form": form, "result": result})


def authorities(request):
    """The authority directory, with unverified entries marked as such."""
    kinds = [
        Authority.Kind.ZFE,
        Authority.Kind.RECOGNITION,
        Authority.Kind.BEZIRKSREGIERUNG,
        Authority.Kind.CHAMBER,
        Authority.Kind.FEDERAL,
        Authority.Kind.OTHER,
    ]
    statewide = Authority.objects.filter(kind__in=kinds).order_by("kind", "name")
    groups = [
        (label, [a for a in statewide if a.kind == kind])
        for kind, label in Authority.Kind.choices
        if kind in kinds
    ]
    return render(
        request,
        "reference/authorities.html",
        {
            "groups": [(label, items) for label, items in groups if items],
            "regions": Arbeitsmarktregion.objects.all(),
            "local_offices": Authority.objects.filter(kind=Authority.Kind.AUSLAENDERBEHOERDE).count(),
        },
    )
