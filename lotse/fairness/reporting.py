"""The fair-recruitment self-check as a source of the reporting tables (statistic "self_checks", issue 15).

One fact per saved self-check, on the local day it was completed, in the employer's region, broken down by the
employer's WZ section and size class. Anonymous checks are not saved and so not counted. Registered by
FairnessConfig.ready(); system reads for aggregate statistics only (no answers, no names).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Min
from django.db.models.functions import TruncDate


def _local_date(field: str):
    return TruncDate(field, tzinfo=ZoneInfo(settings.TIME_ZONE))


def self_checks(first_day: dt.date, last_day: dt.date, as_of: dt.date) -> Iterable:
    from lotse.fairness.models import SelfCheck  # noqa: PLC0415
    from lotse.reporting import dimensions as dims  # noqa: PLC0415
    from lotse.reporting.dimensions import NO_REGION  # noqa: PLC0415
    from lotse.reporting.sources import Fact  # noqa: PLC0415

    rows = (
        SelfCheck.unscoped.annotate(day=_local_date("created_at"))
        .filter(day__gte=first_day, day__lte=min(last_day, as_of))
        .values_list(
            "day",
            "region_id",
            "organisation__region_id",
            "organisation__company_profile__wz_code",
            "organisation__company_profile__size_class",
        )
    )
    for day, region, organisation_region, wz, size in rows:
        yield Fact(
            day, region or organisation_region or NO_REGION, (dims.wz_section(wz), dims.size_class(size)), "done"
        )


def first_day() -> dt.date | None:
    from lotse.fairness.models import SelfCheck  # noqa: PLC0415

    return SelfCheck.unscoped.aggregate(day=Min(_local_date("created_at")))["day"]


def changed_days(since: dt.datetime) -> set[dt.date]:
    """Checks are never edited; a check saved late (a clock or an import) still reaches its day."""
    from lotse.fairness.models import SelfCheck  # noqa: PLC0415

    zone = ZoneInfo(settings.TIME_ZONE)
    return {
        moment.astimezone(zone).date()
        for moment in SelfCheck.unscoped.filter(created_at__gte=since).values_list("created_at", flat=True)
    }


def register() -> None:
    from lotse.reporting import sources  # noqa: PLC0415

    sources.register("self_checks", sources.Source(self_checks, first_day, changed_days))
