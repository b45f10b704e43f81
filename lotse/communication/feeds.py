"""RSS 2.0 of the published news (all, or one region's and the statewide ones, or one topic)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext as _

from lotse.communication.selectors import news_public


class NewsFeed(Feed):
    def get_object(self, request):
        return {"region": request.GET.get("region", "")[:60], "topic": request.GET.get("thema", "")[:60]}

    def title(self, obj):
        return _("Fachkräfte-Lotse NRW – Aktuelles")

    def link(self, obj):
        return reverse("communication:news_list")

    def description(self, obj):
        return _("Nachrichten der NRW Fachkräfteagentur International und der Regionalagenturen.")

    def items(self, obj):
        return news_public(region_slug=obj["region"], topic_slug=obj["topic"], limit=30)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return reverse("communication:news_detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]
