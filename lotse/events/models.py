"""Workshops and joint events: events with organisers, sessions with capacity, registrations and mail rules.

Scoping (see docs/decisions/0010-workshops-capacity-visibility-and-jobs.md):
- Events, their sessions and rules are public once published; drafts are visible to the organisers (and FAI NRW).
- Registrations hold personal data and are visible only to members of an organising organisation. System code
  (jobs, token links of guests) reads them through `Registration.unscoped` in selectors/services.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lotse.core.scoping import ScopedModel, Visibility


class Sector(models.TextChoices):
    """Coarse sectors for the statistics (kept after anonymisation)."""

    HANDWERK = "handwerk", _("Handwerk")
    INDUSTRIE = "industrie", _("Industrie und Produktion")
    PFLEGE = "pflege", _("Pflege und Gesundheit")
    IT = "it", _("IT und Digitales")
    LOGISTIK = "logistik", _("Logistik und Verkehr")
    GASTRO = "gastro", _("Hotel und Gastronomie")
    DIENSTLEISTUNG = "dienstleistung", _("Dienstleistungen")
    OEFFENTLICH = "oeffentlich", _("Öffentliche Verwaltung und Beratung")
    SONSTIGE = "sonstige", _("Sonstige")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _is_system(visibility: Visibility) -> bool:
    return visibility.label.startswith("system:")


def _is_superuser(visibility: Visibility) -> bool:
    """Only users who see all regions (superusers, FAI NRW) can be superusers: one small query for them."""
    if not visibility.all_regions or not visibility.label.startswith("user:"):
        return False
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    pk = visibility.label.removeprefix("user:")
    return pk.isdigit() and get_user_model().objects.filter(pk=int(pk), is_superuser=True).exists()


def organised_event_ids(visibility: Visibility):
    """Subquery: ids of events organised by one of the actor's organisations."""
    return Event.organisers.through.objects.filter(
        organisation_id__in=visibility.organisation_ids
    ).values("event_id")


def _event_filter(visibility: Visibility, prefix: str = "") -> Q:
    if _is_system(visibility) or visibility.all_regions:
        return Q()
    public = Q(**{f"{prefix}status__in": Event.PUBLIC_STATUSES})
    return public | Q(**{f"{prefix}pk__in": organised_event_ids(visibility)})


class Tag(models.Model):
    """A topic (Anerkennung, § 81a, faire Anwerbung …). Public vocabulary, not scoped."""

    slug = models.SlugField(max_length=60, unique=True)
    name_de = models.CharField(_("Name (Deutsch)"), max_length=80)
    name_en = models.CharField(_("Name (Englisch)"), max_length=80, blank=True)

    class Meta:
        ordering = ["name_de"]
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return (self.name_en if (get_language() or "de").startswith("en") else "") or self.name_de


