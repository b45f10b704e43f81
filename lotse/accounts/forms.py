"""Forms of the account pages: the second factor and the password reset with its rate limit."""

from __future__ import annotations

from django import forms
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
