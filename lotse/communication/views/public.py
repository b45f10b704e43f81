"""Public pages: news, their list by region and topic, and the regional offers."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from lotse.communication import selectors
from lotse.communication.models import NewsItem, RegionalOffer


def news_list(request):
    from lotse.events.models import Tag  # noqa: PLC0415
    from lotse.reference.models import Arbeitsmarktregion  # noqa: PLC0415

    region, topic = request.GET.get("region", "")[:60], request.GET.get("thema", "")[:60]
    page = Paginator(selectors.news_public(region_slug=region, topic_slug=topic), selectors.PAGE_SIZE).get_page(
        request.GET.get("seite")
    )
    return render(
        request,
        "communication/news_list.html",
        {
            "page": page,
            "regions": Arbeitsmarktregion.objects.order_by("name"),
            "topics": Tag.objects.all(),
            "region": region,
            "topic": topic,
            "query": urlencode({"region": region, "thema": topic}),
        },
    )


def news_detail(request, pk: int):
    try:
        item = selectors.news_get_public(pk=pk)
    except NewsItem.DoesNotExist as error:
        raise Http404 from error
    return render(request, "communication/news_detail.html", {"item": item})


def offers_public(request):
    from lotse.reference.models import Arbeitsmarktregion  # noqa: PLC0415

    region, kind = request.GET.get("region", "")[:60], request.GET.get("art", "")[:30]
    return render(
        request,
        "communication/offers_public.html",
        {
            "offers": selectors.offers_public(region_slug=region, kind=kind),
            "regions": Arbeitsmarktregion.objects.order_by("name"),
            "kinds": RegionalOffer.Kind.choices,
            "region": region,
            "kind": kind,
        },
    )
