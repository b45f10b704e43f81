from django.urls import path

from lotse.fairness import views

app_name = "fairness"
urlpatterns = [
    path("", views.start, name="start"),
    path("ergebnis/", views.result, name="result"),
    path("ergebnis/pdf/", views.result_pdf, name="result_pdf"),
    path("ergebnis/speichern/", views.save, name="save"),
    path("verlauf/", views.history, name="history"),
    path("<int:pk>/", views.saved, name="saved"),
    path("<int:pk>/pdf/", views.saved_pdf, name="saved_pdf"),
]
