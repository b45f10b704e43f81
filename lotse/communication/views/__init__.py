"""Communication: public news, RSS and regional offers, the newsletter's public steps, and the back office of FAI
NRW and the Regionalagenturen (news with review, calendar, offers, text templates, newsletter) — one module per
purpose. URLs import the views from here."""

from lotse.communication.views.calendar import calendar, entry_create, entry_edit
from lotse.communication.views.news import hub, news_action, news_create, news_edit, news_manage
from lotse.communication.views.newsletter import (
    newsletter_confirm,
    newsletter_manage,
    newsletter_preferences,
    newsletter_sent,
    newsletter_subscribe,
    newsletter_unsubscribe,
)
from lotse.communication.views.offers import offer_create, offer_edit, offers_manage
from lotse.communication.views.public import news_detail, news_list, offers_public
from lotse.communication.views.templates import template_create, template_edit, template_use, templates_list

__all__ = [
    "news_list",
    "news_detail",
    "offers_public",
    "newsletter_subscribe",
    "newsletter_sent",
    "newsletter_confirm",
    "newsletter_unsubscribe",
    "newsletter_preferences",
    "newsletter_manage",
    "hub",
    "news_manage",
    "news_create",
    "news_edit",
    "news_action",
    "calendar",
    "entry_create",
    "entry_edit",
    "offers_manage",
    "offer_create",
    "offer_edit",
    "templates_list",
    "template_create",
    "template_edit",
    "template_use",
]
