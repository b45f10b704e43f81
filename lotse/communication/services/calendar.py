"""The shared editorial calendar of FAI NRW and the Regionalagenturen."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from lotse.accounts.models import Organisation
from lotse.communication.models import EditorialEntry
from lotse.communication.services import CommunicationError
from lotse.core import audit, permissions

if TYPE_CHECKING:
    from lotse.events.models import Tag



def _check(*, starts_on: dt.date, ends_on: dt.date | None) -> None:
    if ends_on and ends_on < starts_on:
        raise CommunicationError(_("Das Ende liegt vor dem Beginn."))


def _values(entry: EditorialEntry) -> dict:
    """What the audit log keeps of an entry."""
    return {
        "title": entry.title,
        "format": entry.format,
        "topic": entry.topic_id,
        "starts_on": entry.starts_on,
        "ends_on": entry.ends_on,
        "status": entry.status,
        "notes": entry.notes,
    }


@transaction.atomic
def entry_create(
    *,
    actor,
    organisation: Organisation,
    title: str,
    format: str,  # noqa: A002 - the model's field name
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    topic: Tag | None = None,
    status: str = EditorialEntry.Status.PLANNED,
    notes: str = "",
) -> EditorialEntry:
    permissions.require(organisation.pk in {team.pk for team in permissions.planner_teams(actor)})
    _check(starts_on=starts_on, ends_on=ends_on)
    entry = EditorialEntry.objects.create(
        organisation=organisation,
        region_id=organisation.region_id,
        created_by=actor,
        title=title,
        format=format,
        topic=topic,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        notes=notes,
    )
    audit.record(
        actor=actor,
        action="calendar.create",
        obj=entry,
        organisation_id=organisation.pk,
        region_id=organisation.region_id,
        new=_values(entry),
    )
    return entry


@transaction.atomic
def entry_update(
    *,
    actor,
    entry: EditorialEntry,
    title: str,
    format: str,  # noqa: A002 - the model's field name
    starts_on: dt.date,
    ends_on: dt.date | None,
    topic: Tag | None,
    status: str,
    notes: str,
) -> EditorialEntry:
    entry = EditorialEntry.objects.select_for_update().get(pk=entry.pk)
    permissions.require(permissions.can_edit_entry(actor, entry))
    _check(starts_on=starts_on, ends_on=ends_on)
    old = _values(entry)
    entry.title, entry.format, entry.topic, entry.status, entry.notes = title, format, topic, status, notes
    entry.starts_on, entry.ends_on = starts_on, ends_on
    entry.save()
    audit.record(
        actor=actor,
        action="calendar.update",
        obj=entry,
        organisation_id=entry.organisation_id,
        old=old,
        new=_values(entry),
    )
    return entry
