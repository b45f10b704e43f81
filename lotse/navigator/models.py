"""Saved navigator results: reachable only through an unguessable link, with no personal data of the candidate."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits: the link is the only key


class SavedResult(models.Model):
    """A navigator result frozen at the moment it was saved (answers, contract input and output).

    The interview asks no names, birth dates or contact data of the candidate, so nothing here identifies a
    person; `created_by` is the logged-in employer user, if any (never the candidate)."""

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lang = models.CharField(max_length=5, default="de")
    as_of = models.DateField()
    rules_version = models.CharField(max_length=60)
    answers = models.JSONField(default=dict)
    assessment_input = models.JSONField(default=dict)
    assessment_output = models.JSONField(default=dict)
    place = models.JSONField(default=dict, blank=True)  # {"ags", "label", "region": slug} of the workplace

    class Meta:
        verbose_name = _("Gespeichertes Navigator-Ergebnis")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"SavedResult {self.pk} ({self.as_of})"
