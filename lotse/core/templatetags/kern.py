"""Template helpers for KERN UX markup."""

from django import template
from django.utils.formats import number_format

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
    return field.as_widget(attrs=attrs)


@register.filter
def euro(value, decimals=2):
    """German currency format: 45.934,20 €."""
    if value in (None, ""):
        return ""
    return f"{number_format(value, decimal_pos=int(decimals), use_l10n=True, force_grouping=True)} €"
