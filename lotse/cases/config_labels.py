"""The German labels of config/case_types.yaml (events, deadline timers, case types, steps), marked for translation.

The YAML stays the one place where these labels are written; this list only makes `makemessages` extract them
so that lotse/cases/locale/en can give their English. tests/cases/test_timeline.py fails when a label in the YAML
is missing here. `translated()` looks a label up in the active language.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

LABELS = (
    # events
    gettext_noop("Fall eröffnet"),
    gettext_noop("Anerkennung: Unterlagen vollständig eingereicht"),
    gettext_noop("Anerkennung: Bescheid erhalten"),
    gettext_noop("ZAB-Zeugnisbewertung erhalten"),
    gettext_noop("§ 81a-Vereinbarung mit der ZFE NRW unterzeichnet"),
    gettext_noop("Zustimmung der BA angefragt"),
    gettext_noop("Zustimmung der BA erteilt oder abgelehnt"),
    gettext_noop("Vorabzustimmung erteilt"),
    gettext_noop("Vorabzustimmung bei der Auslandsvertretung vorgelegt (Terminanfrage)"),
    gettext_noop("Visumtermin wahrgenommen, Antrag vollständig"),
    gettext_noop("Visum erteilt oder abgelehnt"),
    gettext_noop("Einreise"),
    gettext_noop("Anmeldung beim Bürgeramt"),
    gettext_noop("Aufenthaltstitel erteilt"),
    gettext_noop("Arbeitsbeginn"),
    gettext_noop("Integrationsgespräch geführt"),
    # deadline timers
    gettext_noop("Entscheidung der Anerkennungsstelle"),
    gettext_noop("Zustimmung der BA (gilt nach Fristablauf als erteilt)"),
    gettext_noop("Termin bei der Auslandsvertretung"),
    gettext_noop("Entscheidung über den Visumantrag"),
    gettext_noop("Gültigkeit der Vorabzustimmung"),
    gettext_noop("Nächster Schritt der Beratung (Service-Level)"),
    # case types
    gettext_noop("Beschleunigtes Fachkräfteverfahren (§ 81a AufenthG)"),
    gettext_noop("Reguläres Visumverfahren"),
    gettext_noop("Chancenkarte (§ 20a AufenthG)"),
    gettext_noop("Anerkennungspartnerschaft (§ 16d Abs. 3 AufenthG)"),
    # steps of the case types
    gettext_noop("Anerkennung der Qualifikation"),
    gettext_noop("ZAB-Zeugnisbewertung"),
    gettext_noop("§ 81a-Vereinbarung mit der ZFE NRW"),
    gettext_noop("Zustimmung der Bundesagentur für Arbeit"),
    gettext_noop("Vorabzustimmung"),
    gettext_noop("Visumtermin"),
    gettext_noop("Visumentscheidung"),
    gettext_noop("Einreise"),
    gettext_noop("Anmeldung"),
    gettext_noop("Aufenthaltstitel"),
    gettext_noop("Arbeitsbeginn"),
    gettext_noop("Integrationsbegleitung (nach 6 Monaten)"),
    gettext_noop("Vorabzustimmung (optional)"),
    gettext_noop("Anerkennungsantrag in Deutschland gestellt"),
    gettext_noop("ZAB-Zeugnisbewertung / Anerkennung"),
    gettext_noop("Integrationsbegleitung"),
)


def translated(label: str) -> str:
    """A configuration label in the active language (unchanged where no translation exists)."""
    return gettext(label) if label else ""
