from django.contrib.auth import views as auth_views
from django.urls import include, path

from lotse.accounts import views as account_views
from lotse.accounts.forms import LoginForm
from lotse.core import legal
from lotse.core import views as core_views
from lotse.reference import views as reference_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("start/", core_views.start, name="start"),
    path("regionalagentur-finden/", reference_views.find_region, name="find_region"),
    path("behoerden/", reference_views.authorities, name="authorities"),
    path("impressum/", legal.imprint, name="imprint"),
    path("datenschutz/", legal.privacy, name="privacy"),
    path("barrierefreiheit/", legal.accessibility, name="accessibility"),
    path("kontakt/", legal.contact, name="contact"),
    path("favicon.ico", legal.favicon),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/password_reset/", account_views.RateLimitedPasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("konto/", include("lotse.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("lotse.api.urls")),
    path("navigator/", include("lotse.navigator.urls")),
    path("", include("lotse.workspace.urls")),
    path("faelle/", include("lotse.cases.urls")),
    path("workshops/", include("lotse.events.urls")),
    path("faire-anwerbung/", include("lotse.fairness.urls")),
    path("willkommensplan/", include("lotse.welcome.urls")),
    path("auswertung/", include("lotse.reporting.urls")),
    path("", include("lotse.communication.urls")),
    path("", include("lotse.ops.urls")),
]

# A database that cannot be reached gets a 503 "bitte erneut versuchen" page, every other error Django's 500.
handler500 = "lotse.ops.views.server_error"
