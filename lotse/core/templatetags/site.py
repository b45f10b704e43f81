"""{% site_url %}: links reversed once per process (see lotse.core.links)."""

from django import template

from lotse.core.links import url_for

register = template.Library()


@register.simple_tag
def site_url(name: str, pk=None) -> str:
    """{% site_url 'home' %} or {% site_url 'cases:detail' case.pk %}: {% url %} for a URL without arguments or
    with one integer pk."""
    return url_for(name, pk)
