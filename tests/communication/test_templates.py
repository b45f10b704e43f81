"""Shared text templates: placeholders filled in, German and English, edited by their organisation only."""

import pytest
from django.urls import reverse

from lotse.communication.models import TextTemplate
from lotse.communication.services import templates as services
from lotse.core.scoping import visibility_for
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(people, world):
    with visibility_for(people["fai"]):
        return services.template_create(
            actor=people["fai"],
            organisation=world["orgs"]["fai"],
            content=services.TemplateContent(
                title="Einladung",
                category=TextTemplate.Category.INVITATION,
                subject_de="Einladung für {firma}",
                body_de="Guten Tag {ansprechperson}, wir sehen uns am {datum}.",
                subject_en="Invitation for {firma}",
                body_en="Dear {ansprechperson}, see you on {datum}.",
            ),
        )


def test_placeholders_are_found_and_filled(template):
    assert template.placeholders() == ["firma", "ansprechperson", "datum"]
    assert services.fill(template.body_de, {"ansprechperson": "Frau Lange"}) == (
        "Guten Tag Frau Lange, wir sehen uns am {datum}."
    )


def test_advisers_of_every_region_use_it_in_both_languages(client, people, template):
    log_in(client, people["adviser_b"])
    url = reverse("communication:template_use", args=[template.pk])
    page = client.get(url + "?language=en&p_firma=Pflege+B&p_ansprechperson=Mr+Jones").content.decode()
    assert "Invitation for Pflege B" in page and "Dear Mr Jones, see you on {datum}." in page
    assert "Vorlage bearbeiten" not in page
    assert client.get(reverse("communication:template_edit", args=[template.pk])).status_code == 403
    log_in(client, people["fai"])
    response = client.post(
        reverse("communication:template_edit", args=[template.pk]),
        {
            "title": "Einladung",
            "category": "invitation",
            "subject_de": "Neu",
            "body_de": "Text",
            "subject_en": "New",
            "body_en": "",
        },
    )
    assert response.status_code == 400 and "englische Fassung" in response.content.decode()
