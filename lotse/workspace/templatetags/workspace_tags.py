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


@register.filter
def has_filing_kit(case) -> bool:
    """{% if case|has_filing_kit %}: the case's pathway is covered by the accelerated procedure (§ 81a)."""
    from lotse.workspace.filing_kit import eligible  # noqa: PLC0415

    return eligible(case)
