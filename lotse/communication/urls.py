from django.urls import path

from lotse.communication import views
from lotse.communication.feeds import NewsFeed

app_name = "communication"

# Public pages (mounted at the site root by lotse/urls.py) and the back office under /kommunikation/.
public = [
    path("aktuelles/", views.news_list, name="news_list"),
    path("aktuelles/feed.rss", NewsFeed(), name="news_feed"),
    path("aktuelles/<int:pk>/", views.news_detail, name="news_detail"),
    path("regionale-angebote/", views.offers_public, name="offers_public"),
    path("newsletter/", views.newsletter_subscribe, name="newsletter_subscribe"),
    path("newsletter/gesendet/", views.newsletter_sent, name="newsletter_sent"),
    path("newsletter/bestaetigen/<str:token>/", views.newsletter_confirm, name="newsletter_confirm"),
    path("newsletter/abmelden/<str:token>/", views.newsletter_unsubscribe, name="newsletter_unsubscribe"),
    path("newsletter/einstellungen/<str:token>/", views.newsletter_preferences, name="newsletter_preferences"),
]
backoffice = [
    path("kommunikation/", views.hub, name="hub"),
    path("kommunikation/nachrichten/", views.news_manage, name="news_manage"),
    path("kommunikation/nachrichten/neu/", views.news_create, name="news_create"),
    path("kommunikation/nachrichten/<int:pk>/", views.news_edit, name="news_edit"),
    path("kommunikation/nachrichten/<int:pk>/<slug:action>/", views.news_action, name="news_action"),
    path("kommunikation/kalender/", views.calendar, name="calendar"),
    path("kommunikation/kalender/neu/", views.entry_create, name="entry_create"),
    path("kommunikation/kalender/<int:pk>/", views.entry_edit, name="entry_edit"),
    path("kommunikation/angebote/", views.offers_manage, name="offers_manage"),
    path("kommunikation/angebote/neu/", views.offer_create, name="offer_create"),
    path("kommunikation/angebote/<int:pk>/", views.offer_edit, name="offer_edit"),
    path("kommunikation/textvorlagen/", views.templates_list, name="templates"),
    path("kommunikation/textvorlagen/neu/", views.template_create, name="template_create"),
    path("kommunikation/textvorlagen/<int:pk>/", views.template_edit, name="template_edit"),
    path("kommunikation/textvorlagen/<int:pk>/verwenden/", views.template_use, name="template_use"),
    path("kommunikation/newsletter/", views.newsletter_manage, name="newsletter_manage"),
]
urlpatterns = public + backoffice
