"""Forms of the welcome plan and the § 45c notice. Places are looked up like in the navigator: a PLZ that spans
several Gemeinden is not guessed, the user picks one; everything typed is kept on errors."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.core.dates import RecentDateField
from lotse.reference.lookup import find_place
from lotse.rules.localized import pick
from lotse.rules.welcome import plan as rules
from lotse.welcome.models import Notice

DATE_INPUT = {"type": "date"}
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DATE_ERROR = {"invalid": _("Bitte geben Sie ein Datum ein, z. B. 01.03.2027.")}


class PlaceMixin:
    """Resolves text fields named `<name>_place` (+ optional `<name>_pick`) to a Gemeinde in `self.places`."""

    def _resolve_place(self, name: str, *, required: bool):
        text = (self.cleaned_data.get(f"{name}_place") or "").strip()
        if not text:
            if required:
                self.add_error(f"{name}_place", _("Bitte geben Sie eine Postleitzahl oder einen Ort ein."))
            return None
        result = find_place(text, chosen_ags=self.data.get(f"{name}_pick") or None)
        if result.error:
            self.add_error(f"{name}_place", result.error)
            return None
        if result.placement is None:
            self.picks[name] = [(g.ags, f"{g.display_name} ({g.kreis.short_name})") for g in result.candidates]
            self.add_error(f"{name}_place", result.choice_message)
            return None
        return result.placement.gemeinde


class WelcomePlanForm(PlaceMixin, forms.Form):
    pathway = forms.ChoiceField(label=_("Aufenthaltsweg"))
    arrival = RecentDateField(
        label=_("Geplantes Ankunftsdatum"),
        widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"),
        input_formats=DATE_FORMATS,
        error_messages=DATE_ERROR,
    )
    start = RecentDateField(
        label=_("Erster Arbeitstag"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"),
        error_messages=DATE_ERROR,
        help_text=_("Leer lassen, wenn noch offen: Der Plan rechnet dann mit einer Woche nach der Ankunft."),
    )
    family = forms.ChoiceField(label=_("Familie"), widget=forms.RadioSelect)
    german = forms.ChoiceField(label=_("Deutschkenntnisse bei der Ankunft"))
    work_place = forms.CharField(
        label=_("Arbeitsort (PLZ oder Ort in NRW)"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    residence_place = forms.CharField(
        label=_("Wohnort (PLZ oder Ort in NRW)"),
        max_length=100,
        required=False,
        help_text=_("Leer lassen, wenn die Fachkraft am Arbeitsort wohnen wird."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, lang: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.lang = lang
        self.picks: dict[str, list] = {}
        self.places: dict = {}
        data = rules.content()
        self.fields["pathway"].choices = [(k, pick(v["label"], lang)) for k, v in data["pathways"].items()]
        self.fields["family"].choices = [(k, pick(v, lang)) for k, v in data["family"].items()]
        none_label = _("keine")
        self.fields["german"].choices = [(lvl, none_label if lvl == "none" else lvl) for lvl in data["german_levels"]]
        self.fields["family"].initial = "none"

    def clean(self):
        cleaned = super().clean()
        work = self._resolve_place("work", required=True)
        residence = self._resolve_place("residence", required=False) if cleaned.get("residence_place") else work
        self.places = {"work": work, "residence": residence}
        if self.errors:
            return cleaned
        try:
            self.situation().validate()
        except rules.SituationError as error:
            field = error.field if error.field in self.fields else None
            message = _("Der erste Arbeitstag liegt vor der Ankunft.") if error.field == "start" else str(error)
            self.add_error(field, message)
        return cleaned

    def situation(self) -> rules.Situation:
        data = self.cleaned_data
        return rules.Situation(
            pathway=data["pathway"],
            arrival=data["arrival"],
            start=data.get("start"),
            family=data["family"],
            german=data["german"],
        )


class SavePlanForm(forms.Form):
    title = forms.CharField(
        label=_("Bezeichnung des Plans"),
        max_length=120,
        required=False,
        help_text=_("Zum Beispiel „Pflegefachkraft Station 3, März“. Bitte keine vollständigen Namen."),
    )


class NoticeForm(PlaceMixin, forms.Form):
    employer_name = forms.CharField(label=_("Name des Arbeitgebers"), max_length=200)
    worker_name = forms.CharField(
        label=_("Name der Fachkraft"), max_length=150, required=False, help_text=_("Erscheint nur auf dem Hinweis.")
    )
    work_place = forms.CharField(
        label=_("Arbeitsort (PLZ oder Ort in NRW)"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    first_working_day = RecentDateField(
        label=_("Erster Arbeitstag"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"),
        error_messages=DATE_ERROR,
    )
    office_contact = forms.CharField(
        label=_("Aktuelle Kontaktdaten der Beratungsstelle"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Anschrift, Telefon, E-Mail aus dem offiziellen Verzeichnis von Faire Integration. "
            "§ 45c verlangt aktuelle Kontaktdaten."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.picks: dict[str, list] = {}
        self.places: dict = {}

    def clean(self):
        cleaned = super().clean()
        self.places = {"work": self._resolve_place("work", required=True)}
        return cleaned


class HandoverForm(forms.Form):
    handed_over_on = RecentDateField(
        label=_("Übergeben am"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"),
        error_messages=DATE_ERROR,
    )
    handed_over_how = forms.ChoiceField(label=_("Wie"), choices=Notice.HandedOverHow.choices, widget=forms.RadioSelect)
