"""The shared editorial calendar of FAI NRW and the Regionalagenturen."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from lotse.accounts.models import Organisation
from lotse.communication.models import EditorialEntry
from lotse.communication.services import CommunicationError
from lotse.core import audit, permissions

FIELDS = ("title", "format", "topic", "starts_on", "ends_on", "status", "notes")


def _check(fields: dict) -> None:
    if fields.get("ends_on") and fields["ends_on"] < fields["starts_on"]:
        raise CommunicationError(_("Das Ende liegt vor dem Beginn."))


@transaction.atomic
def entry_create(*, actor, organisation: Organisation, **fields) -> EditorialEntry:
    permissions.require(organisation.pk in {team.pk for team in permissions.planner_teams(actor)})
    _check(fields)
    entry = EditorialEntry.objects.create(
        organisation=organisation,
        region_id=organisation.region_id,
        created_by=actor,
        **{key: fields.get(key) for key in FIELDS if key in fields},
    )
    audit.record(
        actor=actor,
        action="calendar.create",
        obj=entry,
        organisation_id=organisation.pk,
        region_id=organisation.region_id,
        new={key: fields.get(key) for key in FIELDS},
    )
    return entry


@transaction.atomic
def entry_update(*, actor, entry: EditorialEntry, **fields) -> EditorialEntry:
    entry = EditorialEntry.objects.select_for_update().get(pk=entry.pk)
    permissions.require(permissions.can_edit_entry(actor, entry))
    _check(fields)
    old = {key: getattr(entry, key) for key in FIELDS}
    for key in FIELDS:
        if key in fields:
            setattr(entry, key, fields[key])
    entry.save()
    audit.record(
        actor=actor,
        action="calendar.update",
        obj=entry,
        organisation_id=entry.organisation_id,
        old=old,
        new={key: getattr(entry, key) for key in FIELDS},
    )
    return entry
