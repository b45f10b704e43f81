"""Shared text templates for advisers (mails to employers, invitations) in German and English."""

from __future__ import annotations

from django.db import transaction

from lotse.accounts.models import Organisation
from lotse.communication.models import PLACEHOLDER, TextTemplate
from lotse.core import audit, permissions

AUDITED = ("title", "category", "subject_de", "body_de", "subject_en", "body_en")


@transaction.atomic
def template_create(
    *,
    actor,
    organisation: Organisation,
    title: str,
    category: str,
    subject_de: str,
    body_de: str,
    subject_en: str = "",
    body_en: str = "",
) -> TextTemplate:
    permissions.require(organisation.pk in {team.pk for team in permissions.editor_teams(actor)})
    template = TextTemplate.objects.create(
        organisation=organisation,
        updated_by=actor,
        title=title,
        category=category,
        subject_de=subject_de,
        body_de=body_de,
        subject_en=subject_en,
        body_en=body_en,
    )
    audit.record(
        actor=actor,
        action="text_template.create",
        obj=template,
        organisation_id=organisation.pk,
        new={"title": template.title},
    )
    return template


@transaction.atomic
def template_update(
    *,
    actor,
    template: TextTemplate,
    title: str,
    category: str,
    subject_de: str,
    body_de: str,
    subject_en: str,
    body_en: str,
) -> TextTemplate:
    template = TextTemplate.objects.select_for_update().get(pk=template.pk)
    permissions.require(permissions.can_edit_template(actor, template))
    old = {key: getattr(template, key) for key in AUDITED}
    template.title, template.category = title, category
    template.subject_de, template.body_de = subject_de, body_de
    template.subject_en, template.body_en = subject_en, body_en
    template.updated_by = actor
    template.save()
    audit.record(
        actor=actor,
        action="text_template.update",
        obj=template,
        organisation_id=template.organisation_id,
        old=old,
        new={key: getattr(template, key) for key in AUDITED},
    )
    return template


def fill(text: str, values: dict[str, str]) -> str:
    """Put the given values in for their {placeholders}; placeholders without a value stay visible."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1)) or match.group(0), text)
