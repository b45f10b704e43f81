from django import template

from lotse.cases import labels

register = template.Library()


@register.filter
def stage_label(stage, case_type=""):
    """{{ case.stage|stage_label:case.case_type }} → "Zustimmung der Bundesagentur für Arbeit"."""
    return labels.stage_label(stage or "", case_type or "")


@register.filter
def pathway_title(pathway):
    """{{ case.pathway|pathway_title }} → "Blaue Karte EU"."""
    return labels.pathway_title(pathway or "")
