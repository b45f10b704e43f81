"""Demo content for trying Lotse out (after `lotse load-demo` and `lotse load-demo-events`). Idempotent.

The offers are real programmes and places (with their public pages); news, calendar entries and templates are
examples written for the demo.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from lotse.accounts.models import Organisation, User
from lotse.communication.models import EditorialEntry, NewsItem, RegionalOffer, TextTemplate
from lotse.communication.services import calendar, news, offers, templates
from lotse.core.scoping import system_access
from lotse.reference.models import Arbeitsmarktregion

OFFERS = [
    # (region slug, kind, name, description, url)
    (
        "emscher-lippe",
        "welcome_center",
        "Welcome Center Nördliches Ruhrgebiet",
        "Anlaufstelle für internationale Fachkräfte und Unternehmen in der Emscher-Lippe-Region (ESF/JTF-gefördert).",
        "https://www.emscher-lippe.de/welcome-center/",
    ),
    (
        "duesseldorf-kreis-mettmann",
        "language_course",
        "Berufssprachkurse (BAMF)",
        "Deutsch für den Beruf, kostenfrei für Beschäftigte mit Zugang nach der DeuFöV; Träger vor Ort über die "
        "Kursuche des BAMF.",
        "https://www.bamf.de/DE/Themen/Integration/ZugewanderteTeilnehmende/DeutschBeruf/deutschberuf-node.html",
    ),
    (
        "duesseldorf-kreis-mettmann",
        "local_network",
        "Runder Tisch Internationale Fachkräfte",
        "Austausch von Unternehmen, Kammern, Ausländerbehörde und Arbeitsagentur in der Region; Termine bei der "
        "Regionalagentur.",
        "",
    ),
    (
        "muensterland",
        "language_course",
        "Berufssprachkurse (BAMF)",
        "Deutsch für den Beruf, auch berufsbegleitend; Kursorte im Münsterland über die Kurssuche des BAMF.",
        "https://www.bamf.de/DE/Themen/Integration/ZugewanderteTeilnehmende/DeutschBeruf/deutschberuf-node.html",
    ),
]


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


@transaction.atomic
def load_demo_communication() -> int:
    with system_access("demo communication"):
        fai_admin, fai_adviser = _user("admin@lotse.example"), _user("beratung.fai@lotse.example")
        duesseldorf, muenster = (
            _user("beratung.duesseldorf@lotse.example"),
            _user("beratung.muensterland@lotse.example"),
        )
        if not (fai_admin and fai_adviser and duesseldorf and muenster):
            return 0
        fai = Organisation.objects.get(kind=Organisation.Kind.FAI)
        regions = {r.slug: r for r in Arbeitsmarktregion.objects.all()}
        ra = {
            slug: Organisation.objects.get(kind="regionalagentur", region=regions[slug])
            for slug in ("duesseldorf-kreis-mettmann", "muensterland")
        }
        created = 0
        if not NewsItem.objects.exists():
            from lotse.events.models import Tag  # noqa: PLC0415

            tags = {t.slug: t for t in Tag.objects.all()}
            statewide = news.news_create(
                actor=fai_adviser,
                organisation=fai,
                content=news.NewsContent(
                    scope=NewsItem.Scope.STATEWIDE,
                    topics=tuple(t for s, t in tags.items() if s in ("81a", "anerkennung")),
                    title_de="Beschleunigtes Fachkräfteverfahren: was Unternehmen jetzt vorbereiten",
                    summary_de="Vollmacht, Unterlagen, Fristen: die FAI NRW erklärt in einer neuen Checkliste den "
                    "Ablauf nach § 81a AufenthG mit der ZFE NRW.",
                    body_de="Das beschleunigte Fachkräfteverfahren verkürzt die Wege zur Einreise. Entscheidend ist "
                    "eine vollständige Vorbereitung: die Vollmacht der Fachkraft, die Unterlagen zur Anerkennung und "
                    "das Arbeitsplatzangebot.\n\nDie Regionalagenturen beraten Sie gern zu Ihrem Fall.",
                    title_en="Fast-track procedure: what employers should prepare now",
                    summary_en="Power of attorney, documents, deadlines: FAI NRW explains the § 81a procedure with the "
                    "ZFE NRW in a new checklist.",
                    body_en="The fast-track procedure shortens the way to entry. What matters is complete preparation.",
                ),
            )
            news.news_submit(actor=fai_adviser, item=statewide)
            news.news_review(actor=fai_admin, item=statewide, approve=True)
            news.news_publish(actor=fai_adviser, item=statewide)
            regional = news.news_create(
                actor=duesseldorf,
                organisation=ra["duesseldorf-kreis-mettmann"],
                content=news.NewsContent(
                    scope=NewsItem.Scope.REGIONAL,
                    region=regions["duesseldorf-kreis-mettmann"],
                    topics=(tags["willkommenskultur"],) if "willkommenskultur" in tags else (),
                    title_de="Unternehmensfrühstück Willkommenskultur in Mettmann",
                    summary_de="Wie Betriebe im Kreis Mettmann neue internationale Kolleginnen und Kollegen gut "
                    "ankommen lassen – Erfahrungen aus der Praxis.",
                    body_de="Die Regionalagentur lädt Unternehmen zum Austausch über Onboarding, Wohnungssuche und "
                    "Sprachförderung ein.",
                ),
            )
            news.news_publish(actor=duesseldorf, item=regional)
            review = news.news_create(
                actor=duesseldorf,
                organisation=ra["duesseldorf-kreis-mettmann"],
                content=news.NewsContent(
                    scope=NewsItem.Scope.STATEWIDE,
                    title_de="Erfahrungsbericht: Pflegekräfte aus Indien in Mettmann",
                    summary_de="Ein Pflegedienst berichtet über seine ersten Einstellungen mit "
                    "Anerkennungspartnerschaft.",
                    body_de="Entwurf für die landesweite Seite – wartet auf die Freigabe durch FAI NRW.",
                ),
            )
            news.news_submit(actor=duesseldorf, item=review)
            created += 3
        for slug, kind, name, description, url in OFFERS:
            region = regions.get(slug)
            if region is None or RegionalOffer.objects.filter(region=region, name=name).exists():
                continue
            offers.offer_create(
                actor=fai_admin,
                region=region,
                content=offers.OfferContent(kind=kind, name=name, description_de=description, url=url, active=True),
            )
            created += 1
        if not EditorialEntry.objects.exists():
            week = timezone.localdate() + dt.timedelta(days=14)
            monday = week - dt.timedelta(days=week.weekday())
            calendar.entry_create(
                actor=duesseldorf,
                organisation=ra["duesseldorf-kreis-mettmann"],
                content=calendar.EntryContent(
                    title="Unternehmensfrühstück Willkommenskultur",
                    format=EditorialEntry.Format.EMPLOYER_BREAKFAST,
                    starts_on=monday + dt.timedelta(days=2),
                ),
            )
            calendar.entry_create(
                actor=muenster,
                organisation=ra["muensterland"],
                content=calendar.EntryContent(
                    title="Frühstück für Pflegebetriebe",
                    format=EditorialEntry.Format.EMPLOYER_BREAKFAST,
                    starts_on=monday + dt.timedelta(days=3),
                ),
            )
            calendar.entry_create(
                actor=fai_adviser,
                organisation=fai,
                content=calendar.EntryContent(
                    title="Pressemitteilung Jahresbilanz",
                    format=EditorialEntry.Format.PRESS_RELEASE,
                    starts_on=monday + dt.timedelta(days=7),
                ),
            )
            created += 3
        if not TextTemplate.objects.exists():
            templates.template_create(
                actor=fai_adviser,
                organisation=fai,
                content=templates.TemplateContent(
                    title="Erstkontakt nach einer Beratungsanfrage",
                    category=TextTemplate.Category.EMPLOYER_MAIL,
                    subject_de="Ihre Anfrage zur Einstellung einer internationalen Fachkraft",
                    body_de="Guten Tag {ansprechperson},\n\nvielen Dank für Ihre Anfrage. Gern beraten wir {firma} "
                    "kostenlos zu Aufenthaltsweg, Anerkennung und Ablauf. Passt Ihnen ein Gespräch am {datum}?\n\n"
                    "Freundliche Grüße\n{beraterin}",
                    subject_en="Your enquiry about hiring an international skilled worker",
                    body_en="Dear {ansprechperson},\n\nthank you for your enquiry. We are glad to advise {firma} free "
                    "of charge on the residence pathway, recognition and procedure. Would {datum} suit you for a "
                    "call?\n\nKind regards\n{beraterin}",
                ),
            )
            templates.template_create(
                actor=duesseldorf,
                organisation=ra["duesseldorf-kreis-mettmann"],
                content=templates.TemplateContent(
                    title="Einladung zum Workshop",
                    category=TextTemplate.Category.INVITATION,
                    subject_de="Einladung: {veranstaltung} am {datum}",
                    body_de="Guten Tag {ansprechperson},\n\nwir laden Sie herzlich zu „{veranstaltung}“ am {datum} in "
                    "{ort} ein. Anmeldung: {link}\n\nIhre Regionalagentur",
                    subject_en="Invitation: {veranstaltung} on {datum}",
                    body_en="Dear {ansprechperson},\n\nwe warmly invite you to “{veranstaltung}” on {datum} in {ort}. "
                    "Registration: {link}\n\nYour regional agency",
                ),
            )
            created += 2
        return created
