"""{{ request.created_at|answer_due }}: the day an answer to an advice request is expected (service level, an
assumption: lotse/workspace/data/service_levels.yaml)."""

from django import template
from django.utils import timezone

from lotse.workspace import service_levels

register = template.Library()


@register.filter
def answer_due(received_at):
    if not received_at:
        return None
    return service_levels.advice_response_due(timezone.localtime(received_at).date())
