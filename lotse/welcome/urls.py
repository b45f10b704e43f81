from django.urls import path

from lotse.welcome import views

app_name = "welcome"
urlpatterns = [
    path("", views.start, name="start"),
    path("pdf/<str:kind>/", views.plan_pdf, name="plan_pdf"),
    path("speichern/", views.save, name="save"),
    path("meine/", views.my_plans, name="mine"),
    path("fall/<int:case_pk>/", views.case_plan, name="case_plan"),
    path("<int:pk>/", views.saved_plan, name="plan"),
    path("<int:pk>/aufgabe/<str:task_id>/", views.tick, name="tick"),
    path("<int:pk>/pdf/<str:kind>/", views.saved_plan_pdf, name="saved_plan_pdf"),
    path("hinweis-45c/", views.notice, name="notice"),
    path("hinweis-45c/pdf/", views.notice_pdf, name="notice_pdf"),
    path("hinweis-45c/<int:pk>/", views.saved_notice, name="saved_notice"),
    path("hinweis-45c/<int:pk>/pdf/", views.saved_notice_pdf, name="saved_notice_pdf"),
]
