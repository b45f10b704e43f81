"""Forms of the events app. They validate input; the services decide and write."""

from __future__ import annotations

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.core.dates import PlausibleDateField, RecentDateTimeField
from lotse.events.models import Event, MailRule, Sector, Tag
from lotse.reference.models import Arbeitsmarktregion


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _datetime_field(label, required=True, help_text=""):
    return RecentDateTimeField(label=label, required=required, widget=DateTimeInput(),
                               input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"], help_text=help_text)


class FilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)
    topic = forms.ChoiceField(label=_("Thema"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)
    # A date input's value is ISO in every language (German's first input format would write 03.12.2026).
    date_from = PlausibleDateField(
        label=_("ab Datum"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = PlausibleDateField(
        label=_("bis Datum"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("alle Regionen"))] + [(r.slug, r.name) for r in choices["regions"]]
        self.fields["topic"].choices = [("", _("alle Themen"))] + [(t.slug, t.name) for t in choices["topics"]]
        self.fields["format"].choices = [("", _("alle Formate"))] + list(choices["formats"])


class RegistrationForm(forms.Form):
    session = forms.TypedChoiceField(label=_("Termin"), coerce=int, widget=forms.RadioSelect)
    name = forms.CharField(label=_("Vor- und Nachname"), max_length=150)
    company = forms.CharField(label=_("Unternehmen oder Organisation"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-Mail-Adresse"),
                             help_text=_("Wir senden Ihnen einen Link, mit dem Sie die Anmeldung bestätigen."))
    places = forms.TypedChoiceField(label=_("Anzahl Plätze"), coerce=int, initial=1)
    region = forms.ModelChoiceField(label=_("Region Ihres Betriebs"), required=False,
                                    queryset=Arbeitsmarktregion.objects.order_by("name"),
                                    empty_label=_("bitte wählen"))
    sector = forms.ChoiceField(label=_("Branche"), required=False,
                               choices=[("", _("bitte wählen"))] + list(Sector.choices))
    accessibility_needs = forms.CharField(
        label=_("Barrierefreiheit"), required=False, max_length=1000,
        help_text=_("Was brauchen Sie, um gut teilnehmen zu können (z. B. Gebärdensprache, stufenloser Zugang)?"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    privacy = forms.BooleanField(
        label=_("Ich bin einverstanden, dass meine Angaben für diese Veranstaltung verarbeitet und danach "
                "gelöscht werden."),
    )

    def __init__(self, *args, event: Event, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["session"].choices = [(s.pk, s.label) for s in sessions]
        if len(sessions) == 1:
            self.fields["session"].initial = sessions[0].pk
        self.fields["places"].choices = [(n, str(n)) for n in range(1, event.max_places_per_company + 1)]
        self.question_fields = []
        for index, question in enumerate(event.questions or []):
            name = f"question_{index}"
            self.fields[name] = forms.CharField(label=question, required=False, max_length=1000)
            self.question_fields.append(name)

    def answers(self) -> dict:
        return {self.fields[name].label: self.cleaned_data.get(name, "") for name in self.question_fields}


class EventForm(forms.ModelForm):
    organisers = forms.ModelMultipleChoiceField(label=_("Veranstalter"), queryset=None,
                                                widget=forms.CheckboxSelectMultiple)
    tags = forms.ModelMultipleChoiceField(label=_("Themen"), queryset=Tag.objects.all(), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    # Needed unless the event is statewide, so not labelled "optional" (set per request in __init__).
    regions = forms.ModelMultipleChoiceField(
        label=_("Regionen"), queryset=Arbeitsmarktregion.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple, help_text=_("Nicht nötig, wenn die Veranstaltung landesweit ist."),
        error_messages={"required": _("Bitte wählen Sie mindestens eine Region oder „landesweit“.")},
    )
    questions_text = forms.CharField(
        label=_("Zusätzliche Fragen an die Teilnehmenden"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eine Frage je Zeile."),
    )
    online_url = forms.URLField(label=_("Link zur Online-Teilnahme"), required=False, assume_scheme="https",
                                help_text=_("Nur bestätigte Teilnehmende erhalten den Link."))
    registration_opens_at = _datetime_field(_("Anmeldung ab"), required=False)
    registration_closes_at = _datetime_field(_("Anmeldung bis"), required=False)

    class Meta:
        model = Event
        fields = ["title_de", "title_en", "description_de", "description_en", "organisers", "tags", "statewide",
                  "regions", "format", "language", "venue", "street", "postcode", "city", "online_url",
                  "registration_opens_at", "registration_closes_at", "requires_approval",
                  "max_places_per_company", "offer_hours", "confirmation_minutes", "retention_days"]
        widgets = {"description_de": forms.Textarea(attrs={"rows": 4}),
                   "description_en": forms.Textarea(attrs={"rows": 4}),
                   "format": forms.RadioSelect, "language": forms.Select}
        field_classes = {"registration_opens_at": RecentDateTimeField, "registration_closes_at": RecentDateTimeField}

    def __init__(self, *args, organiser_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisers"].queryset = organiser_queryset
        if self.is_bound:
            statewide = self.fields["statewide"].widget.value_from_datadict(
                self.data, self.files, self.add_prefix("statewide")
            )
            self.fields["regions"].required = not statewide
        self.fields["format"].choices = Event.Format.choices
        if self.instance.pk:
            self.initial["questions_text"] = "\n".join(self.instance.questions or [])
        self.fields["max_places_per_company"].min_value = 1
        self.fields["confirmation_minutes"].required = False
        self.fields["confirmation_minutes"].validators.append(MinValueValidator(5))

    def clean_confirmation_minutes(self):
        value = self.cleaned_data.get("confirmation_minutes")
        return value if value else Event._meta.get_field("confirmation_minutes").default

    def clean_max_places_per_company(self):
        value = self.cleaned_data["max_places_per_company"]
        if value < 1:
            raise forms.ValidationError(_("Mindestens ein Platz je Unternehmen."))
        return value

    def clean(self):
        data = super().clean()
        if not data.get("statewide") and not data.get("regions") and "regions" not in self.errors:
            self.add_error("regions", _("Bitte wählen Sie mindestens eine Region oder „landesweit“."))
        return data

    def questions(self) -> list[str]:
        """The additional questions, one a line, without blank lines."""
        text = self.cleaned_data.get("questions_text", "")
        return [line.strip() for line in text.splitlines() if line.strip()]


class SessionForm(forms.Form):
    starts_at = _datetime_field(_("Beginn"))
    ends_at = _datetime_field(_("Ende"))
    capacity = forms.IntegerField(label=_("Plätze"), min_value=1, max_value=10000)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("Das Ende muss nach dem Beginn liegen."))
        return data


class EventCreateForm(EventForm):
    """Creating an event includes its first session."""

    starts_at = _datetime_field(_("Beginn des ersten Termins"))
    ends_at = _datetime_field(_("Ende des ersten Termins"))
    capacity = forms.IntegerField(label=_("Plätze"), min_value=1, max_value=10000)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data["starts_at"] < timezone.now():
            self.add_error("starts_at", _("Der Beginn liegt in der Vergangenheit. Bitte wählen Sie einen künftigen "
                                          "Termin."))
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("Das Ende muss nach dem Beginn liegen."))
        return data


class MailRuleForm(forms.ModelForm):
    class Meta:
        model = MailRule
        fields = ["anchor", "offset_hours", "audience", "subject", "body", "subject_en", "body_en", "attach_ics"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4}), "body_en": forms.Textarea(attrs={"rows": 4})}


class MessageForm(forms.Form):
    session = forms.TypedChoiceField(label=_("An Teilnehmende von"), coerce=int, required=False, empty_value=None)
    subject = forms.CharField(label=_("Betreff"), max_length=200)
    body = forms.CharField(label=_("Nachricht"), widget=forms.Textarea(attrs={"rows": 6}))
    subject_en = forms.CharField(label=_("Betreff (Englisch)"), max_length=200, required=False,
                                 help_text=_("Optional; ohne englischen Text erhalten alle den deutschen."))
    body_en = forms.CharField(label=_("Nachricht (Englisch)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {s.pk: s for s in sessions}
        self.fields["session"].choices = [("", _("allen Terminen"))] + [(s.pk, s.label) for s in sessions]

    def clean_session(self):
        pk = self.cleaned_data.get("session")
        return self.sessions[pk] if pk in self.sessions else None
