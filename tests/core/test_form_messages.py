"""Every form of Lotse, submitted empty: specific messages only (never Django's generic "Dieses Feld ist zwingend
erforderlich" / "This field is required"), no "---------" choice, and a field labelled optional accepts nothing."""

import importlib
import inspect
import pkgutil
from datetime import date
from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils import translation

import lotse
from lotse.core.form_messages import required_message
from lotse.core.permissions import STATEWIDE
from lotse.navigator.forms import AnswerForm
from lotse.reporting.periods import MONTH, QUARTER, YEAR
from lotse.rules import interview

GENERIC = {"Dieses Feld ist zwingend erforderlich.", "This field is required."}
DASHES = "---------"


def lotse_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(lotse.__path__, "lotse."):
        if module.name.rsplit(".", 1)[-1] == "forms" or ".forms." in module.name:
            importlib.import_module(module.name)
    found = []
    seen = set()
    stack = [forms.Form, forms.ModelForm]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("lotse.") and sub not in seen and not inspect.isabstract(sub):
                seen.add(sub)
                found.append(sub)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def keyword_values(world):
    from lotse.accounts.models import Organisation
    from lotse.reference.models import Arbeitsmarktregion

    regions = Arbeitsmarktregion.objects.all()
    teams = Organisation.objects.filter(kind=Organisation.Kind.REGIONALAGENTUR)
    return {
        "advisers": [(world["users"]["adviser_a"].pk, "A")],
        "exclude_team": None,
        "pathways": [("blue_card", "Blaue Karte EU")],
        "teams": teams,
        "choices": {"regions": regions, "topics": [], "formats": [("online", "Online")]},
        "sessions": [],
        "organiser_queryset": Organisation.objects.all(),
        "regions": regions,
        "placeholders": ["name"],
        "lang": "de",
        "language": "de",
        "periods": {QUARTER: [SimpleNamespace(key="2026-Q1", label="1. Quartal 2026")], MONTH: [], YEAR: []},
        "breakdowns": [("sector", "Branche")],
        "audience": SimpleNamespace(kind=STATEWIDE),
        "region_names": {1: "Münsterland"},
        "user": world["users"]["adviser_a"],
        "request": None,
    }


def build(form_class, world, event, question=None):
    values = keyword_values(world)
    values["event"] = event
    values["question"] = question
    kwargs = {}
    for name, parameter in inspect.signature(form_class.__init__).parameters.items():
        if name in ("self", "args", "kwargs", "data", "files") or parameter.kind in (
            parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD
        ):
            continue
        if parameter.default is parameter.empty:
            if name not in values:
                raise LookupError(f"{form_class.__qualname__} needs {name}")
            kwargs[name] = values[name]
    if "data" in inspect.signature(form_class.__init__).parameters and list(
        inspect.signature(form_class.__init__).parameters
    )[1] == "data":
        return form_class({}, **kwargs)
    return form_class(data={}, files={}, **kwargs)


@pytest.fixture
def event(world):
    from lotse.core.scoping import system_access
    from lotse.events.models import Event

    with system_access("test setup"):
        return Event.objects.create(title_de="Workshop", format=Event.Format.ONLINE)


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_form_submitted_empty_says_specifically_what_is_missing(world, event, language):
    problems, checked = [], 0
    from lotse.core.scoping import system_access

    with translation.override(language), system_access("test: every form"):
        for form_class in lotse_forms() + [auth_forms.AuthenticationForm, auth_forms.PasswordResetForm]:
            name = f"{form_class.__module__}.{form_class.__qualname__}"
            try:
                built = [build(form_class, world, event)] if form_class is not AnswerForm else [
                    build(form_class, world, event, question) for question in interview.questions().values()
                ]
            except LookupError as missing:
                problems.append(f"cannot build {name}: {missing}")
                continue
            for form in built:
                checked += 1
                problems += check(form, name)
    assert problems == [], "\n".join(problems)
    assert checked >= 40


def check(form, name) -> list[str]:
    problems = []
    if True:
        if True:
            form.is_valid()
            for field_name, field in form.fields.items():
                choices = getattr(field, "choices", None) or []
                if any(str(label) == DASHES for _, label in list(choices)[:3]):
                    problems.append(f"{name}.{field_name}: '{DASHES}' choice")
                errors = [str(e) for e in form.errors.get(field_name, [])]
                if set(errors) & GENERIC:
                    problems.append(f"{name}.{field_name}: generic message {errors}")
                # The navigator's group question: its fieldset is not labelled optional and says "at least one".
                group = name.endswith("AnswerForm") and field_name == "answer" and form.question.kind == "group"
                if errors and not field.required and not isinstance(field.widget, forms.HiddenInput) and not group:
                    problems.append(f"{name}.{field_name}: optional but refused empty: {errors}")
    return problems


def test_messages_name_the_field(db):
    with translation.override("de"):
        assert required_message(forms.CharField(label="Ort"), "place") == "Bitte geben Sie „Ort“ an."
        assert required_message(forms.ChoiceField(label="Status"), "s") == "Bitte wählen Sie „Status“ aus."
        assert required_message(forms.FileField(label="Datei"), "f") == "Bitte wählen Sie eine Datei für „Datei“ aus."
    with translation.override("en"):
        assert required_message(forms.CharField(label="Place"), "place") == "Please enter “Place”."
    _ = date  # keep the import for date fields in forms built above
