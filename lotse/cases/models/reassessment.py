"""Re-assessing the open cases after the legal parameters changed: the runs, each case's result, and the reminders
before a parameter series runs out (lotse.cases.services.reassessment; docs/decisions/0170)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core.scoping import ScopedModel, Visibility


class ReassessmentRun(models.Model):
    """One re-assessment of every open case under the legal parameters in force (issue 10).

    Started by the nightly job when the parameters in force changed (a corrected or new value in the files, or a
    new yearly value coming into force), or by hand (`lotse reassess-cases`). Holds no personal data: counts and
    a cursor only, so a run cut off by a crash resumes after the last case it finished.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("läuft")
        DONE = "done", _("fertig")
        FAILED = "failed", _("abgebrochen")

    class Reason(models.TextChoices):
        BASELINE = "baseline", _("Ausgangsstand (erste Prüfung, keine Neubewertung)")
        PARAMETERS = "parameters", _("Rechtsparameter geändert")
        MANUAL = "manual", _("von Hand gestartet")

    reason = models.CharField(max_length=12, choices=Reason.choices)
    as_of = models.DateField()
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING, db_index=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    last_case_id = models.BigIntegerField(default=0)  # resume cursor: cases are taken in id order
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Neubewertung")
        verbose_name_plural = _("Neubewertungen")

    def __str__(self):
        return f"{self.as_of} {self.reason} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.done / self.total)


class CaseReassessment(ScopedModel):
    """What a re-assessment found for one case: every pathway's status before and after, and which changed."""

    contains_personal_data = False  # statuses of pathways only; the case's people are not copied here

    run = models.ForeignKey(ReassessmentRun, on_delete=models.CASCADE, related_name="results")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="reassessments")
    as_of = models.DateField()
    rules_version = models.CharField(max_length=60, blank=True)
    statuses = models.JSONField(default=dict)  # {pathway id: status} under the new parameters
    # [{"pathway": id, "old": status, "new": status}] for the pathways whose status changed
    changes = models.JSONField(default=list)
    error = models.CharField(max_length=300, blank=True)
    notified = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["run", "case"], name="unique_reassessment_per_run")]

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        # The adviser's finding: internal like tasks.
        if visibility.all_regions:
            return models.Q()
        return models.Q(case__region__in=visibility.region_ids)


class ParameterWarning(models.Model):
    """A reminder mailed to the administrators that a parameter series' confirmed values end soon: once per series,
    end date and threshold (days ahead)."""

    parameter = models.CharField(max_length=60)
    confirmed_until = models.DateField()
    threshold_days = models.PositiveSmallIntegerField()
    sent_on = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-sent_on", "parameter"]
        constraints = [
            models.UniqueConstraint(
                fields=["parameter", "confirmed_until", "threshold_days"], name="unique_parameter_warning"
            )
        ]

    def __str__(self):
        return f"{self.parameter} until {self.confirmed_until}: {self.threshold_days} days"
