"""The audit log: an append-only record of every state change that matters."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core.scoping import ScopedManager, Visibility


class AuditLogImmutable(Exception):
    """Raised on any attempt to change or delete an audit entry through the application."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogImmutable("Audit entries cannot be changed.")

    def delete(self):
        raise AuditLogImmutable("Audit entries cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogImmutable("Audit entries cannot be changed.")


class ScopedAuditManager(ScopedManager.from_queryset(AppendOnlyQuerySet)):
    pass


class UnscopedAuditManager(models.Manager.from_queryset(AppendOnlyQuerySet)):
    pass


class AuditEntry(models.Model):
    """Who did what to which object, with old and new values. Written only through `lotse.core.audit.record`.

    PostgreSQL additionally refuses UPDATE and DELETE on the table with a trigger (see the migration), so not
    even a raw query of the application can rewrite history.
    """

    contains_personal_data = False  # entries name objects by id and code, never personal values

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(max_length=200)  # kept even if the user account is deleted
    action = models.CharField(max_length=80, db_index=True)  # e.g. "case.handover"
    object_type = models.CharField(max_length=100, db_index=True)  # "app_label.model"
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(max_length=200, blank=True)
    region_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)  # {"field": {"old": …, "new": …}}
    context = models.JSONField(default=dict, blank=True)

    objects = ScopedAuditManager()
    unscoped = UnscopedAuditManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogImmutable("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutable("Audit entries cannot be deleted.")

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        if visibility.all_regions:
            return models.Q()
        return models.Q(region_id__in=visibility.region_ids) | models.Q(
            organisation_id__in=visibility.organisation_ids
        )
