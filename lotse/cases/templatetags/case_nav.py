"""The navigation of case work and a case's tabs (lotse.core.navigation), drawn by components/nav.html."""

from django import template
from django.utils.translation import gettext

from lotse.core import navigation

register = template.Library()


@register.inclusion_tag("components/nav.html", takes_context=True)
def case_subnav(context) -> dict:
    """{% case_subnav %}: the pages of case work, the current one marked."""
    return {
        "items": navigation.case_work_items(context["request"].path),
        "css_class": "subnav",
        "label": gettext("Fallarbeit"),
    }


@register.inclusion_tag("components/nav.html")
def case_tabs(tabs, current: str) -> dict:
    """{% case_tabs tabs tab %}: the tabs of a case page [(key, url, label)], the current one marked."""
    return {
        "items": navigation.tab_items(tabs, current),
        "css_class": "case-tabs",
        "label": gettext("Bereiche des Falls"),
    }
