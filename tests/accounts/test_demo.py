"""Demo data: every role exists, loading twice changes nothing, demo users see what their role allows."""

import pytest

from lotse.accounts.demo import DEMO_PASSWORD, DEMO_USERS, load_demo_data
from lotse.accounts.models import Membership, Organisation, User
from lotse.core.models import AuditEntry
from lotse.core.scoping import visibility_for

pytestmark = pytest.mark.django_db


def counts():
    return (
        Organisation.unscoped.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEntry.unscoped.count(),
    )


def test_demo_data_is_complete_and_idempotent(small_gemeinden):
    load_demo_data()
    first = counts()
    load_demo_data()
    assert counts() == first
    kinds = set(Organisation.unscoped.values_list("kind", flat=True))
    assert kinds == {"fai", "regionalagentur", "unternehmen", "ministerium", "kammer"}
    assert Organisation.unscoped.filter(kind="regionalagentur").count() == 16
    employers = Organisation.unscoped.filter(kind="unternehmen")
    assert employers.count() == 3
    assert employers.values("region").distinct().count() == 3  # three different regions
    assert set(Membership.objects.values_list("role", flat=True)) == set(Membership.Role.values)


def test_demo_users_log_in_and_see_their_scope(client, small_gemeinden):
    load_demo_data()
    for email, *_ in DEMO_USERS:
        assert client.login(username=email, password=DEMO_PASSWORD), email
    adviser = User.objects.get(email="beratung.duesseldorf@lotse.example")
    with visibility_for(adviser):
        assert list(Organisation.objects.filter(kind="unternehmen").values_list("city", flat=True)) == [
            "Mettmann"
        ]


def test_employer_is_routed_to_the_region_of_its_gemeinde(small_gemeinden):
    load_demo_data()
    metallbau = Organisation.unscoped.get(name="Mettmanner Metallbau GmbH")
    assert metallbau.gemeinde.ags == "05158024"
    assert metallbau.region.slug == "duesseldorf-kreis-mettmann"
