from django.urls import path

from lotse.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.overview_export, name="overview_export"),
    path("quartalsbericht/<str:period_key>.pdf", views.quarterly_report, name="quarterly_report"),
    path("berechnung/", views.status, name="status"),
    path("berechnung/neu/", views.rebuild, name="rebuild"),
    path("<slug:key>/", views.stat_detail, name="stat"),
    path("<slug:key>/tabelle.<str:fmt>", views.stat_export, name="export"),
]
