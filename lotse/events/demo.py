"""Demo workshops for trying Lotse out (after `lotse load-demo`). Idempotent: existing titles are kept."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lotse.accounts.models import Organisation, User
from lotse.core.scoping import system_access
from lotse.events import services
from lotse.events.models import Event, MailRule
from lotse.reference.models import Arbeitsmarktregion

TAGS = [
    ("anerkennung", "Anerkennung", "Recognition"),
    ("81a", "§ 81a beschleunigtes Verfahren", "§ 81a fast-track procedure"),
    ("faire-anwerbung", "Faire Anwerbung", "Fair recruitment"),
    ("willkommenskultur", "Willkommenskultur", "Welcome culture"),
    ("pflege", "Pflege", "Care"),
]


@transaction.atomic
def load_demo_events() -> list[Event]:
    with system_access("demo events"):
        tags = {slug: services.tag_get_or_create(slug=slug, name_de=de, name_en=en) for slug, de, en in TAGS}
        actor = User.objects.filter(email="veranstaltungen@lotse.example").first()
        ihk = Organisation.objects.filter(name="IHK Düsseldorf").first()
        fai = Organisation.objects.filter(kind=Organisation.Kind.FAI).first()
        if not (actor and ihk and fai):
            return []
        mettmann = Arbeitsmarktregion.objects.filter(slug="duesseldorf-kreis-mettmann").first()
        now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
        specs = [
            dict(title_de="Beschleunigtes Fachkräfteverfahren (§ 81a) in Mettmann",
                 title_en="The fast-track procedure (§ 81a) in Mettmann",
                 description_de="Praxisworkshop der IHK Düsseldorf und der FAI NRW: Ablauf, Vollmacht, Fristen "
                                "und Unterlagen – mit Beispielen aus Mettmanner Betrieben.",
                 description_en="Hands-on workshop by IHK Düsseldorf and FAI NRW: the steps, the power of attorney, "
                                "deadlines and documents – with examples from companies in Mettmann.",
                 format=Event.Format.IN_PERSON, venue="Kreishaus Mettmann", street="Düsseldorfer Straße 26",
                 postcode="40822", city="Mettmann", tags=["81a", "anerkennung"], regions=[mettmann],
                 start=now + timedelta(days=12, hours=10 - now.hour), capacity=30),
            dict(title_de="Webinar: Die Anerkennungspartnerschaft",
                 title_en="Webinar: the recognition partnership",
                 description_de="Landesweites Webinar der FAI NRW zur Anerkennungspartnerschaft nach § 16d Abs. 3 "
                                "AufenthG.",
                 description_en="Statewide webinar by FAI NRW on the recognition partnership under § 16d Abs. 3 "
                                "AufenthG.",
                 format=Event.Format.ONLINE, online_url="https://konferenz.example/anerkennungspartnerschaft",
                 statewide=True, tags=["anerkennung", "pflege"], regions=[],
                 start=now + timedelta(days=20, hours=14 - now.hour), capacity=200),
        ]
        events = []
        for spec in specs:
            existing = Event.objects.filter(title_de=spec["title_de"]).first()
            if existing:
                if not existing.description_en:  # loaded before the demo had English: add it
                    existing.description_en = spec["description_en"]
                    existing.save(update_fields=["description_en"])
                events.append(existing)
                continue
            start, capacity = spec.pop("start"), spec.pop("capacity")
            tag_slugs, regions = spec.pop("tags"), [r for r in spec.pop("regions") if r]
            event = services.event_create(
                actor=actor, organisers=[ihk, fai], tags=[tags[s] for s in tag_slugs], regions=regions,
                sessions=[{"starts_at": start, "ends_at": start + timedelta(hours=3), "capacity": capacity}],
                **spec,
            )
            services.mail_rule_create(actor=actor, event=event, anchor=MailRule.Anchor.BEFORE_START,
                                      offset_hours=48, audience=MailRule.Audience.CONFIRMED,
                                      subject="Erinnerung: Ihr Workshop in zwei Tagen",
                                      body="Wir freuen uns auf Sie.",
                                      subject_en="Reminder: your workshop in two days",
                                      body_en="We look forward to seeing you.")
            services.mail_rule_create(actor=actor, event=event, anchor=MailRule.Anchor.AFTER_END, offset_hours=4,
                                      audience=MailRule.Audience.ATTENDED, subject="Folien und Feedback",
                                      body="Vielen Dank für Ihre Teilnahme. Folien und Feedbackbogen folgen.",
                                      subject_en="Slides and feedback",
                                      body_en="Thank you for taking part. Slides and a feedback form will follow.")
            services.event_publish(actor=actor, event=event)
            events.append(event)
        return events
