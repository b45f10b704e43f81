from django import forms
from django.utils.translation import gettext_lazy as _


class PlaceLookupForm(forms.Form):
    q = forms.CharField(
        label=_("Postleitzahl oder Ort des Arbeitsplatzes"),
        help_text=_("Zum Beispiel 40213 oder Mettmann."),
        max_length=100,
        error_messages={"required": _("Bitte geben Sie eine Postleitzahl oder einen Ort ein.")},
    )
    ags = forms.CharField(required=False, widget=forms.HiddenInput)
