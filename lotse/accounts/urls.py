from django.urls import path

from lotse.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("zwei-faktor/", views.otp_verify, name="otp_verify"),
    path("zwei-faktor/einrichten/", views.otp_setup, name="otp_setup"),
    path("wiederherstellungscodes/", views.recovery_codes, name="recovery_codes"),
    path("bestaetigen/", views.verify_email, name="verify_email"),
    path("ueberall-abmelden/", views.logout_everywhere, name="logout_everywhere"),
]
