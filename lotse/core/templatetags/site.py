"""{% site_url %}: links reversed once per process (see lotse.core.links); {% main_nav %}: the site's navigation
(lotse.core.navigation) drawn by components/nav.html."""

from django import template
from django.utils.translation import gettext

from lotse.core import navigation
from lotse.core.links import url_for

register = template.Library()


@register.simple_tag
def site_url(name: str, pk=None) -> str:
    """{% site_url 'home' %} or {% site_url 'cases:detail' case.pk %}: {% url %} for a URL without arguments or
    with one integer pk."""
    return url_for(name, pk)


@register.inclusion_tag("components/nav.html", takes_context=True)
def main_nav(context) -> dict:
    """The main navigation, the current page marked."""
    return {
        "items": navigation.main_items(context.get("request")),
        "css_class": "site-nav",
        "label": gettext("Hauptnavigation"),
    }
