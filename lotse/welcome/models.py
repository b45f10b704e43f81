"""Saved welcome plans of an employer, the ticks of their tasks, and § 45c notices with their hand-over.

A plan stores the worker's situation, not the tasks: the tasks are computed from the reviewed content each time
(lotse.rules.welcome.plan), and a tick is kept by the task's stable id. A plan and a notice may belong to a case
(one nullable foreign key each, see docs/decisions/0050-fair-recruitment-and-welcome-plan.md and 0171): the case's
adviser may then tick tasks and issue the notice too, and ticks and the hand-over appear on the case's timeline.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core.scoping import ScopedModel, Visibility


class WelcomePlan(ScopedModel):
    """The plan for one worker's arrival. It describes one person's situation, so it counts as personal data:
    the employer's members and the advisers of its region see it, the ministry does not."""

    contains_personal_data = True

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="welcome_plans")
    region = models.ForeignKey(
        "reference.Arbeitsmarktregion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    title = models.CharField(_("Bezeichnung"), max_length=120, blank=True)
    pathway = models.CharField(max_length=40)
    arrival = models.DateField()
    start = models.DateField(null=True, blank=True)
    family = models.CharField(max_length=10, default="none")
    german = models.CharField(max_length=4, default="none")
    work_ags = models.CharField(max_length=8)
    residence_ags = models.CharField(max_length=8)
    lang = models.CharField(max_length=8, default="de")
    content_version = models.CharField(max_length=20)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="welcome_plans"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Willkommensplan")
        verbose_name_plural = _("Willkommenspläne")

    def __str__(self):
        return self.title or f"WelcomePlan {self.pk}"

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        return visibility.region_or_employer("region_id", "organisation_id")


class WelcomeTaskDone(models.Model):
    """A ticked task of a plan (by the task's id in tasks.yaml). Reached only through its plan."""

    plan = models.ForeignKey(WelcomePlan, on_delete=models.CASCADE, related_name="done")
    task_id = models.CharField(max_length=60)
    done_at = models.DateTimeField(auto_now_add=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "task_id"], name="welcome_task_done_once")]

    def __str__(self):
        return f"{self.plan_id}:{self.task_id}"


class Notice(ScopedModel):
    """A § 45c notice issued by an employer, with the office named and when and how it was handed over."""

    class HandedOverHow(models.TextChoices):
        CONTRACT = "contract", _("als Anlage zum Arbeitsvertrag")
        EMAIL = "email", _("per E-Mail")
        PAPER = "paper", _("auf Papier übergeben")
        OTHER = "other", _("auf anderem Weg in Textform")

    contains_personal_data = True

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="notices_45c")
    region = models.ForeignKey(
        "reference.Arbeitsmarktregion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    plan = models.ForeignKey(WelcomePlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="notices_45c")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    employer_name = models.CharField(max_length=200)
    worker_name = models.CharField(max_length=150, blank=True)
    workplace_ags = models.CharField(max_length=8)
    first_working_day = models.DateField(null=True, blank=True)
    office_id = models.CharField(max_length=40)
    office_contact = models.TextField(blank=True)  # current contact data as confirmed by the employer
    handed_over_on = models.DateField(null=True, blank=True)
    handed_over_how = models.CharField(max_length=10, choices=HandedOverHow.choices, blank=True)
    handed_over_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Hinweis nach § 45c AufenthG")
        verbose_name_plural = _("Hinweise nach § 45c AufenthG")

    def __str__(self):
        return f"Notice {self.pk}"

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        return visibility.region_or_employer("region_id", "organisation_id")
