"""Forms of the account pages: the second factor and the password reset with its rate limit."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from lotse.accounts.twofactor import normalise_token


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("Sechs Ziffern aus Ihrer Authenticator-App – oder einer Ihrer Wiederherstellungscodes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "off"}),
    )

    def clean_token(self):
        token = normalise_token(self.cleaned_data["token"])
        if not token:
            raise forms.ValidationError(_("Bitte geben Sie den Code ein."))
        return token


class SetupForm(forms.Form):
    token = forms.CharField(
        label=_("Code aus der App"),
        max_length=16,
        help_text=_("Die sechs Ziffern, die Ihre App jetzt für den Fachkräfte-Lotsen NRW anzeigt."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError(_("Der Code besteht aus sechs Ziffern."))
        return token


class LoginForm(AuthenticationForm):
    """Django's log-in form, with a clear message for a self-registered account whose address is not confirmed yet
    (shown only to someone who knows the password, so it reveals nothing about which addresses exist)."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            from lotse.accounts.models import User  # noqa: PLC0415
            from lotse.accounts.registration import is_unverified  # noqa: PLC0415

            email, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
            user = User.objects.filter(email__iexact=email or "").first() if email and password else None
            if user is not None and is_unverified(user) and user.check_password(password):
                raise forms.ValidationError(
                    _(
                        "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse: Wir haben Ihnen einen Link geschickt. "
                        "Ohne Mail? Registrieren Sie sich erneut mit derselben Adresse."
                    ),
                    code="unverified",
                ) from None
            raise
