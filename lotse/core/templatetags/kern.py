"""Template helpers for KERN UX markup."""

from django import forms, template
from django.forms.utils import flatatt
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def kern_widget(field):
    """Render a text-like widget with KERN classes, its hint/error ids and aria-invalid."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    css = "kern-form-input__select" if field.widget_type == "select" else "kern-form-input__input"
    attrs = {"class": css + (f" {css}--error" if field.errors else "")}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    if type(field.field.widget) is forms.Select:
        return _select(field, attrs)
    return field.as_widget(attrs=attrs)


def _select(field, attrs: dict):
    """A single select rendered in Python: Django's renderer goes through one template per option, which made
    filter forms the most expensive part of list pages. Option groups fall back to Django's rendering."""
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
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, mark_safe(" selected") if str(value) in selected else "", label) for value, label in choices),
    )
    return format_html("<select{}>{}</select>", flatatt(all_attrs), options)


@register.filter
def euro(value, decimals=2):
    """German currency format: 45.934,20 €."""
    if value in (None, ""):
        return ""
    return f"{number_format(value, decimal_pos=int(decimals), use_l10n=True, force_grouping=True)} €"
