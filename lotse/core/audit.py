"""The one helper through which every state change that matters is written to the audit log."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Mapping
from typing import Any

from django.db import models

from lotse.core.models import AuditEntry


def _plain(value: Any) -> Any:
    """Turn a field value into something JSON can hold, without losing its meaning."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields whose values differ, as {"field": {"old": …, "new": …}}."""
    changes = {}
    for key in sorted(set(old) | set(new)):
        before, after = _plain(old.get(key)), _plain(new.get(key))
        if before != after:
            changes[key] = {"old": before, "new": after}
    return changes


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    region_id: int | None = None,
    organisation_id: int | None = None,
    context: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit entry. `action` is a dotted code such as "case.handover" or "organisation.create"."""
    if "." not in action:
        raise ValueError(f"Audit action codes look like 'entity.verb', got {action!r}.")
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    if obj is not None:
        region_id = region_id if region_id is not None else getattr(obj, "region_id", None)
        organisation_id = (
            organisation_id if organisation_id is not None else getattr(obj, "organisation_id", None)
        )
    return AuditEntry.unscoped.create(
        actor=actor if authenticated else None,
        actor_label=(f"user:{actor.pk}" if authenticated else str(actor or "system")),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=f"{obj._meta.verbose_name} #{obj.pk}" if obj is not None else "",
        region_id=region_id,
        organisation_id=organisation_id,
        changes=diff(old or {}, new or {}),
        context=_plain(dict(context or {})),
    )


# What an employer sees of the log on its start page: changes to its own requests, cases and documents. Reads by
# staff (candidate.view, document.download, person.export), notes, hand-overs and deadlines are internal; a new
# action stays internal until it is added here.
EMPLOYER_VISIBLE_ACTIONS = frozenset(
    {
        "advice_request.create",
        "case.open",
        "case.close",
        "document.upload",
        "document.status",
        "company.profile_save",
        "organisation.create",
        "membership.grant",
    }
)
