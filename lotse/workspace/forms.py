"""Forms of the workspace. Messages are specific ("Bitte … angeben"), never Django's generic ones."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.cases.forms import DateInput
from lotse.core.dates import PlausibleDateField
from lotse.workspace.services import MESSAGE_MAX_CHARS


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Datei (PDF, PNG oder JPEG, höchstens 10 MB)"),
        error_messages={
            "required": _("Bitte wählen Sie eine Datei aus."),
            "empty": _("Die gewählte Datei ist leer. Bitte wählen Sie die richtige Datei aus."),
            "invalid": _("Bitte wählen Sie eine Datei aus."),
        },
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Ihre Nachricht"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MESSAGE_MAX_CHARS,
        error_messages={
            "required": _("Bitte schreiben Sie eine Nachricht."),
            "max_length": _("Die Nachricht ist zu lang (höchstens %(limit_value)d Zeichen)."),
        },
    )


class DocumentRequestForm(forms.Form):
    document = forms.TypedChoiceField(label=_("Welche Unterlage?"), coerce=int, required=False, empty_value=None)
    label = forms.CharField(label=_("Oder eine andere Unterlage (Bezeichnung)"), required=False, max_length=300)
    note = forms.CharField(
        label=_("Hinweis an das Unternehmen"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = PlausibleDateField(
        label=_("Bitte bis"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Bitte geben Sie ein gültiges Datum an, z. B. 15.01.2027.")},
    )

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [("", _("– eine andere Unterlage (unten benennen) –"))] + [
            (d.pk, d.label_display) for d in documents
        ]
        # Without a document from the list the name is needed: not "optional" then (the page's error summary).
        if self.is_bound and not self.data.get(self.add_prefix("document")):
            self.fields["label"].required = True
            self.fields["label"].error_messages["required"] = _(
                "Bitte wählen Sie eine Unterlage aus der Liste oder geben Sie die Bezeichnung an."
            )

    def clean(self):
        data = super().clean()
        if not data.get("document") and not (data.get("label") or "").strip() and "label" not in self.errors:
            self.add_error(
                "label", _("Bitte wählen Sie eine Unterlage aus der Liste oder geben Sie die Bezeichnung an.")
            )
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Annehmen")), ("correct", _("Korrektur anfordern"))],
        error_messages={"required": _("Bitte entscheiden Sie: annehmen oder Korrektur anfordern.")},
    )
    reason = forms.CharField(label=_("Was soll korrigiert werden?"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "correct" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Bitte geben Sie an, was das Unternehmen korrigieren soll."))
        return data
