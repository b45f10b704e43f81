"""Writes of reporting started by a person: a recomputation of a period, with its audit entry."""

from __future__ import annotations

from lotse.core import audit
from lotse.reporting.periods import Period


def rebuild_request(*, actor, period: Period) -> None:
    """Queue the recomputation of `period` for the worker (FAI NRW administration; the view checks the role)."""
    from lotse.reporting.tasks import rebuild_period  # noqa: PLC0415

    rebuild_period.enqueue(period.key, actor.pk)
    audit.record(actor=actor, action="reporting.rebuild", context={"period": period.key})
