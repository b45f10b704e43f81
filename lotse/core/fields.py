"""A bound form field as data for components/field.html and components/widget.html (KERN UX markup).

Django's own widget rendering goes through the template engine once per widget and once per option of a select,
which made forms the most expensive part of the case pages (bench/cases.py). Here the values Django's widget
templates would use are gathered in one pass, and one template draws label, hint, error and widget. Widgets this
module does not know are drawn by Django itself (`django_html`).

Attributes are [(name, value)] pairs; a value of None stands for an attribute without value (`required`).
"""

from __future__ import annotations

from typing import TypedDict

from django import forms

# Dicts, not objects: the template engine finds a dict's keys at its first try (an object's attributes only after
# a failed item lookup); with a dozen values per field and one per option that is a quarter of a form's rendering.


class Option(TypedDict):
    """An option of a select or of a group of radio buttons or checkboxes."""

    value: str
    label: str
    selected: bool
    id: str


class Widget(TypedDict):
    kind: str  # input | textarea | select | django
    attrs: list[tuple[str, str | None]]
    value: str  # textarea
    options: list[Option]  # select
    django_html: str  # what Django rendered (a SafeString), kind "django"
    wrapped: bool  # a select inside KERN's select wrapper


class Field(TypedDict):
    kind: str  # widget | choices | checkbox
    id: str
    name: str
    label: str
    required: bool
    hint: str
    hint_id: str
    errors: str
    error_id: str
    described_by: str
    widget: Widget | None  # kind "widget"
    choice_type: str  # radio | checkbox (kind "choices")
    options: list[Option]  # kind "choices"
    checked: bool  # kind "checkbox"


def _widget(kind: str, attrs=(), *, value="", options=(), django_html="", wrapped=False) -> Widget:
    return Widget(
        kind=kind, attrs=list(attrs), value=value, options=list(options), django_html=django_html, wrapped=wrapped
    )


# Widgets whose Django template is the plain <input> (date.html, email.html etc. only include input.html).
_INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "email", "number", "url", "date", "hidden", "password")
}


def _pairs(attrs: dict) -> list[tuple[str, str | None]]:
    """Attributes as Django's flatatt writes them: True → without value, False and None → left out."""
    pairs = []
    for name, value in attrs.items():
        if value is True:
            pairs.append((name, None))
        elif value is not False and value is not None:
            pairs.append((name, str(value)))
    return pairs


def _described_by(bound) -> list[str]:
    ids = []
    if bound.help_text:
        ids.append(f"{bound.auto_id}-hint")
    if bound.errors:
        ids.append(f"{bound.auto_id}-error")
    return ids


def widget(bound) -> Widget:
    """The bare widget with KERN classes, its hint/error ids and aria-invalid."""
    is_select = bound.widget_type == "select"
    css = "kern-form-input__select" if is_select else "kern-form-input__input"
    attrs = {"class": css + (f" {css}--error" if bound.errors else "")}
    described_by = _described_by(bound)
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if bound.errors:
        attrs["aria-invalid"] = "true"
    django_widget = bound.field.widget
    if type(django_widget) is forms.Select:
        return _select(bound, attrs)
    if type(django_widget) is forms.Textarea or django_widget.template_name in _INPUT_TEMPLATES:
        return _input(bound, attrs)
    return _widget("django", django_html=bound.as_widget(attrs=attrs), wrapped=is_select)


def _input(bound, attrs: dict) -> Widget:
    """Input and textarea elements with the attributes Django's own templates would write."""
    django_widget = bound.field.widget
    attrs = bound.build_widget_attrs(attrs, django_widget)
    if bound.auto_id and "id" not in django_widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    context = django_widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    value = "" if context["value"] is None else str(context["value"])
    if type(django_widget) is forms.Textarea:
        return _widget("textarea", [("name", context["name"]), *_pairs(context["attrs"])], value=value)
    pairs = [("type", context["type"]), ("name", context["name"])]
    if context["value"] is not None:
        pairs.append(("value", value))
    return _widget("input", pairs + _pairs(context["attrs"]))


def _select(bound, attrs: dict) -> Widget:
    """A single select. Option groups are drawn by Django."""
    django_widget = bound.field.widget
    choices = list(django_widget.choices)
    if any(isinstance(label, list | tuple) for _, label in choices):
        return _widget("django", django_html=bound.as_widget(attrs=attrs), wrapped=True)
    selected = set(django_widget.format_value(bound.value()))
    all_attrs = {
        **django_widget.attrs,
        **bound.build_widget_attrs(attrs, django_widget),
        "name": bound.html_name,
        "id": bound.auto_id,
    }
    options = [Option(value=str(v), label=str(label), selected=str(v) in selected, id="") for v, label in choices]
    return _widget("select", _pairs(all_attrs), options=options, wrapped=True)


def field(bound) -> Field:
    """One form field: label, hint, the error next to the field, and the value the user typed."""
    errors = " ".join(str(error) for error in bound.errors)
    common = {
        "id": bound.auto_id,
        "label": bound.label,
        "required": bound.field.required,
        "hint": bound.help_text,
        "hint_id": f"{bound.auto_id}-hint",
        "errors": errors,
        "error_id": f"{bound.auto_id}-error",
        "described_by": " ".join(_described_by(bound)),
        "name": bound.html_name,
    }
    widget_type = bound.widget_type
    if widget_type in ("radioselect", "checkboxselectmultiple"):
        options = [
            Option(
                value=str(choice.data["value"]),
                label=str(choice.choice_label),
                selected=bool(choice.data["selected"]),
                id=choice.id_for_label,
            )
            for choice in bound
        ]
        choice_type = "radio" if widget_type == "radioselect" else "checkbox"
        return Field(**common, kind="choices", widget=None, choice_type=choice_type, options=options, checked=False)
    if widget_type == "checkbox":
        return Field(**common, kind="checkbox", widget=None, choice_type="", options=[], checked=bool(bound.value()))
    return Field(**common, kind="widget", widget=widget(bound), choice_type="", options=[], checked=False)
