"""Legal parameter series about to run out of confirmed values (for the health check).

lotse.rules is getting its own Django-free `expiring_parameters(today, days)` with the same signature and row keys.
Until it lands, `expiring_series` below computes the same from the parameter data; once the rules package has it,
that one is used and `expiring_series` can be deleted.
"""

from __future__ import annotations

from datetime import date, timedelta

from lotse.rules.parameters import load_parameters


def expiring_series(today: date, days: int) -> list[dict]:
    """Series whose last value ends within `days` after `today`, or has ended already; soonest first.

    A series "ends" when its latest value carries an end date: after it the engine has no confirmed value.
    """
    horizon = today + timedelta(days=days)
    rows = []
    for parameter in load_parameters().values():
        last = max(parameter.values, key=lambda value: value.start)
        if last.end is None or last.end > horizon:
            continue
        rows.append(
            {
                "parameter": parameter.name,
                "description": parameter.description,
                "legal_reference": parameter.legal_reference,
                "file": parameter.file,
                "confirmed_until": last.end,
                "days_left": (last.end - today).days,
            }
        )
    return sorted(rows, key=lambda row: (row["confirmed_until"], row["parameter"]))


try:  # the rules package's own function, once it is there
    from lotse.rules.parameters import expiring_parameters
except ImportError:
    expiring_parameters = expiring_series
