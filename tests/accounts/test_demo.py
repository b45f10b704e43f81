"""Demo data: every role exists, loading twice changes nothing, demo users see what their role allows."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from lotse.accounts.demo import DEMO_PASSWORD, DEMO_USERS, demo_code, load_demo_data
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


def test_demo_users_log_in_with_password_and_demo_code_and_see_their_scope(client, small_gemeinden):
    load_demo_data()
    for email, *_ in DEMO_USERS:
        client.cookies.clear()
        response = client.post(reverse("login"), {"username": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        # Every demo account has the public demo secret as its second factor (README); its code lets it in.
        TOTPDevice.objects.filter(user__email=email).update(last_t=-1)
        response = client.post(reverse("accounts:otp_verify"), {"token": demo_code(), "next": "/start/"})
        assert response.status_code == 302 and response["Location"] == "/start/", email
        assert client.get(reverse("start")).status_code == 200, email
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
