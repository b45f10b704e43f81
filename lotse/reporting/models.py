"""The count table the dashboards read, and the state of the job that fills it (after Zulip's analytics:
RealmCount/InstallationCount filled by a resumable job with a FillState per statistic).

One row is one cell: a statistic's measure for a period, a region (or all of NRW) and optionally one value of a
breakdown. Rows with zero are not stored. See docs/decisions/0070-reporting-count-tables.md.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core.scoping import ScopedModel, Visibility
from lotse.reporting.dimensions import NRW


class ReportCell(ScopedModel):
    """Aggregates only, never a person; who sees which cells is the scope below.

    * FAI NRW (all regions): every cell.
    * A Regionalagentur: the cells of its own region (all detail, no suppression), nothing statewide.
    * Everyone else — in practice the ministry's analysts, the views refuse all other roles — only cells published
      after the statistical disclosure control (`published`): never a count below 5, never one that the other
      published cells give away by subtraction.
    """

    stat = models.CharField(max_length=40)
    measure = models.CharField(max_length=40)
    period_kind = models.CharField(max_length=8)  # month | quarter | year
    period_start = models.DateField()
    region = models.SmallIntegerField()  # Arbeitsmarktregion pk; 0 = NRW; -1 = no single region
    dimension = models.CharField(max_length=20, blank=True)  # "" = the total of the region
    value = models.CharField(max_length=60, blank=True)
    count = models.IntegerField()  # the count; for durations the number of cases measured
    p50 = models.FloatField(null=True, blank=True)  # durations: median
    p90 = models.FloatField(null=True, blank=True)  # durations: 90th percentile
    histogram = models.JSONField(null=True, blank=True)  # durations, month rows: {value: count} for roll-ups
    published = models.BooleanField(default=False)  # shown to the ministry (see docstring)

    class Meta:
        verbose_name = _("Auswertungszelle")
        verbose_name_plural = _("Auswertungszellen")
        constraints = [
            models.UniqueConstraint(
                fields=["stat", "period_kind", "period_start", "region", "dimension", "value", "measure"],
                name="reporting_cell_unique",
            )
        ]
        indexes = [
            # A dashboard table: one statistic, one period, a region or NRW, one breakdown.
            models.Index(
                fields=["period_kind", "period_start", "region", "dimension", "stat"], name="reporting_cell_read_idx"
            ),
        ]

    def __str__(self):
        where = f"{self.period_kind} {self.period_start} r{self.region} {self.dimension}={self.value}"
        return f"{self.stat}.{self.measure} {where}: {self.count}"

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        if visibility.all_regions:
            return models.Q()
        if visibility.region_ids:
            return models.Q(region__in=visibility.region_ids)
        return models.Q(published=True)


class FillState(models.Model):
    """How far one statistic is filled. A unit of work (a year's months) commits together with its state, so a
    crashed run leaves the last committed state and the next run redoes the unit it was working on."""

    class State(models.TextChoices):
        STARTED = "started", _("läuft")
        DONE = "done", _("fertig")

    stat = models.CharField(max_length=40, unique=True)
    first_day = models.DateField(null=True, blank=True)  # earliest data of the statistic
    filled_through = models.DateField(null=True, blank=True)  # last day whose data is in the table
    state = models.CharField(max_length=10, choices=State.choices, default=State.DONE)
    working_on = models.CharField(max_length=40, blank=True)  # the unit a STARTED run was on
    scanned_at = models.DateTimeField(null=True, blank=True)  # changes recorded before this are in the table
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Füllstand")
        verbose_name_plural = _("Füllstände")

    def __str__(self):
        return f"{self.stat}: {self.filled_through} ({self.state})"


class BuildRun(models.Model):
    """One run of the job, for the status page: what it did, how far it got, and how it ended."""

    class Status(models.TextChoices):
        RUNNING = "running", _("läuft")
        DONE = "done", _("abgeschlossen")
        FAILED = "failed", _("fehlgeschlagen")

    kind = models.CharField(max_length=20)  # fill | rebuild | full
    target = models.CharField(max_length=40, blank=True)  # the period of a rebuild, the day filled to
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    units_total = models.PositiveIntegerField(default=0)
    units_done = models.PositiveIntegerField(default=0)
    cells_written = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("Berechnungslauf")
        verbose_name_plural = _("Berechnungsläufe")

    def __str__(self):
        return f"{self.kind} {self.target} {self.status}"

    @property
    def progress_percent(self) -> int:
        return int(100 * self.units_done / self.units_total) if self.units_total else 0


__all__ = ["NRW", "BuildRun", "FillState", "ReportCell"]
