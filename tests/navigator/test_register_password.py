"""Registering on the spot uses Django's password validators (issue 12: "1234567890" was accepted)."""

import pytest

from lotse.navigator.forms import RegisterForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password",
    ["1234567890", "password123", "qwertyuiop", "hr@firma-lange.example"],
)
def test_weak_passwords_are_refused_with_a_reason(password):
    form = RegisterForm({"company": "Lange GmbH", "email": "hr@firma-lange.example", "password": password})
    assert not form.is_valid()
    assert form.errors["password"]


def test_a_good_password_passes():
    form = RegisterForm({"company": "Lange GmbH", "email": "hr@firma-lange.example", "password": "Kran-Mond-Feder-42"})
    assert form.is_valid(), form.errors
