"""Case work: companies, candidates, advice requests, cases with dated steps, timers, documents and history.

Every model is region-scoped (lotse.core.scoping). Who sees what:

* a Regionalagentur's advisers: everything of their region (the case's `region`);
* FAI NRW: everything (all_regions);
* an employer's users: their own company, requests and cases — never internal adviser notes (Activity.internal)
  and candidates only where the candidate consented to sharing with that employer (Candidate.shared_with_employer);
* the ministry and chambers: nothing here (they hold no personal-data visibility).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from lotse.core.scoping import ScopedModel, Visibility


class CompanyProfile(ScopedModel):
    """Case-work details of an employer (accounts.Organisation kind=unternehmen)."""

    class SizeClass(models.TextChoices):
        MICRO = "micro", _("Kleinstunternehmen (unter 10)")
        SMALL = "small", _("Kleines Unternehmen (10–49)")
        MEDIUM = "medium", _("Mittleres Unternehmen (50–249)")
        LARGE = "large", _("Großes Unternehmen (ab 250)")

    contains_personal_data = True  # contact persons

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="company_profile"
    )
    wz_code = models.CharField(_("Wirtschaftszweig (WZ 2008)"), max_length=10, blank=True)
    size_class = models.CharField(_("Größenklasse"), max_length=10, choices=SizeClass.choices, blank=True)
    contact_name = models.CharField(_("Ansprechperson"), max_length=150, blank=True)
    contact_email = models.EmailField(_("E-Mail der Ansprechperson"), blank=True)
    contact_phone = models.CharField(_("Telefon"), max_length=60, blank=True)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)  # for duplicate detection

    class Meta:
        verbose_name = _("Unternehmensprofil")
        verbose_name_plural = _("Unternehmensprofile")

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        return visibility.region_or_employer("organisation__region", "organisation")


class Candidate(ScopedModel):
    """The international worker. Only what the case needs."""

    contains_personal_data = True

    region = models.ForeignKey("reference.Arbeitsmarktregion", on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_name = models.CharField(_("Vorname"), max_length=100, blank=True)
    last_name = models.CharField(_("Nachname"), max_length=100, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    citizenship = models.CharField(_("Staatsangehörigkeit (ISO-Code)"), max_length=2, blank=True)
    qualification = models.CharField(_("Qualifikation"), max_length=200, blank=True)
    profession = models.CharField(_("Beruf (Katalog)"), max_length=40, blank=True)
    languages = models.JSONField(_("Sprachkenntnisse"), default=dict, blank=True)
    # Maintained by the consent services: true while a consent to share with the employer is in force.
    shared_with_employer = models.BooleanField(default=False)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("Fachkraft")
        verbose_name_plural = _("Fachkräfte")

    def __str__(self):
        return self.display_name(self.first_name, self.last_name, self.anonymised_at, self.pk)

    @staticmethod
    def display_name(first_name: str, last_name: str, anonymised_at, pk) -> str:
        """The name as lists show it; also for rows read with values_list() (no model instance)."""
        if anonymised_at:
            return str(_("anonymisiert"))
        return f"{first_name} {last_name}".strip() or f"#{pk}"

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        # An employer sees a candidate only while the candidate's consent to share is in force.
        return visibility.region_or_employer(
            "region", "employer", employer_sees_only=models.Q(shared_with_employer=True)
        )


class Consent(ScopedModel):
    class Purpose(models.TextChoices):
        CASE_WORK = "case_work", _("Beratung und Fallbearbeitung")
        SHARE_WITH_EMPLOYER = "share_with_employer", _("Weitergabe an den Arbeitgeber")
        AUTHORITIES = "authorities", _("Übermittlung an Behörden (ZFE NRW, Anerkennungsstelle)")

    contains_personal_data = True

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("Zweck"), max_length=30, choices=Purpose.choices)
    given_on = models.DateField(_("erteilt am"))
    withdrawn_on = models.DateField(_("widerrufen am"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-id"]

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        return visibility.region_or_employer("candidate__region", "candidate__employer")

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None


class AdviceRequest(ScopedModel):
    class Status(models.TextChoices):
        NEW = "new", _("Neu")
        ACCEPTED = "accepted", _("Angenommen")
        FORWARDED = "forwarded", _("Weitergeleitet")

    contains_personal_data = True

    region = models.ForeignKey(
        "reference.Arbeitsmarktregion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The team whose inbox it is in: a Regionalagentur or FAI NRW.
    team = models.ForeignKey("accounts.Organisation", null=True, on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW, db_index=True)
    assessment_input = models.JSONField(default=dict)
    assessment_output = models.JSONField(default=dict)
    rules_version = models.CharField(max_length=60, blank=True)
    contact_name = models.CharField(_("Ansprechperson"), max_length=150)
    contact_email = models.EmailField(_("E-Mail"))
    message = models.TextField(_("Nachricht"), blank=True)
    candidate_consent = models.BooleanField(default=False)
    forward_reason = models.TextField(blank=True)
    case = models.OneToOneField("Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    version = models.PositiveIntegerField(default=1)
    # Set when the personal data was removed (the person was erased, or the request never became a case and
    # its retention period ended).
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Beratungsanfrage")
        verbose_name_plural = _("Beratungsanfragen")

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        return visibility.region_or_employer("region", "employer")

    @property
    def reference(self) -> str:
        """The number the employer is given for the request: ANF-<year of receipt>-<id>."""
        year = timezone.localtime(self.created_at).year if self.created_at else timezone.localdate().year
        return f"ANF-{year}-{self.pk:06d}"


class Case(ScopedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        CLOSED = "closed", _("abgeschlossen")
        WITHDRAWN = "withdrawn", _("zurückgezogen")
        REJECTED = "rejected", _("abgelehnt")

    class WithdrawalReason(models.TextChoices):
        """Why a case was withdrawn (issue 15: "cases closed by outcome … withdrawn and why")."""

        EMPLOYER_FILLED = "employer_filled", _("Arbeitgeber: Stelle anders besetzt oder entfallen")
        EMPLOYER_DECLINED = "employer_declined", _("Arbeitgeber: Aufwand, Kosten oder Dauer zu hoch")
        CANDIDATE_DECLINED = "candidate_declined", _("Fachkraft hat abgesagt")
        RECOGNITION = "recognition", _("Anerkennung nicht erreichbar")
        LANGUAGE = "language", _("Sprachkenntnisse nicht erreichbar")
        NO_PATHWAY = "no_pathway", _("kein Aufenthaltsweg möglich")
        NO_CONTACT = "no_contact", _("kein Kontakt mehr")
        OTHER = "other", _("anderer Grund")

    contains_personal_data = True

    reference = models.CharField(_("Aktenzeichen"), max_length=20, unique=True)
    region = models.ForeignKey("reference.Arbeitsmarktregion", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    candidates = models.ManyToManyField(Candidate, related_name="cases", blank=True)
    case_type = models.CharField(_("Fallart"), max_length=40)
    pathway = models.CharField(_("Aufenthaltsweg"), max_length=40, db_index=True)
    assessment_input = models.JSONField(default=dict)
    assessment_output = models.JSONField(default=dict)
    rules_version = models.CharField(max_length=60)
    assessed_on = models.DateField()
    stage = models.CharField(_("Stand"), max_length=40, db_index=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    waiting_on_authority = models.BooleanField(_("wartet auf Behörde"), default=False)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    # Set when the case was withdrawn: why (for the reporting) and what the adviser noted.
    withdrawal_reason = models.CharField(
        _("Grund des Rückzugs"), max_length=20, choices=WithdrawalReason.choices, blank=True
    )
    withdrawal_note = models.CharField(_("Anmerkung zum Rückzug"), max_length=500, blank=True)
    has_overdue = models.BooleanField(default=False, db_index=True)  # denormalised by the timer services
    # Denormalised by the document services, for the case's overview: checklist items still required or rejected,
    # and all items.
    documents_open = models.PositiveSmallIntegerField(default=0)
    documents_total = models.PositiveSmallIntegerField(default=0)
    next_due_on = models.DateField(null=True, blank=True, db_index=True)
    # Denormalised for the overview, which reads these rows only when there are any (most cases have none): the
    # last re-assessment that changed a pathway's status (set with its timeline entry), and the welcome plans and
    # § 45c notices made for the case (lotse.welcome, counted when made).
    last_reassessment = models.ForeignKey(
        "cases.CaseReassessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    welcome_items = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)  # optimistic locking of edit forms
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("Fall")
        verbose_name_plural = _("Fälle")
        indexes = [
            # The case list's order (-opened_on, -id) within a region and status, within a region ("alle"), and
            # across all regions (FAI NRW): each read as the first rows of an index instead of a sort of them all.
            models.Index(fields=["region", "status", "-opened_on", "-id"], name="case_region_status_opened_idx"),
            models.Index(fields=["region", "-opened_on", "-id"], name="case_region_opened_idx"),
            models.Index(fields=["-opened_on", "-id"], name="case_opened_idx"),
            # The list's COUNT: the same rows from a narrow index (deduplicated keys) read in half the time.
            models.Index(fields=["region", "status"], name="case_region_status_idx"),
            models.Index(fields=["employer", "-opened_on"]),
            # The regional dashboard: open cases by stage and overdue flag, and the due-soon join on id, all
            # answered from the index alone (index-only scan) instead of visiting every open case's heap row.
            models.Index(
                fields=["region", "status", "stage", "has_overdue"],
                include=["id"],
                name="case_region_status_stage_idx",
            ),
        ]

    def __str__(self):
        return self.reference

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        return visibility.region_or_employer("region", "employer")


class CaseStep(ScopedModel):
    contains_personal_data = False

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    key = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()
    planned_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    optional = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="unique_case_step")]

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        return visibility.region_or_employer("case__region", "case__employer")


class CaseEvent(ScopedModel):
    """A recorded event (e.g. 'BA request submitted on 2 March'); events start and stop timers."""

    contains_personal_data = False

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40)
    occurred_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "id"]

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        return visibility.region_or_employer("case__region", "case__employer")


class DeadlineTimer(ScopedModel):
    contains_personal_data = False

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timers")
    # The case's region, kept here (and moved with the case on a handover) so that the regional dashboard finds
    # a region's running timers in one index instead of joining every timer of NRW with its case.
    region = models.ForeignKey("reference.Arbeitsmarktregion", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    legal_reference = models.CharField(max_length=200)
    period = models.CharField(max_length=40)  # "1 Woche"
    started_on = models.DateField()
    due_on = models.DateField(db_index=True)
    stopped_on = models.DateField(null=True, blank=True)
    pausable = models.BooleanField(default=False)
    paused_since = models.DateField(null=True, blank=True)
    paused_days = models.PositiveIntegerField(default=0)
    overdue_notified_on = models.DateField(null=True, blank=True)
    # Deemed approval (§ 36 Abs. 2 BeschV): the authority did not answer in time, so its approval counts as given
    # on this day (the last day of the period).
    deemed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["stopped_on", "due_on"]),
            models.Index(
                fields=["region", "due_on"],
                condition=models.Q(stopped_on__isnull=True, paused_since__isnull=True),
                name="timer_running_region_due_idx",
            ),
        ]

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        return visibility.region_or_employer("region", "case__employer")

    @property
    def running(self) -> bool:
        return self.stopped_on is None


class Activity(ScopedModel):
    class Kind(models.TextChoices):
        NOTE = "note", _("Notiz")
        CALL = "call", _("Telefonat")
        MEETING = "meeting", _("Termin")
        EMAIL = "email", _("E-Mail")
        MILESTONE = "milestone", _("Meilenstein")
        TASK = "task", _("Aufgabe")
        FILE = "file", _("Datei")
        SYSTEM = "system", _("Systemereignis")

    contains_personal_data = True

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # Internal adviser notes are never shown to the employer: the scope itself hides them.
    internal = models.BooleanField(_("nur intern (nicht für den Arbeitgeber)"), default=True)
    # What happened, as data: a code of lotse.cases.timeline and its parameters (keys, ISO dates, ids, and the
    # free text an adviser typed), rendered in the reader's language by `message` (docs/decisions/0100).
    code = models.CharField(max_length=40)
    params = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ForeignKey("accounts.Organisation", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def message(self) -> str:
        """The entry's sentence in the active language."""
        from lotse.cases.timeline import render  # noqa: PLC0415 - the timeline reads labels of these models

        return render(self.code, self.params)

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        # Internal adviser notes never reach the employer.
        return visibility.region_or_employer(
            "case__region", "case__employer", employer_sees_only=models.Q(internal=False)
        )