class Event(ScopedModel):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("Präsenz")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        PUBLISHED = "published", _("Veröffentlicht")
        CANCELLED = "cancelled", _("Abgesagt")

    class Language(models.TextChoices):
        DE = "de", pgettext_lazy("language of an event", "Deutsch")
        EN = "en", pgettext_lazy("language of an event", "Englisch")
        DE_EN = "de_en", pgettext_lazy("language of an event", "Deutsch und Englisch")

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.CANCELLED)

    title_de = models.CharField(_("Titel (Deutsch)"), max_length=200)
    title_en = models.CharField(_("Titel (Englisch)"), max_length=200, blank=True)
    description_de = models.TextField(_("Beschreibung (Deutsch)"), blank=True)
    description_en = models.TextField(_("Beschreibung (Englisch)"), blank=True)
    organisers = models.ManyToManyField(
        "accounts.Organisation", related_name="organised_events", verbose_name=_("Veranstalter")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="events", verbose_name=_("Themen"))
    statewide = models.BooleanField(_("landesweit"), default=False)
    regions = models.ManyToManyField(
        "reference.Arbeitsmarktregion", blank=True, related_name="+", verbose_name=_("Regionen")
    )
    format = models.CharField(_("Format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    language = models.CharField(_("Sprache"), max_length=10, choices=Language.choices, default=Language.DE)
    venue = models.CharField(_("Veranstaltungsort"), max_length=200, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=5, blank=True)
    city = models.CharField(_("Ort"), max_length=120, blank=True)
    online_url = models.URLField(_("Link zur Online-Teilnahme"), blank=True)
    registration_opens_at = models.DateTimeField(_("Anmeldung ab"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("Anmeldung bis"), null=True, blank=True)
    requires_approval = models.BooleanField(_("Anmeldungen müssen bestätigt werden"), default=False)
    max_places_per_company = models.PositiveSmallIntegerField(_("Plätze je Unternehmen höchstens"), default=3)
    questions = models.JSONField(_("Zusätzliche Fragen"), default=list, blank=True)
    offer_hours = models.PositiveSmallIntegerField(_("Frist für Nachrücker-Angebote (Stunden)"), default=24)
    confirmation_minutes = models.PositiveSmallIntegerField(
        _("Frist für die E-Mail-Bestätigung (Minuten)"), default=60,
        help_text=_("So lange hält eine noch nicht bestätigte Anmeldung ihren Platz."),
    )
    retention_days = models.PositiveSmallIntegerField(
        _("Personenbezogene Daten löschen nach (Tagen)"), default=90
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    personal_data_deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")

    def __str__(self):
        return self.title

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> Q:
        return _event_filter(visibility)

    @property
    def title(self) -> str:
        return (self.title_en if (get_language() or "de").startswith("en") else "") or self.title_de

    @property
    def description(self) -> str:
        return (self.description_en if (get_language() or "de").startswith("en") else "") or self.description_de

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    @property
    def has_address(self) -> bool:
        return self.format in (self.Format.IN_PERSON, self.Format.HYBRID)

    @property
    def has_online_part(self) -> bool:
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)

    @property
    def address(self) -> str:
        parts = [self.venue, self.street, " ".join(p for p in (self.postcode, self.city) if p)]
        return ", ".join(p for p in parts if p)

    def registration_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        if self.registration_closes_at and now > self.registration_closes_at:
            return False
        return True


class Session(ScopedModel):
    """One date of an event with its own capacity. `places_taken` is only changed under a row lock."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    capacity = models.PositiveIntegerField(_("Plätze"))
    places_taken = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        constraints = [
            models.CheckConstraint(condition=Q(places_taken__lte=models.F("capacity")), name="session_not_oversold"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
        ]

    def __str__(self):
        from django.utils.formats import date_format  # noqa: PLC0415

        return f"{self.event} – {date_format(timezone.localtime(self.starts_at), 'SHORT_DATETIME_FORMAT')}"

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> Q:
        return _event_filter(visibility, "event__")

    @property
    def label(self) -> str:
        from django.utils.formats import date_format, time_format  # noqa: PLC0415

        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        day = f"{date_format(start, 'D')}, {date_format(start, 'SHORT_DATE_FORMAT')}"
        return f"{day}, {time_format(start, 'TIME_FORMAT')}–{time_format(end, 'TIME_FORMAT')}"

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.places_taken, 0)

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class Registration(ScopedModel):
    """One person's registration for one session (with one or more places for their company).

    Personal data, visible only to members of an organising organisation: the global `personal_data` flag of a
    visibility (regional case work) does not apply, so `contains_personal_data` stays False and the filter below
    is the whole rule (docs/decisions/0010-workshops-capacity-visibility-and-jobs.md).
    """

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("E-Mail noch nicht bestätigt")
        PENDING_APPROVAL = "pending_approval", _("wartet auf Freigabe")
        CONFIRMED = "confirmed", _("bestätigt")
        WAITLISTED = "waitlisted", _("Warteliste")
        OFFERED = "offered", _("Platz angeboten")
        CANCELLED = "cancelled", _("storniert")
        REJECTED = "rejected", _("abgelehnt")
        EXPIRED = "expired", _("verfallen")

    # Statuses that hold places of the session (counted in Session.places_taken).
    HOLDING = (Status.UNCONFIRMED, Status.PENDING_APPROVAL, Status.CONFIRMED, Status.OFFERED)
    ACTIVE = (*HOLDING, Status.WAITLISTED)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("Name"), max_length=150)
    company = models.CharField(_("Unternehmen oder Organisation"), max_length=200, blank=True)
    # The company normalised for the per-company limit (services.company_key); emptied with the personal data.
    company_key = models.CharField(max_length=200, blank=True, db_index=True)
    email = models.EmailField(_("E-Mail-Adresse"))
    places = models.PositiveSmallIntegerField(_("Plätze"), default=1)
    answers = models.JSONField(default=dict, blank=True)
    accessibility_needs = models.TextField(_("Barrierefreiheit"), blank=True)
    language = models.CharField(max_length=5, default="de")
    # For statistics that survive anonymisation: no personal data.
    region = models.ForeignKey(
        "reference.Arbeitsmarktregion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sector = models.CharField(_("Branche"), max_length=40, choices=Sector.choices, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UNCONFIRMED)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    hold_expires_at = models.DateTimeField(null=True, blank=True)  # unconfirmed e-mail: place released then
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        constraints = [
            models.UniqueConstraint(
                "event", models.functions.Lower("email"),
                condition=Q(status__in=["unconfirmed", "pending_approval", "confirmed", "waitlisted", "offered"])
                & Q(anonymised_at__isnull=True),
                name="one_active_registration_per_email_and_event",
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "created_at"])]

    def __str__(self):
        return f"{self._meta.verbose_name} #{self.pk}"

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> Q:
        """Members of an organising organisation (FAI NRW too, but only where it organises) and superusers.

        The same rule as lotse.core.permissions.can_manage_event: whoever may open the back office of an event
        sees its list.
        """
        if _is_system(visibility) or _is_superuser(visibility):
            return Q()
        return Q(event_id__in=organised_event_ids(visibility))

    @property
    def answers_given(self) -> bool:
        return any(self.answers.values()) if isinstance(self.answers, dict) else False

    @property
    def holds_place(self) -> bool:
        return self.status in self.HOLDING

    @property
    def attended(self) -> bool:
        return self.checked_in_at is not None


class MailRule(ScopedModel):
    """A scheduled e-mail relative to the sessions of an event (pretix's "e-mail rules")."""

    class Anchor(models.TextChoices):
        BEFORE_START = "before_start", _("vor Beginn")
        AFTER_END = "after_end", _("nach Ende")

    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", _("alle bestätigten Teilnehmenden")
        ATTENDED = "attended", _("nur Anwesende")
        NO_SHOW = "no_show", _("nur Nicht-Erschienene")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="mail_rules")
    anchor = models.CharField(_("Zeitpunkt"), max_length=20, choices=Anchor.choices)
    offset_hours = models.PositiveIntegerField(_("Abstand in Stunden"))
    audience = models.CharField(_("Empfänger"), max_length=20, choices=Audience.choices)
    subject = models.CharField(_("Betreff"), max_length=200)
    body = models.TextField(_("Text"))
    subject_en = models.CharField(_("Betreff (Englisch)"), max_length=200, blank=True,
                                  help_text=_("Optional; ohne englischen Text erhalten alle den deutschen."))
    body_en = models.TextField(_("Text (Englisch)"), blank=True)
    attach_ics = models.BooleanField(_("Kalendereintrag anhängen"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["anchor", "offset_hours", "pk"]
        verbose_name = _("E-Mail-Regel")
        verbose_name_plural = _("E-Mail-Regeln")

    def __str__(self):
        return self.subject

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> Q:
        if _is_system(visibility) or visibility.all_regions:
            return Q()
        return Q(event_id__in=organised_event_ids(visibility))

    def subject_for(self, language: str) -> str:
        """The subject in the participant's language; German when no English text is given."""
        return (self.subject_en if (language or "de").startswith("en") else "") or self.subject

    def body_for(self, language: str) -> str:
        return (self.body_en if (language or "de").startswith("en") else "") or self.body

    def due_at(self, session: Session):
        from datetime import timedelta  # noqa: PLC0415

        if self.anchor == self.Anchor.BEFORE_START:
            return session.starts_at - timedelta(hours=self.offset_hours)
        return session.ends_at + timedelta(hours=self.offset_hours)


class MailRuleDelivery(models.Model):
    """That a rule was sent to a registration: makes the worker idempotent. Ids only, no personal data."""

    rule = models.ForeignKey(MailRule, on_delete=models.CASCADE, related_name="deliveries")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule", "registration"], name="rule_sent_once")]

    def __str__(self):
        return f"rule {self.rule_id} → registration {self.registration_id}"
