"""Saved fair-recruitment self-checks of an employer: the answers and the scores per area, to show progress."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core.scoping import ScopedModel, Visibility


class SelfCheck(ScopedModel):
    """One completed self-check of an employer organisation. Business data of the employer, no personal data:
    the employer's own members see it, and the advisers of its region (FAI NRW: all regions)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="fair_recruitment_checks"
    )
    region = models.ForeignKey(
        "reference.Arbeitsmarktregion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    lang = models.CharField(max_length=8, default="de")
    content_version = models.CharField(max_length=20)
    answers = models.JSONField(default=dict)
    scores = models.JSONField(default=dict)  # {area id: percent or null}
    red_flags = models.JSONField(default=list)  # [flag id]

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Selbstcheck faire Anwerbung")
        verbose_name_plural = _("Selbstchecks faire Anwerbung")

    def __str__(self):
        return f"SelfCheck {self.pk} ({self.organisation_id})"

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        return visibility.region_or_employer("region_id", "organisation_id")
