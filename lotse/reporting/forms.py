"""The filter of the reporting pages: period, breakdown and (for FAI NRW) the region a breakdown is shown for."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.core.permissions import STATEWIDE
from lotse.reporting.dimensions import NO_REGION, NRW
from lotse.reporting.periods import MONTH, QUARTER, YEAR

KIND_LABELS = {QUARTER: _("Quartale"), MONTH: _("Monate"), YEAR: _("Jahre")}


class ReportFilterForm(forms.Form):
    zeitraum = forms.ChoiceField(label=_("Zeitraum"))
    nach = forms.ChoiceField(label=_("Aufgeschlüsselt nach"))
    region = forms.ChoiceField(label=_("Region (bei Aufschlüsselung nach Merkmal)"))

    def __init__(self, data, *, periods, breakdowns=None, audience, region_names):
        super().__init__(data)
        self.fields["zeitraum"].choices = [
            (str(KIND_LABELS[kind]), [(p.key, p.label) for p in periods[kind]])
            for kind in (QUARTER, MONTH, YEAR)
            if periods[kind]
        ]
        self.fields["zeitraum"].error_messages["invalid_choice"] = _(
            "Für „%(value)s“ gibt es keine Auswertung. Bitte wählen Sie einen Zeitraum aus der Liste."
        )
        if breakdowns:
            self.fields["nach"].choices = breakdowns
            self.fields["nach"].error_messages["invalid_choice"] = _(
                "„%(value)s“ ist keine Aufschlüsselung dieser Zahl. Bitte wählen Sie eine aus der Liste."
            )
        else:
            del self.fields["nach"]
        if audience.kind == STATEWIDE and breakdowns:
            self.fields["region"].choices = [
                (str(NRW), _("NRW insgesamt")),
                *[(str(pk), name) for pk, name in region_names.items()],
                (str(NO_REGION), _("ohne einzelne Region")),
            ]
            self.fields["region"].error_messages["invalid_choice"] = _(
                "Diese Region gibt es nicht. Bitte wählen Sie eine aus der Liste."
            )
        else:
            del self.fields["region"]
