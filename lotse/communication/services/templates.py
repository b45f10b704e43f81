"""Shared text templates for advisers (mails to employers, invitations) in German and English."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from lotse.accounts.models import Organisation
from lotse.communication.models import PLACEHOLDER, TextTemplate
from lotse.communication.services.content import Content
from lotse.core import audit, permissions


@dataclass(frozen=True, kw_only=True)
class TemplateContent(Content):
    """What a template's form edits; all of it is kept in the audit log of a change."""

    title: str
    category: str
    subject_de: str
    body_de: str
    subject_en: str = ""
    body_en: str = ""


@transaction.atomic
def template_create(*, actor, organisation: Organisation, content: TemplateContent) -> TextTemplate:
    permissions.require(organisation.pk in {team.pk for team in permissions.editor_teams(actor)})
    template = content.create(TextTemplate(organisation=organisation, updated_by=actor))
    audit.record(
        actor=actor,
        action="text_template.create",
        obj=template,
        organisation_id=organisation.pk,
        new={"title": template.title},
    )
    return template


@transaction.atomic
def template_update(*, actor, template: TextTemplate, content: TemplateContent) -> TextTemplate:
    template = TextTemplate.objects.select_for_update().get(pk=template.pk)
    permissions.require(permissions.can_edit_template(actor, template))
    old = TemplateContent.from_instance(template).values()
    template.updated_by = actor
    content.update(template)
    audit.record(
        actor=actor,
        action="text_template.update",
        obj=template,
        organisation_id=template.organisation_id,
        old=old,
        new=TemplateContent.from_instance(template).values(),
    )
    return template


def fill(text: str, values: dict[str, str]) -> str:
    """Put the given values in for their {placeholders}; placeholders without a value stay visible."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1)) or match.group(0), text)
