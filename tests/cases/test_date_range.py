"""A case event in year 1 is refused (its timers would stop before they start)."""

from tests.conftest import log_in


def test_year_one_in_a_case_event_is_refused(client, world, cases):
    from django.urls import reverse

    from lotse.cases.models import CaseEvent
    from lotse.core.scoping import system_access

    log_in(client, world["users"]["adviser_a"])
    with system_access("t"):
        before = CaseEvent.objects.count()
    response = client.post(
        reverse("cases:event", args=[cases["a"].pk]),
        {"kind": "zab_statement_received", "occurred_on": "0001-01-01"},
    )
    assert response.status_code in (200, 302, 400)
    with system_access("t"):
        assert CaseEvent.objects.count() == before
        assert not CaseEvent.objects.filter(occurred_on__year=1).exists()
