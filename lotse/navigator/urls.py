from django.urls import path

from lotse.navigator import views

app_name = "navigator"
urlpatterns = [
    path("", views.start, name="start"),
    path("neu/", views.reset, name="reset"),
    path("frage/<str:question_id>/", views.question_step, name="question"),
    path("berufe/", views.job_search, name="job_search"),
    path("ergebnis/", views.result, name="result"),
    path("ergebnis/speichern/", views.save, name="save"),
    path("r/<str:token>/", views.saved_result, name="saved"),
    path("r/<str:token>/pdf/", views.saved_pdf, name="saved_pdf"),
    path("r/<str:token>/beratung/", views.advice, name="advice"),
]