class Task(ScopedModel):
    contains_personal_data = True

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("Aufgabe"), max_length=200)
    due_on = models.DateField(_("fällig am"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_at", "due_on", "id"]
        indexes = [models.Index(fields=["assignee", "done_at", "due_on"])]

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        # Tasks are internal work of the advisers.
        if visibility.all_regions:
            return models.Q()
        return models.Q(case__region__in=visibility.region_ids)


class Document(ScopedModel):
    """One line of the document checklist, with the uploaded file if any."""

    class Status(models.TextChoices):
        REQUIRED = "required", _("angefordert")
        RECEIVED = "received", _("eingegangen")
        CHECKED = "checked", _("geprüft")
        REJECTED = "rejected", _("abgelehnt")

    # Still to come from the employer or the worker: what the case's document counters count as open.
    OPEN_STATUSES = (Status.REQUIRED, Status.REJECTED)

    contains_personal_data = True

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    # Whose file it is when a case holds several people (set at upload): erasing one person removes only theirs.
    candidate = models.ForeignKey(
        Candidate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("gehört zu")
    )
    key = models.CharField(max_length=60)
    label = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUIRED)
    reject_reason = models.CharField(_("Grund der Ablehnung"), max_length=300, blank=True)
    storage_name = models.CharField(max_length=80, blank=True)  # random name under MEDIA_ROOT/private/
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=60, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="unique_case_document")]

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        return visibility.region_or_employer("case__region", "case__employer")

    @staticmethod
    def new_storage_name() -> str:
        return uuid.uuid4().hex

    @property
    def label_display(self) -> str:
        """The checklist line in the reader's language: stored in German, the English from the rules' document
        list (lotse.rules.planning.DOCUMENTS) where the key is known."""
        from lotse.rules.planning import DOCUMENTS  # noqa: PLC0415 - the rules module is not needed to load models

        if (translation.get_language() or "de").startswith("en") and self.key in DOCUMENTS:
            return DOCUMENTS[self.key][1]
        return self.label


