"""Specific messages instead of Django's generic ones, for every form (ADR 0152).

Installed once from CoreConfig.ready():
- a required field left empty says what to do with *this* field ("Bitte geben Sie „Ort“ an.", "Bitte wählen Sie
  „Status“ aus.") instead of "Dieses Feld ist zwingend erforderlich." A field with its own required message keeps
  it;
- the empty choice of a select reads "Bitte auswählen" (required) or "Keine Angabe" (optional), never "---------".
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.choices import CallableChoiceIterator
from django.utils.functional import lazy
from django.utils.translation import gettext

DASHES = BLANK_CHOICE_DASH[0][1]
GENERIC_REQUIRED = forms.Field.default_error_messages["required"]


def _label(field: forms.Field, name: str) -> str:
    return str(field.label or name.replace("_", " ")).strip().rstrip(":*").strip()


def required_message(field: forms.Field, name: str) -> str:
    label = _label(field, name)
    widget = field.widget
    if isinstance(field, forms.FileField):
        return gettext("Bitte wählen Sie eine Datei für „%(label)s“ aus.") % {"label": label}
    if isinstance(widget, forms.CheckboxSelectMultiple) or isinstance(field, forms.MultipleChoiceField):
        return gettext("Bitte wählen Sie bei „%(label)s“ mindestens eine Angabe aus.") % {"label": label}
    if isinstance(widget, forms.CheckboxInput):
        return gettext("Bitte bestätigen Sie: „%(label)s“.") % {"label": label}
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)) or isinstance(widget, forms.Select):
        return gettext("Bitte wählen Sie „%(label)s“ aus.") % {"label": label}
    if isinstance(field, (forms.DateField, forms.DateTimeField)):
        return gettext("Bitte geben Sie das Datum „%(label)s“ an.") % {"label": label}
    return gettext("Bitte geben Sie „%(label)s“ an.") % {"label": label}


def _specific(form: forms.BaseForm) -> None:
    for name, errors in (form._errors or {}).items():
        field = form.fields.get(name)
        if field is None or field.error_messages.get("required") is not GENERIC_REQUIRED:
            continue
        for index, error in enumerate(errors.data):
            if isinstance(error, ValidationError) and error.code == "required":
                errors.data[index] = ValidationError(required_message(field, name), code="required")


def _empty_label(required: bool) -> str:
    return gettext("Bitte auswählen") if required else gettext("Keine Angabe")


_lazy_empty_label = lazy(_empty_label, str)


def _no_dashes(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DASHES:
                field.empty_label = _lazy_empty_label(field.required)
        elif isinstance(field, forms.ChoiceField):
            choices = field.choices
            if isinstance(choices, CallableChoiceIterator):
                continue  # computed on each use (not a model's blank choice)
            choices = list(choices)  # model choices come as a BlankChoiceIterator
            if any(value == "" and label == DASHES for value, label in choices):
                field.choices = [
                    (value, _lazy_empty_label(field.required) if value == "" and label == DASHES else label)
                    for value, label in choices
                ]


def install() -> None:
    if getattr(forms.BaseForm, "_lotse_messages", False):
        return
    original_init, original_clean = forms.BaseForm.__init__, forms.BaseForm.full_clean

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        _no_dashes(self)

    def full_clean(self):
        original_clean(self)
        _specific(self)

    forms.BaseForm.__init__ = __init__
    forms.BaseForm.full_clean = full_clean
    forms.BaseForm._lotse_messages = True


__all__ = ["install", "required_message"]
