from django.urls import path

from lotse.workspace import views

app_name = "workspace"
urlpatterns = [
    path("mein-bereich/faelle/<int:pk>/nachricht/", views.employer_message, name="employer_message"),
    path("mein-bereich/unterlagen/<int:pk>/", views.upload, name="upload"),
    path("faelle/<int:pk>/austausch/", views.exchange, name="exchange"),
    path("faelle/<int:pk>/unterlagen-paket/", views.filing_kit, name="filing_kit"),
    path("faelle/<int:pk>/unterlagen-paket.pdf", views.filing_kit_pdf, name="filing_kit_pdf"),
    path("faelle/<int:pk>/austausch/anfordern/", views.document_request, name="document_request"),
    path("faelle/<int:pk>/austausch/nachricht/", views.adviser_message, name="adviser_message"),
    path("faelle/unterlagen/<int:pk>/pruefen/", views.document_review, name="document_review"),
]
