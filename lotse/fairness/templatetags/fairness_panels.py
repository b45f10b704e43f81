"""{% company_fair_panel company %}: the employer's self-checks and welcome plans on the adviser's company page.

One tag for the company page in lotse/cases, so that page needs a single line and no knowledge of these apps.
Reads go through the scoped managers: the panel shows only what the viewer may see.
"""

from django import template

from lotse.fairness import selectors
from lotse.fairness.presentation import content_language

register = template.Library()


@register.inclusion_tag("fairness/_company_panel.html")
def company_fair_panel(company):
    from lotse.welcome.selectors import plans_summary  # noqa: PLC0415  (the welcome app is optional here)

    lang = content_language()
    areas, rows = selectors.history(organisation_id=company.pk, lang=lang, limit=5)
    return {"company": company, "areas": areas, "rows": rows, "plans": plans_summary(organisation_id=company.pk)}
