"""Writes of the self-check: saving a completed check for an employer, with its audit entry."""

from __future__ import annotations

from django.db import transaction

from lotse.core import audit
from lotse.core.permissions import require_member_of
from lotse.fairness.models import SelfCheck
from lotse.rules.fairness import selfcheck


@transaction.atomic
def selfcheck_save(*, actor, organisation, answers: dict, lang: str) -> SelfCheck:
    """Store a completed check for `organisation`; only its members may (advisers read, they do not answer)."""
    require_member_of(actor, organisation.pk)
    result = selfcheck.evaluate(answers, lang=lang)
    check = SelfCheck.objects.create(
        organisation=organisation,
        region_id=organisation.region_id,
        created_by=actor,
        lang=lang,
        content_version=result.version,
        answers=answers,
        scores=result.scores,
        red_flags=[flag.id for flag in result.red_flags],
    )
    audit.record(
        actor=actor,
        action="fairness.selfcheck_save",
        obj=check,
        new={"scores": check.scores, "red_flags": check.red_flags, "content_version": check.content_version},
        region_id=organisation.region_id,
        organisation_id=organisation.pk,
    )
    return check
