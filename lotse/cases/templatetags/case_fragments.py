"""{% step_list steps %} and {% timer_table timers %}: see lotse.cases.fragments."""

from django import template

from lotse.cases import fragments

register = template.Library()
register.simple_tag(fragments.step_list, name="step_list")
register.simple_tag(fragments.timer_table, name="timer_table")
