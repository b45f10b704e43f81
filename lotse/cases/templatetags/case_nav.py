"""The fragments of lotse.cases.fragments as template tags."""

from django import template

from lotse.cases import fragments

register = template.Library()
register.simple_tag(fragments.step_list, name="step_list")
register.simple_tag(fragments.timer_table, name="timer_table")
register.simple_tag(fragments.stage_rows, name="stage_rows")
register.simple_tag(fragments.overdue_items, name="overdue_items")
register.simple_tag(fragments.open_document_items, name="open_document_items")
register.simple_tag(fragments.case_tabs, name="case_tabs")
register.simple_tag(fragments.page_links, name="page_links")


@register.simple_tag(takes_context=True)
def case_subnav(context):
    return fragments.case_subnav(context["request"].path)
