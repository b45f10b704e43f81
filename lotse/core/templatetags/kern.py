"""Template helpers for KERN UX markup: {% kern_field %} and {% kern_widget %} draw a form field with
components/field.html and components/widget.html from the values lotse.core.fields gathers; {{ v|euro }}."""

from django import template
from django.utils.formats import number_format

from lotse.core import fields

register = template.Library()


@register.inclusion_tag("components/field.html")
def kern_field(field) -> dict:
    """One form field in KERN markup: label, hint, the error next to the field, and the value the user typed."""
    return {"field": fields.field(field)}


@register.inclusion_tag("components/widget.html")
def kern_widget(field) -> dict:
    """The bare widget with KERN classes, its hint/error ids and aria-invalid."""
    return {"widget": fields.widget(field)}


@register.filter
def euro(value, decimals=2):
    """German currency format: 45.934,20 €."""
    if value in (None, ""):
        return ""
    return f"{number_format(value, decimal_pos=int(decimals), use_l10n=True, force_grouping=True)} €"
