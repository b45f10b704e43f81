"""Coordinated communication of FAI NRW and the 16 Regionalagenturen: news with a review step, a shared editorial
calendar, the directory of regional offers, the newsletter, and shared text templates.

Scoping (lotse.core.scoping): published news and regional offers are public; drafts belong to their organisation
and, for statewide news, to the reviewers of FAI NRW; the calendar and the text templates are shared by FAI NRW and
all Regionalagenturen; newsletter subscribers are personal data that only FAI NRW sees.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lotse.core.scoping import ScopedModel, Visibility


def _english() -> bool:
    return (get_language() or "de").startswith("en")


def new_token() -> str:
    return secrets.token_urlsafe(32)


class NewsItem(ScopedModel):
    class Scope(models.TextChoices):
        STATEWIDE = "statewide", _("landesweit (FAI NRW, mit Freigabe)")
        REGIONAL = "regional", _("regional")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        IN_REVIEW = "in_review", _("in Prüfung")
        APPROVED = "approved", _("freigegeben")
        PUBLISHED = "published", _("veröffentlicht")
        WITHDRAWN = "withdrawn", _("zurückgezogen")

    scope = models.CharField(_("Reichweite"), max_length=12, choices=Scope.choices)
    region = models.ForeignKey(
        "reference.Arbeitsmarktregion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Region"),
    )
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    title_de = models.CharField(_("Überschrift (Deutsch)"), max_length=200)
    title_en = models.CharField(_("Überschrift (Englisch)"), max_length=200, blank=True)
    summary_de = models.CharField(_("Kurzfassung (Deutsch)"), max_length=400)
    summary_en = models.CharField(_("Kurzfassung (Englisch)"), max_length=400, blank=True)
    body_de = models.TextField(_("Text (Deutsch)"))
    body_en = models.TextField(_("Text (Englisch)"), blank=True)
    topics = models.ManyToManyField("events.Tag", blank=True, related_name="+", verbose_name=_("Themen"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("Anmerkung der Prüfung"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope="statewide", region__isnull=True)
                | models.Q(scope="regional", region__isnull=False),
                name="news_region_matches_scope",
            )
        ]

    def __str__(self):
        return self.title

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        if visibility.all_regions:
            return models.Q()
        return models.Q(status=cls.Status.PUBLISHED) | models.Q(organisation_id__in=visibility.organisation_ids)

    @property
    def title(self) -> str:
        return (self.title_en if _english() else "") or self.title_de

    @property
    def summary(self) -> str:
        return (self.summary_en if _english() else "") or self.summary_de

    @property
    def body(self) -> str:
        return (self.body_en if _english() else "") or self.body_de

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED


class EditorialEntry(ScopedModel):
    """One planned piece of communication or event in the shared editorial calendar."""

    class Format(models.TextChoices):
        PRESS_RELEASE = "press_release", _("Pressemitteilung")
        SOCIAL_CAMPAIGN = "social_campaign", _("Social-Media-Kampagne")
        NEWSLETTER = "newsletter", _("Newsletter")
        INFO_EVENT = "info_event", _("Informationsveranstaltung")
        WORKSHOP = "workshop", _("Workshop")
        WEBINAR = "webinar", _("Webinar")
        JOB_FAIR = "job_fair", _("Messe oder Jobmesse")
        EMPLOYER_BREAKFAST = "employer_breakfast", _("Unternehmensfrühstück")
        NETWORK_MEETING = "network_meeting", _("Netzwerktreffen")
        OTHER = "other", _("Sonstiges")

    class Status(models.TextChoices):
        IDEA = "idea", _("Idee")
        PLANNED = "planned", _("geplant")
        CONFIRMED = "confirmed", _("fest")
        DONE = "done", _("durchgeführt")
        CANCELLED = "cancelled", _("abgesagt")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(
        "reference.Arbeitsmarktregion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("Titel"), max_length=200)
    format = models.CharField(_("Art"), max_length=30, choices=Format.choices)
    topic = models.ForeignKey(
        "events.Tag", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("Thema")
    )
    starts_on = models.DateField(_("Datum oder Beginn"))
    ends_on = models.DateField(_("Ende"), null=True, blank=True)
    status = models.CharField(_("Stand"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    notes = models.TextField(_("Notizen"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("Kalendereintrag")
        verbose_name_plural = _("Redaktionskalender")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="editorial_entry_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        # Shared by FAI NRW and every Regionalagentur; nobody else.
        if visibility.all_regions or visibility.region_ids:
            return models.Q()
        return models.Q(pk__in=[])

    @property
    def last_day(self) -> dt.date:
        return self.ends_on or self.starts_on

    def weeks(self) -> set[tuple[int, int]]:
        """The ISO weeks (year, week) the entry touches."""
        weeks, monday = set(), self.starts_on - dt.timedelta(days=self.starts_on.weekday())
        while monday <= self.last_day:
            weeks.add(tuple(monday.isocalendar())[:2])
            monday += dt.timedelta(days=7)
        return weeks


class RegionalOffer(ScopedModel):
    """An offer in a region that employers and their new staff can use: kept by the Regionalagentur."""

    class Kind(models.TextChoices):
        WELCOME_CENTER = "welcome_center", _("Welcome Center")
        LANGUAGE_COURSE = "language_course", _("Sprachkurs")
        LOCAL_NETWORK = "local_network", _("Netzwerk vor Ort")
        COUNSELLING = "counselling", _("Beratungsstelle")
        OTHER = "other", _("Weiteres Angebot")

    region = models.ForeignKey(
        "reference.Arbeitsmarktregion", on_delete=models.PROTECT, related_name="+", verbose_name=_("Region")
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("Name"), max_length=200)
    description_de = models.TextField(_("Beschreibung (Deutsch)"))
    description_en = models.TextField(_("Beschreibung (Englisch)"), blank=True)
    url = models.URLField(_("Website"), blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=60, blank=True)
    address = models.CharField(_("Adresse"), max_length=300, blank=True)
    active = models.BooleanField(_("wird angezeigt"), default=True)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("Regionales Angebot")
        verbose_name_plural = _("Regionale Angebote")
        indexes = [models.Index(fields=["region", "active", "kind"])]

    def __str__(self):
        return self.name

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        return models.Q()  # a public directory

    @property
    def description(self) -> str:
        return (self.description_en if _english() else "") or self.description_de


class Subscriber(ScopedModel):
    """A newsletter subscriber (double opt-in). Personal data: only FAI NRW, which sends the newsletter, sees it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("nicht bestätigt")
        ACTIVE = "active", _("aktiv")
        UNSUBSCRIBED = "unsubscribed", _("abgemeldet")
        BOUNCED = "bounced", _("unzustellbar")

    contains_personal_data = True
    HARD_BOUNCES_TO_STOP = 1
    SOFT_BOUNCES_TO_STOP = 3

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    language = models.CharField(_("Sprache"), max_length=5, default="de")
    regions = models.ManyToManyField(
        "reference.Arbeitsmarktregion", blank=True, related_name="+", verbose_name=_("Regionen")
    )
    topics = models.ManyToManyField("events.Tag", blank=True, related_name="+", verbose_name=_("Themen"))
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.PENDING, db_index=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    soft_bounces = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Newsletter-Abonnement")
        verbose_name_plural = _("Newsletter-Abonnements")

    def __str__(self):
        return f"{self._meta.verbose_name} #{self.pk}"

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        if visibility.all_regions:
            return models.Q()
        return models.Q(pk__in=[])


