"""Forms of case work. Labels German first (gettext_lazy)."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Membership, Organisation, User
from lotse.cases import config
from lotse.cases.config_labels import translated
from lotse.cases.labels import pathway_title, stage_choices
from lotse.cases.models import Activity, Case, CompanyProfile, Consent, Document, PowerOfAttorney
from lotse.core.dates import RecentDateField
from lotse.rules import PATHWAY_IDS

# WZ 2008 (Klassifikation der Wirtschaftszweige): a section letter (A–U), a division "62", group "62.0",
# class "62.01" or subclass "62.01.0", optionally prefixed by the section ("C25", "C25.11").
WZ_CODE = RegexValidator(
    r"^(?:[A-U]|[A-U]?\d{2}(?:\.\d(?:\d(?:\.\d)?)?)?)$",
    _("Bitte einen Code der WZ 2008 angeben, z. B. „62.01“, „C25“ oder „Q“."),
)


def clean_wz_code(value: str) -> str:
    value = (value or "").strip().upper().replace(" ", "")
    if value:
        WZ_CODE(value)
    return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def pathway_choices():
    return [(p, pathway_title(p)) for p in PATHWAY_IDS]


def team_queryset():
    return Organisation.objects.filter(
        kind__in=[Organisation.Kind.FAI, Organisation.Kind.REGIONALAGENTUR]
    ).order_by("kind", "name")


def _choices_from(field: forms.ModelChoiceField, objects) -> None:
    """Render the options of an unbound form from objects already loaded, instead of a query of its own.

    A ModelChoiceField iterates its queryset with a server-side cursor (DECLARE, FETCH, CLOSE) each time it is
    rendered. The queryset stays in place: a submitted value is still validated against it.
    """
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.choices = empty + [(obj.pk, field.label_from_instance(obj)) for obj in objects]


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Suche (Aktenzeichen, Unternehmen, Fachkraft)"), required=False)
    stage = forms.ChoiceField(label=_("Stand"), required=False)
    pathway = forms.ChoiceField(label=_("Aufenthaltsweg"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("alle"))] + list(Case.Status.choices)
    )
    overdue = forms.BooleanField(label=_("nur mit überschrittener Frist"), required=False)
    mine = forms.BooleanField(label=_("nur meine Fälle"), required=False)
    employer = forms.ModelChoiceField(
        label=_("Unternehmen"), queryset=None, required=False, widget=forms.HiddenInput()
    )
    adviser = forms.TypedChoiceField(label=_("Beraterin / Berater"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, advisers=None, **kwargs):
        """`advisers`: (id, name) of the users the actor may filter by (loaded by the caller within the scope).
        Without them (the employer's own list) the adviser and company filters are left out. The company filter
        is set by a link (from a company's page) and validated within the scope; the search box finds companies
        by name: a select of every company of a region would be long and cost every page view."""
        super().__init__(*args, **kwargs)
        if advisers is None:
            del self.fields["adviser"]
            del self.fields["employer"]
        else:
            if self.is_bound:  # what a submitted company is checked against; an empty form needs no query set
                self.fields["employer"].queryset = Organisation.objects.filter(kind=Organisation.Kind.UNTERNEHMEN)
            self.fields["adviser"].choices = [("", _("alle")), *advisers]  # a value must be one of them
        self.fields["stage"].choices = [("", _("alle")), *stage_choices()]
        self.fields["pathway"].choices = [("", _("alle"))] + pathway_choices()


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Ereignis"))
    occurred_on = RecentDateField(label=_("Datum"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, translated(v)) for k, v in config.events().items() if k != "case_opened"]


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Art"),
        choices=[(k, v) for k, v in Activity.Kind.choices if k in ("note", "call", "meeting", "email")],
    )
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    shared = forms.BooleanField(label=_("für das Unternehmen sichtbar"), required=False)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Aufgabe"), max_length=200)
    due_on = RecentDateField(label=_("fällig am"), required=False, widget=DateInput())
    assignee = forms.ModelChoiceField(label=_("zuständig"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, advisers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(pk__in=[u.pk for u in advisers])
        if not self.is_bound:
            _choices_from(self.fields["assignee"], advisers)


class CaseEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput())
    adviser = forms.ModelChoiceField(
        label=_("Beraterin / Berater"), queryset=User.objects.none(), required=False
    )
    case_type = forms.ChoiceField(label=_("Fallart"))
    pathway = forms.ChoiceField(label=_("Aufenthaltsweg"))

    def __init__(self, *args, advisers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = User.objects.filter(pk__in=[u.pk for u in advisers])
        if not self.is_bound:
            _choices_from(self.fields["adviser"], advisers)
        self.fields["case_type"].choices = [(k, translated(v)) for k, v in config.case_type_choices()]
        self.fields["pathway"].choices = pathway_choices()


class HandoverForm(forms.Form):
    to_team = forms.ModelChoiceField(label=_("Übergeben an"), queryset=None)
    note = forms.CharField(
        label=_("Übergabenotiz"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args, exclude_team=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = team_queryset()
        if exclude_team is not None:
            queryset = queryset.exclude(pk=exclude_team.pk)
        self.fields["to_team"].queryset = queryset
        if not self.is_bound:
            _choices_from(self.fields["to_team"], list(queryset))


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Abschluss"), choices=[c for c in Case.Status.choices if c[0] != Case.Status.OPEN]
    )
    withdrawal_reason = forms.ChoiceField(
        label=_("Grund des Rückzugs"),
        choices=[("", _("bitte wählen (nur bei „zurückgezogen“)")), *Case.WithdrawalReason.choices],
        required=False,
        help_text=_("Nur wenn der Fall zurückgezogen wird: Der Grund geht anonym in die Auswertung ein."),
    )
    withdrawal_note = forms.CharField(
        label=_("Anmerkung zum Rückzug"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Freiwillig, intern; bitte keine Namen."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Case.Status.WITHDRAWN and not cleaned.get("withdrawal_reason"):
            self.add_error("withdrawal_reason", _("Bitte wählen Sie, warum der Fall zurückgezogen wird."))
        elif cleaned.get("status") and cleaned.get("status") != Case.Status.WITHDRAWN:
            if cleaned.get("withdrawal_reason") or (cleaned.get("withdrawal_note") or "").strip():
                self.add_error(
                    "withdrawal_reason", _("Ein Grund des Rückzugs gehört nur zu einem zurückgezogenen Fall.")
                )
        return cleaned


class WaitingForm(forms.Form):
    waiting = forms.BooleanField(required=False)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Datei (PDF, PNG oder JPEG, höchstens 10 MB)"), required=False)
    candidate = forms.TypedChoiceField(label=_("gehört zu"), coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), choices=Document.Status.choices, required=False)
    reason = forms.CharField(label=_("Grund der Ablehnung"), required=False, max_length=300)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].choices = [("", "—"), *((c.pk, str(c)) for c in candidates)]
        # The upload form sends "file", the status form "status": an upload without a file is an error.
        self.fields["file"].required = self.is_bound and "status" not in self.data
        self.fields["file"].error_messages["required"] = _(
            "Bitte wählen Sie eine Datei aus (PDF, PNG oder JPEG, höchstens 10 MB)."
        )


class PowerOfAttorneyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Vollmacht"), choices=PowerOfAttorney.Kind.choices)
    granted_on = RecentDateField(label=_("erteilt am"), widget=DateInput())


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Zweck"), choices=Consent.Purpose.choices)
    given_on = RecentDateField(label=_("erteilt am"), widget=DateInput())


class WithdrawForm(forms.Form):
    withdrawn_on = RecentDateField(label=_("widerrufen am"), widget=DateInput())


class EraseForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Vorgehen"),
        widget=forms.RadioSelect,
        choices=[
            ("anonymise", _("Anonymisieren (Fall bleibt für die Statistik erhalten)")),
            ("delete", _("Löschen (Person wird entfernt, nur eine anonyme Zählung bleibt)")),
        ],
    )
    confirm = forms.BooleanField(label=_("Ich habe den Antrag der Person geprüft."), required=True)


class ContactLookupForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse der Kontaktperson"))


class ContactEraseForm(forms.Form):
    email = forms.EmailField(widget=forms.HiddenInput())
    confirm = forms.BooleanField(label=_("Ich habe den Antrag der Person geprüft."), required=True)


class AcceptForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Unternehmen"), queryset=None)
    pathway = forms.ChoiceField(label=_("Aufenthaltsweg"))
    case_type = forms.ChoiceField(label=_("Fallart"))
    team = forms.ModelChoiceField(label=_("Zuständiges Team"), queryset=None)
    candidate_first_name = forms.CharField(label=_("Vorname der Fachkraft"), required=False, max_length=100)
    candidate_last_name = forms.CharField(label=_("Nachname der Fachkraft"), required=False, max_length=100)

    def __init__(self, *args, pathways=(), teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.UNTERNEHMEN
        ).order_by("name")
        self.fields["pathway"].choices = list(pathways) or pathway_choices()
        self.fields["case_type"].choices = [(k, translated(v)) for k, v in config.case_type_choices()]
        # Only the actor's own teams and FAI NRW: nobody opens a case in another agency's name.
        queryset = team_queryset()
        if teams is not None:
            queryset = queryset.filter(
                models.Q(pk__in=[t.pk for t in teams]) | models.Q(kind=Organisation.Kind.FAI)
            )
        self.fields["team"].queryset = queryset

    def clean(self):
        data = super().clean()
        employer, team = data.get("employer"), data.get("team")
        if employer is not None and team is not None:
            error = team_region_mismatch(team, employer.region_id)
            if error:
                self.add_error("team", error)
        return data


def team_region_mismatch(team: Organisation, region_id: int | None):
    """The message if a Regionalagentur would take a case outside its region, else None (FAI NRW: all NRW)."""
    if team.kind != Organisation.Kind.REGIONALAGENTUR or region_id is None or team.region_id == region_id:
        return None
    return _(
        "%(team)s ist nur für die eigene Region zuständig, das Unternehmen liegt in einer anderen Region. "
        "Bitte die Anfrage an die zuständige Regionalagentur weiterleiten oder FAI NRW wählen."
    ) % {"team": team.name}


class ForwardForm(forms.Form):
    to_team = forms.ModelChoiceField(label=_("Weiterleiten an"), queryset=None)
    reason = forms.CharField(label=_("Grund"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_team"].queryset = team_queryset()


class CompanyForm(forms.Form):
    name = forms.CharField(label=_("Name des Unternehmens"), max_length=200)
    street = forms.CharField(label=_("Straße und Hausnummer"), max_length=200, required=False)
    postcode = forms.CharField(label=_("PLZ"), max_length=5, min_length=5)
    city = forms.CharField(label=_("Ort"), max_length=120, required=False)
    wz_code = forms.CharField(
        label=_("Wirtschaftszweig (WZ 2008, z. B. 25.11)"), max_length=10, required=False
    )
    size_class = forms.ChoiceField(
        label=_("Größenklasse"), required=False, choices=[("", "–")] + list(CompanyProfile.SizeClass.choices)
    )
    contact_name = forms.CharField(label=_("Ansprechperson"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("E-Mail der Ansprechperson"), required=False)
    contact_phone = forms.CharField(label=_("Telefon"), max_length=60, required=False)
    allow_duplicate = forms.BooleanField(
        label=_("Trotzdem anlegen – es ist ein anderes Unternehmen"), required=False
    )

    def clean_wz_code(self):
        return clean_wz_code(self.cleaned_data.get("wz_code", ""))


class CompanyProfileForm(forms.Form):
    wz_code = forms.CharField(
        label=_("Wirtschaftszweig (WZ 2008, z. B. 62.01 oder C25)"), max_length=10, required=False
    )
    size_class = forms.ChoiceField(
        label=_("Größenklasse"), required=False, choices=[("", "–")] + list(CompanyProfile.SizeClass.choices)
    )
    contact_name = forms.CharField(label=_("Ansprechperson"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("E-Mail der Ansprechperson"), required=False)
    contact_phone = forms.CharField(label=_("Telefon"), max_length=60, required=False)

    def clean_wz_code(self):
        return clean_wz_code(self.cleaned_data.get("wz_code", ""))


class CandidateForm(forms.Form):
    first_name = forms.CharField(label=_("Vorname"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Nachname"), max_length=100)
    email = forms.EmailField(label=_("E-Mail"), required=False)
    citizenship = forms.CharField(
        label=_("Staatsangehörigkeit (ISO-Code, z. B. IN)"), max_length=2, min_length=2, required=False
    )
    qualification = forms.CharField(label=_("Qualifikation"), max_length=200, required=False)
    profession = forms.CharField(label=_("Beruf (Katalog)"), max_length=40, required=False)

    def clean_citizenship(self):
        value = self.cleaned_data.get("citizenship", "").strip().upper()
        if value and not value.isalpha():
            raise forms.ValidationError(_("Bitte den zweistelligen Ländercode angeben (ISO 3166-1)."))
        return value


class RevokeForm(forms.Form):
    revoked_on = RecentDateField(label=_("widerrufen am"), widget=DateInput())


ADVISER_ROLES = [Membership.Role.ADVISER, Membership.Role.ADMIN]
