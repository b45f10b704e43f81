"""Forms of communication. Querysets of scoped models are set in __init__ (never at import time)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.communication.models import EditorialEntry, NewsItem, RegionalOffer, TextTemplate
from lotse.communication.services.calendar import EntryContent
from lotse.communication.services.news import NewsContent
from lotse.communication.services.newsletter import consent_text
from lotse.communication.services.offers import OfferContent
from lotse.communication.services.templates import TemplateContent
from lotse.core.dates import RecentDateField


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _tags():
    from lotse.events.models import Tag  # noqa: PLC0415

    return Tag.objects.all()


def _regions():
    from lotse.reference.models import Arbeitsmarktregion  # noqa: PLC0415

    return Arbeitsmarktregion.objects.order_by("name")


class TeamChoiceMixin:
    """An organisation field when the user writes for more than one team."""

    def add_team_field(self, teams, initial=None):
        self.teams = {str(team.pk): team for team in teams}
        if len(teams) > 1:
            self.fields["organisation"] = forms.ChoiceField(
                label=_("Für"),
                choices=[(str(t.pk), t.name) for t in teams],
                initial=str(initial.pk) if initial else None,
            )
            self.order_fields(["organisation"])

    def team(self):
        if "organisation" in self.fields:
            return self.teams[self.cleaned_data["organisation"]]
        return next(iter(self.teams.values()))


class NewsForm(TeamChoiceMixin, forms.Form):
    scope = forms.ChoiceField(
        label=_("Reichweite"),
        choices=NewsItem.Scope.choices,
        widget=forms.RadioSelect,
        help_text=_("Landesweite Nachrichten erscheinen erst nach der Freigabe durch FAI NRW."),
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=None, required=False, help_text=_("Nur für regionale Nachrichten.")
    )
    title_de = forms.CharField(label=_("Überschrift (Deutsch)"), max_length=200)
    summary_de = forms.CharField(
        label=_("Kurzfassung (Deutsch)"),
        max_length=400,
        help_text=_("Ein bis zwei Sätze; erscheint in der Übersicht, im RSS-Feed und im Newsletter."),
    )
    body_de = forms.CharField(label=_("Text (Deutsch)"), widget=forms.Textarea(attrs={"rows": 10}))
    title_en = forms.CharField(label=_("Überschrift (Englisch)"), max_length=200, required=False)
    summary_en = forms.CharField(label=_("Kurzfassung (Englisch)"), max_length=400, required=False)
    body_en = forms.CharField(label=_("Text (Englisch)"), widget=forms.Textarea(attrs={"rows": 10}), required=False)
    topics = forms.ModelMultipleChoiceField(
        label=_("Themen"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _regions()
        self.fields["topics"].queryset = _tags()
        self.add_team_field(teams)

    def clean(self):
        data = super().clean()
        if data.get("scope") == NewsItem.Scope.REGIONAL and not data.get("region"):
            self.add_error("region", _("Bitte wählen Sie die Region der Nachricht."))
        if data.get("scope") == NewsItem.Scope.STATEWIDE:
            data["region"] = None
        english = [data.get(k) for k in ("title_en", "summary_en", "body_en")]
        if any(english) and not all(english):
            self.add_error(
                "body_en",
                _(
                    "Für die englische Fassung bitte Überschrift, Kurzfassung und Text angeben "
                    "(oder alle drei leer lassen)."
                ),
            )
        return data

    def content(self) -> NewsContent:
        data = self.cleaned_data
        return NewsContent(
            scope=data["scope"],
            region=data["region"],
            topics=tuple(data["topics"]),
            title_de=data["title_de"],
            summary_de=data["summary_de"],
            body_de=data["body_de"],
            title_en=data["title_en"],
            summary_en=data["summary_en"],
            body_en=data["body_en"],
        )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Anmerkung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pflicht, wenn Sie die Nachricht zur Überarbeitung zurückgeben."),
    )


class EntryForm(TeamChoiceMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    format = forms.ChoiceField(label=_("Art"), choices=EditorialEntry.Format.choices)
    topic = forms.ModelChoiceField(label=_("Thema"), queryset=None, required=False)
    starts_on = RecentDateField(label=_("Datum oder Beginn"), widget=DateInput())
    ends_on = RecentDateField(
        label=_("Ende"), widget=DateInput(), required=False, help_text=_("Nur bei mehrtägigen Vorhaben.")
    )
    status = forms.ChoiceField(
        label=_("Stand"), choices=EditorialEntry.Status.choices, initial=EditorialEntry.Status.PLANNED
    )
    notes = forms.CharField(label=_("Notizen"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = _tags()
        self.add_team_field(teams)

    def clean(self):
        data = super().clean()
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Das Ende liegt vor dem Beginn."))
        return data

    def content(self) -> EntryContent:
        data = self.cleaned_data
        return EntryContent(
            title=data["title"],
            format=data["format"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            topic=data["topic"],
            status=data["status"],
            notes=data["notes"],
        )


class OfferForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=None)
    kind = forms.ChoiceField(label=_("Art"), choices=RegionalOffer.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    description_de = forms.CharField(label=_("Beschreibung (Deutsch)"), widget=forms.Textarea(attrs={"rows": 4}))
    description_en = forms.CharField(
        label=_("Beschreibung (Englisch)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    url = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("E-Mail"), required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=60, required=False)
    address = forms.CharField(label=_("Adresse"), max_length=300, required=False)
    active = forms.BooleanField(label=_("Öffentlich anzeigen"), required=False, initial=True)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = _regions()
        self.fields["region"].queryset = queryset if regions is None else queryset.filter(pk__in=regions)

    def content(self) -> OfferContent:
        data = self.cleaned_data
        return OfferContent(
            kind=data["kind"],
            name=data["name"],
            description_de=data["description_de"],
            description_en=data["description_en"],
            url=data["url"],
            email=data["email"],
            phone=data["phone"],
            address=data["address"],
            active=data["active"],
        )


class TemplateForm(TeamChoiceMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    category = forms.ChoiceField(label=_("Art"), choices=TextTemplate.Category.choices)
    subject_de = forms.CharField(label=_("Betreff (Deutsch)"), max_length=200)
    body_de = forms.CharField(
        label=_("Text (Deutsch)"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Platzhalter in geschweiften Klammern, z. B. {firma}, {ansprechperson}, {datum}, {ort}."),
    )
    subject_en = forms.CharField(label=_("Betreff (Englisch)"), max_length=200, required=False)
    body_en = forms.CharField(label=_("Text (Englisch)"), widget=forms.Textarea(attrs={"rows": 10}), required=False)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_team_field(teams)

    def clean(self):
        data = super().clean()
        if bool(data.get("subject_en")) != bool(data.get("body_en")):
            self.add_error("body_en", _("Für die englische Fassung bitte Betreff und Text angeben."))
        return data

    def content(self) -> TemplateContent:
        data = self.cleaned_data
        return TemplateContent(
            title=data["title"],
            category=data["category"],
            subject_de=data["subject_de"],
            body_de=data["body_de"],
            subject_en=data["subject_en"],
            body_en=data["body_en"],
        )


class TemplateUseForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Sprache"),
        choices=[("de", _("Deutsch")), ("en", _("Englisch"))],
        initial="de",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, placeholders, **kwargs):
        super().__init__(*args, **kwargs)
        for name in placeholders:
            self.fields[f"p_{name}"] = forms.CharField(
                label=name.replace("_", " ").capitalize(), max_length=300, required=False
            )

    def values(self) -> dict[str, str]:
        return {key[2:]: value for key, value in self.cleaned_data.items() if key.startswith("p_") and value}


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    language = forms.ChoiceField(
        label=_("Sprache des Newsletters"),
        choices=[("de", _("Deutsch")), ("en", _("Englisch"))],
        initial="de",
        widget=forms.RadioSelect,
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regionen"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ohne Auswahl erhalten Sie Nachrichten aus ganz NRW; landesweite Nachrichten immer."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Themen"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ohne Auswahl: alle Themen."),
    )
    consent = forms.BooleanField(
        label="",
        error_messages={"required": _("Ohne Ihre Einwilligung können wir Ihnen den Newsletter nicht schicken.")},
    )
    website = forms.CharField(required=False, label=_("Bitte leer lassen"))  # a trap for bots

    def __init__(self, *args, language="de", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = _regions()
        self.fields["topics"].queryset = _tags()
        self.fields["consent"].label = consent_text(language)


class PreferencesForm(forms.Form):
    language = SubscribeForm.base_fields["language"]
    regions = SubscribeForm.base_fields["regions"]
    topics = SubscribeForm.base_fields["topics"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = _regions()
        self.fields["topics"].queryset = _tags()
