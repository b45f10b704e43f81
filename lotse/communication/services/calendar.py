"""The shared editorial calendar of FAI NRW and the Regionalagenturen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from lotse.accounts.models import Organisation
from lotse.communication.models import EditorialEntry
from lotse.communication.services import CommunicationError
from lotse.communication.services.content import Content
from lotse.core import audit, permissions

if TYPE_CHECKING:
    from lotse.events.models import Tag


@dataclass(frozen=True, kw_only=True)
class EntryContent(Content):
    """What an entry's form edits; all of it is kept in the audit log."""

    title: str
    format: str
    starts_on: dt.date
    ends_on: dt.date | None = None
    topic: Tag | None = None
    status: str = EditorialEntry.Status.PLANNED
    notes: str = ""


def _check(content: EntryContent) -> None:
    if content.ends_on and content.ends_on < content.starts_on:
        raise CommunicationError(_("Das Ende liegt vor dem Beginn."))


@transaction.atomic
def entry_create(*, actor, organisation: Organisation, content: EntryContent) -> EditorialEntry:
    permissions.require(organisation.pk in {team.pk for team in permissions.planner_teams(actor)})
    _check(content)
    entry = content.create(
        EditorialEntry(organisation=organisation, region_id=organisation.region_id, created_by=actor)
    )
    audit.record(
        actor=actor,
        action="calendar.create",
        obj=entry,
        organisation_id=organisation.pk,
        region_id=organisation.region_id,
        new=EntryContent.from_instance(entry).values(),
    )
    return entry


@transaction.atomic
def entry_update(*, actor, entry: EditorialEntry, content: EntryContent) -> EditorialEntry:
    entry = EditorialEntry.objects.select_for_update().get(pk=entry.pk)
    permissions.require(permissions.can_edit_entry(actor, entry))
    _check(content)
    old = EntryContent.from_instance(entry).values()
    content.update(entry)
    audit.record(
        actor=actor,
        action="calendar.update",
        obj=entry,
        organisation_id=entry.organisation_id,
        old=old,
        new=EntryContent.from_instance(entry).values(),
    )
    return entry
