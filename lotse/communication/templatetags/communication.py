"""{% regional_offers region %}: the offers of a region (Welcome Centers, language courses, local networks) for
any page that knows the region — the region finder, the navigator's result, the welcome plan.

    {% load communication %}
    {% regional_offers placement.region %}              all kinds, with a heading
    {% regional_offers region_id kinds="welcome_center,language_course" heading_level=3 %}
"""

from django import template
from django.utils.translation import gettext

from lotse.communication.selectors import offers_for_region
from lotse.core import navigation

register = template.Library()


@register.inclusion_tag("communication/_regional_offers.html")
def regional_offers(region, kinds: str = "", heading_level: int = 2):
    region_id = getattr(region, "pk", region)
    wanted = [kind.strip() for kind in kinds.split(",") if kind.strip()] or None
    return {
        "offers": offers_for_region(int(region_id) if region_id else None, kinds=wanted),
        "region_name": getattr(region, "name", ""),
        "heading_level": max(2, min(int(heading_level), 4)),
    }


@register.inclusion_tag("components/nav.html", takes_context=True)
def communication_subnav(context) -> dict:
    """{% communication_subnav %}: the editorial pages, the current one marked."""
    return {
        "items": navigation.communication_items(context.get("request")),
        "css_class": "subnav",
        "label": gettext("Kommunikation"),
    }
