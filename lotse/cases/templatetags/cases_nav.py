from django import template

from lotse.cases.permissions import role_of

register = template.Library()


@register.simple_tag
def case_role(user):
    """'adviser', 'employer' or None: which case-work links the navigation shows."""
    return role_of(user)
