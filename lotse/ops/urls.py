from django.urls import path

from lotse.ops import views

urlpatterns = [path("health/", views.health, name="health")]
