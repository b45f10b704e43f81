"""Template helpers for KERN UX markup.

Form fields are rendered in Python, not through Django's widget templates: those go through the template engine
once per widget (and once per option of a select), which made forms the most expensive part of the case pages
(measured with bench/cases.py). Widgets this module does not know fall back to Django's own rendering.
"""

from django import forms, template
from django.forms.utils import flatatt
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from lotse.core.html import esc

register = template.Library()

_ERROR_ICON = mark_safe('<span class="kern-icon kern-icon--danger kern-icon--default" aria-hidden="true"></span>')


@register.simple_tag
def kern_field(field) -> SafeString:
    """One form field in KERN markup: label, hint, the error next to the field, and the value the user typed."""
    widget_type = field.widget_type
    if widget_type in ("radioselect", "checkboxselectmultiple"):
        return _choice_fieldset(field, widget_type)
    if widget_type == "checkbox":
        return _checkbox(field)
    widget = kern_widget(field)
    if widget_type == "select":
        widget = f'<div class="kern-form-input__select-wrapper">{widget}</div>'
    error = " kern-form-input--error" if field.errors else ""
    return mark_safe(  # every value escaped (esc) or already HTML
        f'<div class="kern-form-input{error}"><label class="kern-label" for="{esc(field.auto_id)}">'
        f"{esc(field.label)}{_optional(field)}</label>{_hint(field)}{_error(field, icon=True)}{widget}</div>"
    )


# The parts below are HTML (SafeString): their values are escaped with esc.


def _optional(field) -> SafeString:
    if field.field.required:
        return mark_safe("")
    return mark_safe(f' <span class="kern-label__optional">– {esc(gettext("optional"))}</span>')


def _hint(field) -> SafeString:
    if not field.help_text:
        return mark_safe("")
    return mark_safe(f'<div class="kern-hint" id="{esc(field.auto_id)}-hint">{esc(field.help_text)}</div>')


def _error(field, *, icon: bool) -> SafeString:
    if not field.errors:
        return mark_safe("")
    messages = esc(" ".join(str(error) for error in field.errors))
    icon_html = _ERROR_ICON if icon else ""
    return mark_safe(f'<p class="kern-error" id="{esc(field.auto_id)}-error" role="alert">{icon_html}{messages}</p>')


def _described_by(field) -> list[str]:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return ids


def _choice_fieldset(field, widget_type: str) -> SafeString:
    kind = "radio" if widget_type == "radioselect" else "checkbox"
    css = f"kern-form-check__{kind}" + (f" kern-form-check__{kind}--error" if field.errors else "")
    described_by = _described_by(field)
    choices = format_html_join(
        "",
        '<div class="kern-form-check"><input class="{}" type="{}" name="{}" value="{}" id="{}"{}>'
        '<label class="kern-label" for="{}">{}</label></div>',
        (
            (
                css,
                kind,
                choice.data["name"],
                choice.data["value"],
                choice.id_for_label,
                mark_safe(" checked") if choice.data["selected"] else "",
                choice.id_for_label,
                choice.choice_label,
            )
            for choice in field
        ),
    )
    return format_html(
        '<fieldset class="kern-fieldset{}"{}><legend class="kern-label">{}{}</legend>{}{}'
        '<div class="kern-fieldset__body">{}</div></fieldset>',
        " kern-fieldset--error" if field.errors else "",
        format_html(' aria-describedby="{}"', " ".join(described_by)) if described_by else "",
        field.label,
        _optional(field),
        _hint(field),
        _error(field, icon=True),
        choices,
    )


def _checkbox(field) -> SafeString:
    return format_html(
        '<div class="kern-form-check{}"><input class="kern-form-check__checkbox" type="checkbox" name="{}" id="{}"{}>'
        '<label class="kern-label" for="{}">{}</label>{}</div>',
        " kern-form-check--error" if field.errors else "",
        field.html_name,
        field.auto_id,
        mark_safe(" checked") if field.value() else "",
        field.auto_id,
        field.label,
        _error(field, icon=False),
    )


@register.simple_tag
def kern_widget(field) -> SafeString:
    """The bare widget with KERN classes, its hint/error ids and aria-invalid."""
    described_by = _described_by(field)
    css = "kern-form-input__select" if field.widget_type == "select" else "kern-form-input__input"
    attrs = {"class": css + (f" {css}--error" if field.errors else "")}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    widget = field.field.widget
    if type(widget) is forms.Select:
        return _select(field, attrs)
    if widget.template_name in _INPUT_TEMPLATES or type(widget) is forms.Textarea:
        return _input(field, attrs)
    return field.as_widget(attrs=attrs)


# Widgets whose Django template is the plain <input> (date.html, email.html etc. only include input.html).
_INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "email", "number", "url", "date", "hidden", "password")
}


def _widget_context(field, attrs: dict) -> dict:
    widget = field.field.widget
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return widget.get_context(field.html_name, field.value(), attrs)["widget"]


def _input(field, attrs: dict) -> SafeString:
    """<input> and <textarea> as Django's own templates would write them."""
    context = _widget_context(field, attrs)
    if type(field.field.widget) is forms.Textarea:
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            context["name"],
            flatatt(context["attrs"]),
            "" if context["value"] is None else context["value"],
        )
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        context["type"],
        context["name"],
        "" if context["value"] is None else format_html(' value="{}"', str(context["value"])),
        flatatt(context["attrs"]),
    )


def _select(field, attrs: dict) -> SafeString:
    """A single select: Django's renderer goes through one template per option. Option groups fall back to it."""
    widget = field.field.widget
    choices = list(widget.choices)
    if any(isinstance(label, list | tuple) for _, label in choices):
        return field.as_widget(attrs=attrs)
    selected = set(widget.format_value(field.value()))
    all_attrs = {
        **widget.attrs,
        **field.build_widget_attrs(attrs, widget),
        "name": field.html_name,
        "id": field.auto_id,
    }
    options = "".join(
        f'<option value="{esc(value)}"{" selected" if str(value) in selected else ""}>{esc(label)}</option>'
        for value, label in choices
    )
    return format_html("<select{}>{}</select>", flatatt(all_attrs), mark_safe(options))


@register.filter
def euro(value, decimals=2):
    """German currency format: 45.934,20 €."""
    if value in (None, ""):
        return ""
    return f"{number_format(value, decimal_pos=int(decimals), use_l10n=True, force_grouping=True)} €"
