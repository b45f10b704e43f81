"""The employer's side of a case: documents the adviser asks the employer for, and the conversation of a case.

Both are scoped like the case itself (lotse.core.scoping): the case's region for advisers, the case's employer for
the employer's users. A document request points at a line of the case's checklist (cases.Document), which holds
the uploaded file and its review status; the request says that the employer (not the worker, not an authority)
is to provide it, what exactly, and by when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core.scoping import ScopedModel, Visibility


class DocumentRequest(ScopedModel):
    contains_personal_data = True  # the adviser's note may name the worker

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="document_requests")
    document = models.ForeignKey("cases.Document", on_delete=models.CASCADE, related_name="requests")
    note = models.TextField(_("Hinweis an das Unternehmen"), blank=True)
    due_on = models.DateField(_("bitte bis"), null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the adviser accepted the document (or withdrew the request).
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Unterlagenanforderung")
        verbose_name_plural = _("Unterlagenanforderungen")
        constraints = [
            # One open request per checklist line.
            models.UniqueConstraint(
                fields=["document"], condition=models.Q(closed_at__isnull=True), name="one_open_request_per_document"
            )
        ]

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        return visibility.region_or_employer("case__region", "case__employer")


class Message(ScopedModel):
    class Side(models.TextChoices):
        EMPLOYER = "employer", _("Unternehmen")
        ADVISER = "adviser", _("Beratung")

    contains_personal_data = True

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="messages")
    side = models.CharField(max_length=10, choices=Side.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # The author's name as it was when written (kept when the account is deleted).
    author_name = models.CharField(max_length=150)
    text = models.TextField(_("Nachricht"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        return visibility.region_or_employer("case__region", "case__employer")
