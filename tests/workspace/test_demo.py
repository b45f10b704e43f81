"""`make run`'s demo data shows the employer's side: the Mettmann demo employer finds a document asked of it and a
message of its adviser in "Mein Bereich"."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from lotse.accounts.models import User
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def test_demo_employer_has_a_document_request_and_a_message(client, reference_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
        call_command("load_demo_cases", verbosity=0)
    log_in(client, User.objects.get(email="personal@mettmanner-metallbau.example"))
    page = client.get(reverse("start")).content.decode()
    assert "Arbeitsvertrag (unterschrieben)" in page and "ANF-" in page
    assert "Keine Nachrichten." not in page
