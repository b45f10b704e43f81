from django.urls import path

from lotse.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("kalender.ics", views.event_feed, name="feed"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/kalender.ics", views.event_ics, name="event_ics"),
    path("<int:pk>/anmelden/", views.register, name="register"),
    path("anmeldung/<str:token>/", views.registration_detail, name="registration"),
    path("anmeldung/<str:token>/bestaetigen/", views.registration_confirm, name="registration_confirm"),
    path("anmeldung/<str:token>/stornieren/", views.registration_cancel, name="registration_cancel"),
    path("anmeldung/<str:token>/angebot-annehmen/", views.offer_accept, name="offer_accept"),
    path("anmeldung/<str:token>/termin.ics", views.registration_ics, name="registration_ics"),
    path("anmeldung/<str:token>/teilnahmebescheinigung.pdf", views.certificate, name="certificate"),
    # Back office for organisers
    path("verwaltung/", views.manage_list, name="manage_list"),
    path("verwaltung/neu/", views.manage_create, name="manage_create"),
    path("verwaltung/statistik/", views.manage_statistics, name="manage_statistics"),
    path("verwaltung/<int:pk>/", views.manage_event, name="manage_event"),
    path("verwaltung/<int:pk>/bearbeiten/", views.manage_edit, name="manage_edit"),
    path("verwaltung/<int:pk>/kopieren/", views.manage_copy, name="manage_copy"),
    path("verwaltung/<int:pk>/veroeffentlichen/", views.manage_publish, name="manage_publish"),
    path("verwaltung/<int:pk>/termin/", views.manage_session_create, name="manage_session_create"),
    path("verwaltung/<int:pk>/regel/", views.manage_rule_create, name="manage_rule_create"),
    path("verwaltung/<int:pk>/nachricht/", views.manage_message, name="manage_message"),
    path("verwaltung/<int:pk>/export.<str:fmt>", views.manage_export, name="manage_export"),
    path("verwaltung/termine/<int:session_pk>/bearbeiten/", views.manage_session_edit, name="manage_session_edit"),
    path("verwaltung/termine/<int:session_pk>/anwesenheit/", views.manage_attendance, name="manage_attendance"),
    path("verwaltung/termine/<int:session_pk>/teilnehmerliste.pdf", views.manage_attendance_pdf,
         name="manage_attendance_pdf"),
    path("verwaltung/anmeldungen/<int:registration_pk>/<str:action>/", views.manage_registration_action,
         name="manage_registration_action"),
]