class PowerOfAttorney(ScopedModel):
    class Kind(models.TextChoices):
        WORKER_TO_EMPLOYER = "worker_to_employer", _("Vollmacht der Fachkraft für den Arbeitgeber (§ 81a)")
        EMPLOYER_TO_AUTHORITY = (
            "employer_to_authority",
            _("Vollmacht des Arbeitgebers für die ZFE NRW (Anerkennungsverfahren)"),
        )

    contains_personal_data = True

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="powers_of_attorney")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    granted_on = models.DateField()
    revoked_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["granted_on", "id"]

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        return visibility.region_or_employer("case__region", "case__employer")


class Handover(ScopedModel):
    contains_personal_data = False

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    from_team = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    to_team = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    from_region = models.ForeignKey(
        "reference.Arbeitsmarktregion", on_delete=models.PROTECT, related_name="+"
    )
    to_region = models.ForeignKey("reference.Arbeitsmarktregion", on_delete=models.PROTECT, related_name="+")
    note = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        if visibility.all_regions:
            return models.Q()
        return models.Q(case__region__in=visibility.region_ids)


class ErasureCount(models.Model):
    """Anonymous counts kept for statistics when people are erased (no personal data, not scoped)."""

    year = models.PositiveSmallIntegerField()
    region = models.ForeignKey("reference.Arbeitsmarktregion", on_delete=models.PROTECT, related_name="+")
    pathway = models.CharField(max_length=40, blank=True)
    reason = models.CharField(max_length=20)  # request | retention
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "region", "pathway", "reason"], name="unique_erasure_count"
            )
        ]

    def __str__(self):
        return f"{self.year} {self.region_id} {self.pathway} {self.reason}: {self.count}"


# The re-assessment after changes of the legal parameters (issue 10; lotse.cases.services.reassessment).
from lotse.cases.models.reassessment import CaseReassessment, ParameterWarning, ReassessmentRun  # noqa: E402, F401
