from django.urls import path

from lotse.api import views

app_name = "api"
urlpatterns = [
    path("assessments", views.assessments, name="assessments"),
    path("occupations", views.occupations, name="occupations"),
    path("openapi.json", views.openapi, name="openapi"),
]
