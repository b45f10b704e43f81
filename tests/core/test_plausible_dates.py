"""Every date field of every form refuses implausible dates (year 1, year 9999); the fields say their range."""

import datetime as dt
import importlib
import inspect
import pkgutil

import pytest
from django import forms

import lotse
from lotse.core.dates import PlausibleDateField, PlausibleDateTimeField, RecentDateField


def _form_classes():
    for module_info in pkgutil.walk_packages(lotse.__path__, "lotse."):
        if not module_info.name.endswith(".forms") and ".forms." not in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_no_form_declares_a_plain_date_field():
    plain = []
    classes = list(_form_classes())
    for cls in classes:
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.DateField | forms.DateTimeField) and not isinstance(
                field, PlausibleDateField | PlausibleDateTimeField
            ):
                plain.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert len(classes) > 20
    assert plain == []


def test_navigator_date_question_is_bounded():
    """The navigator builds its fields per question at run time: its source must use the plausible field."""
    source = inspect.getsource(importlib.import_module("lotse.navigator.forms"))
    assert "forms.DateField(" not in source and "PlausibleDateField(" in source


@pytest.mark.parametrize("typed", ["0001-01-01", "1899-12-31", "9999-12-31", "2101-01-01"])
def test_default_range(typed):
    field = PlausibleDateField()
    with pytest.raises(forms.ValidationError) as error:
        field.clean(typed)
    assert error.value.code == "date_range"


def test_recent_range_and_widget_limits():
    field = RecentDateField(widget=forms.DateInput(attrs={"type": "date"}))
    assert field.clean("2026-03-02") == dt.date(2026, 3, 2)
    for typed in ("1999-12-31", f"{dt.date.today().year + 6}-01-01"):
        with pytest.raises(forms.ValidationError):
            field.clean(typed)
    field = RecentDateField(widget=type("W", (forms.DateInput,), {"input_type": "date"})())
    assert field.widget.attrs["min"] == "2000-01-01"