class ConsentRecord(models.Model):
    """Proof of consent: what the subscriber agreed to (the text shown, its version) and when, and every later
    change or withdrawal. Written only by the newsletter services, never changed."""

    class Action(models.TextChoices):
        REQUESTED = "requested", _("angefordert")
        CONFIRMED = "confirmed", _("bestätigt (Double-Opt-in)")
        CHANGED = "changed", _("Auswahl geändert")
        WITHDRAWN = "withdrawn", _("widerrufen (abgemeldet)")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    action = models.CharField(max_length=12, choices=Action.choices)
    text_version = models.CharField(max_length=20)
    text = models.TextField()
    choices = models.JSONField(default=dict)  # regions and topics chosen, language
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.subscriber_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class DigestIssue(models.Model):
    """One sending of the newsletter digest: news published in the window and the workshops ahead."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("beauftragt")
        SENDING = "sending", _("wird versandt")
        DONE = "done", _("versandt")

    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    sent = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)  # nothing in it for the subscriber
    failed = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"digest {self.window_start:%Y-%m-%d}–{self.window_end:%Y-%m-%d} ({self.status})"


class DigestDelivery(models.Model):
    """That an issue went (or was skipped, or failed) for a subscriber: makes the sending resumable. Ids only."""

    class Status(models.TextChoices):
        SENDING = "sending", _("wird versandt")
        SENT = "sent", _("versandt")
        SKIPPED = "skipped", _("nichts Passendes")
        FAILED = "failed", _("fehlgeschlagen")

    issue = models.ForeignKey(DigestIssue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issue", "subscriber"], name="digest_once_per_subscriber")]

    def __str__(self):
        return f"{self.issue_id} → {self.subscriber_id}: {self.status}"


class Bounce(ScopedModel):
    """A message that could not be delivered: refused by the mail server, or reported back (DSN). Like the
    subscribers, visible to FAI NRW only."""

    contains_personal_data = True

    class Kind(models.TextChoices):
        HARD = "hard", _("dauerhaft")
        SOFT = "soft", _("vorübergehend")

    subscriber = models.ForeignKey(Subscriber, null=True, blank=True, on_delete=models.SET_NULL, related_name="bounces")
    email = models.EmailField()
    kind = models.CharField(max_length=4, choices=Kind.choices)
    status_code = models.CharField(max_length=20, blank=True)  # e.g. 5.1.1
    diagnostic = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=10)  # smtp | dsn
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("Unzustellbare Nachricht")
        verbose_name_plural = _("Unzustellbare Nachrichten")

    def __str__(self):
        return f"{self._meta.verbose_name} #{self.pk}"

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        if visibility.all_regions:
            return models.Q()
        return models.Q(pk__in=[])


PLACEHOLDER = re.compile(r"\{([a-z_]{2,40})\}")


class TextTemplate(ScopedModel):
    """A text advisers reuse (mail to an employer, an invitation), in German and English, with {placeholders}."""

    class Category(models.TextChoices):
        EMPLOYER_MAIL = "employer_mail", _("E-Mail an Unternehmen")
        INVITATION = "invitation", _("Einladung")
        REMINDER = "reminder", _("Erinnerung")
        FOLLOW_UP = "follow_up", _("Nachfassen")
        OTHER = "other", _("Sonstiges")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("Titel"), max_length=200)
    category = models.CharField(_("Art"), max_length=20, choices=Category.choices)
    subject_de = models.CharField(_("Betreff (Deutsch)"), max_length=200)
    body_de = models.TextField(_("Text (Deutsch)"))
    subject_en = models.CharField(_("Betreff (Englisch)"), max_length=200, blank=True)
    body_en = models.TextField(_("Text (Englisch)"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "title"]
        verbose_name = _("Textvorlage")
        verbose_name_plural = _("Textvorlagen")

    def __str__(self):
        return self.title

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        if visibility.all_regions or visibility.region_ids:
            return models.Q()
        return models.Q(pk__in=[])

    def placeholders(self) -> list[str]:
        found = PLACEHOLDER.findall(" ".join((self.subject_de, self.body_de, self.subject_en, self.body_en)))
        return list(dict.fromkeys(found))

    def texts(self, language: str) -> tuple[str, str]:
        if language == "en" and self.body_en:
            return self.subject_en or self.subject_de, self.body_en
        return self.subject_de, self.body_de
