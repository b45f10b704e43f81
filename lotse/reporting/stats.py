"""The catalogue of figures: what each statistic counts, its measures, its breakdowns and how it adds up.

`kind` says how cells combine:
* "count": each fact adds one; quarters and years are the sums of their months.
* "duration": each fact is one measured duration; cells keep a histogram, so quarters and years are exact
  percentiles of their months' values (median and p90 as PostgreSQL's percentile_cont computes them).
* "distinct": companies counted once per period; quarters and years are counted from the facts again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

COUNT, DURATION, DISTINCT = "count", "duration", "distinct"
CASE_DIMENSIONS = ("wz_section", "size", "pathway", "citizenship", "occupation")
COMPANY_DIMENSIONS = ("wz_section", "size")


@dataclass(frozen=True)
class Measure:
    key: str
    label: str


@dataclass(frozen=True)
class Stat:
    key: str
    label: str
    description: str
    measures: tuple[Measure, ...]
    dimensions: tuple[str, ...] = ()
    kind: str = COUNT
    total: str = ""  # the key of the measure that is the sum of all others ("" = none)
    unit: str = ""  # durations: "days" or "hours"
    note: str = ""  # what the figure cannot show yet, and why

    @property
    def additive_in_time(self) -> bool:
        return self.kind in (COUNT, DURATION)

    @property
    def part_measures(self) -> tuple[str, ...]:
        return tuple(m.key for m in self.measures if m.key != self.total)

    def measure(self, key: str) -> Measure:
        return next(m for m in self.measures if m.key == key)


TOTAL = Measure("total", _("insgesamt"))
# Why a case was withdrawn: the choices of lotse.cases (Case.WithdrawalReason), kept here as plain pairs so that
# this catalogue imports no model.
WITHDRAWAL_REASONS = (
    ("employer_filled", _("Arbeitgeber: Stelle anders besetzt oder entfallen")),
    ("employer_declined", _("Arbeitgeber: Aufwand, Kosten oder Dauer zu hoch")),
    ("candidate_declined", _("Fachkraft hat abgesagt")),
    ("recognition", _("Anerkennung nicht erreichbar")),
    ("language", _("Sprachkenntnisse nicht erreichbar")),
    ("no_pathway", _("kein Aufenthaltsweg möglich")),
    ("no_contact", _("kein Kontakt mehr")),
    ("other", _("anderer Grund")),
)

STATS: dict[str, Stat] = {
    stat.key: stat
    for stat in (
        Stat(
            "companies_advised",
            _("Beratene Unternehmen"),
            _(
                "Unternehmen mit einer Beratungsanfrage oder einem eröffneten Fall im Zeitraum; Erstkontakt, wenn "
                "ihr allererster Kontakt in den Zeitraum fällt."
            ),
            (Measure("first_contact", _("Erstkontakt")), Measure("repeat", _("Wiederholt")), TOTAL),
            COMPANY_DIMENSIONS,
            kind=DISTINCT,
            total="total",
        ),
        Stat(
            "advice_requests",
            _("Beratungsanfragen"),
            _("Eingegangene Beratungsanfragen (aus dem Navigator oder erfasst), nach Eingangstag."),
            (Measure("received", _("Eingegangen")),),
            COMPANY_DIMENSIONS,
        ),
        Stat(
            "advice_response",
            _("Antwortzeit auf Beratungsanfragen"),
            _(
                "Stunden vom Eingang einer Anfrage bis zur ersten Bearbeitung (Übernahme als Fall oder Weiterleitung), "
                "gezählt im Zeitraum der ersten Bearbeitung."
            ),
            (Measure("first_response", _("Erste Bearbeitung")),),
            kind=DURATION,
            unit="hours",
        ),
        Stat(
            "cases_opened",
            _("Eröffnete Fälle"),
            _("Fälle nach Eröffnungstag."),
            (Measure("opened", _("Eröffnet")),),
            CASE_DIMENSIONS,
        ),
        Stat(
            "cases_closed",
            _("Abgeschlossene Fälle nach Ergebnis"),
            _(
                "Fälle nach Abschlusstag: eingereist (abgeschlossen mit erfasster Einreise), abgeschlossen ohne "
                "Einreise, zurückgezogen, abgelehnt."
            ),
            (
                Measure("arrived", _("Eingereist")),
                Measure("completed", _("Abgeschlossen ohne Einreise")),
                Measure("withdrawn", _("Zurückgezogen")),
                Measure("rejected", _("Abgelehnt")),
                TOTAL,
            ),
            CASE_DIMENSIONS,
            total="total",
        ),
        Stat(
            "withdrawals",
            _("Zurückgezogene Fälle nach Grund"),
            _(
                "Zurückgezogene Fälle nach Abschlusstag und dem Grund, den die Beratung beim Abschluss angibt; "
                "„nicht erfasst“ für Fälle, die vor der Erfassung der Gründe zurückgezogen wurden."
            ),
            (
                *(Measure(key, label) for key, label in WITHDRAWAL_REASONS),
                Measure("unrecorded", _("nicht erfasst")),
                TOTAL,
            ),
            CASE_DIMENSIONS,
            total="total",
        ),
        Stat(
            "milestones",
            _("Dauer bis zu den Meilensteinen"),
            _(
                "Tage vom Erstkontakt (Beratungsanfrage, sonst Fallöffnung) bis zum Meilenstein, gezählt im Zeitraum, "
                "in dem der Meilenstein erreicht wurde: Median und 90. Perzentil."
            ),
            (
                Measure("recognition", _("Anerkennung")),
                Measure("preapproval", _("Vorabzustimmung")),
                Measure("visa", _("Visumentscheidung")),
                Measure("arrival", _("Einreise")),
                Measure("work_start", _("Arbeitsbeginn")),
            ),
            CASE_DIMENSIONS,
            kind=DURATION,
            unit="days",
            note=_("Die Visumentscheidung wird ohne ihr Ergebnis erfasst (erteilt oder abgelehnt)."),
        ),
        Stat(
            "deadlines",
            _("Gesetzliche Fristen"),
            _(
                "Fristen der Behörden nach dem Tag, an dem sie eingehalten wurden (Entscheidung in der Frist) oder "
                "überschritten waren; bei der BA gilt die Zustimmung nach Fristablauf als erteilt (§ 36 Abs. 2 BeschV)."
            ),
            (
                Measure("kept", _("Eingehalten")),
                Measure("overdue", _("Überschritten")),
                Measure("deemed", _("Zustimmungsfiktion")),
                TOTAL,
            ),
            ("authority",),
            total="total",
        ),
        Stat(
            "workshops",
            _("Workshops und Veranstaltungen"),
            _(
                "Durchgeführte Termine veröffentlichter Veranstaltungen; Region des Veranstaltungsorts, landesweite "
                "und überregionale Termine unter „ohne einzelne Region“."
            ),
            (Measure("sessions", _("Termine")),),
        ),
        Stat(
            "registrations",
            _("Anmeldungen, Teilnahme und Nichterscheinen"),
            _(
                "Bestätigte Anmeldungen zu durchgeführten Terminen: erschienen (eingecheckt) oder nicht erschienen; "
                "Region des anmeldenden Unternehmens."
            ),
            (Measure("attended", _("Erschienen")), Measure("no_show", _("Nicht erschienen")), TOTAL),
            total="total",
        ),
        Stat(
            "self_checks",
            _("Selbstchecks faire Anwerbung"),
            _(
                "Gespeicherte Selbstchecks zur fairen Anwerbung (angemeldete Unternehmen) nach Tag; anonym "
                "durchgeführte Checks werden nicht gespeichert und nicht gezählt."
            ),
            (Measure("done", _("Abgeschlossen")),),
            COMPANY_DIMENSIONS,
        ),
    )
}


def stat_get(key: str) -> Stat:
    return STATS[key]
