"""One form per interview question. Every form turns the typed text into the contract value, with a specific
German (or English) message next to the field when it cannot, and keeps what was typed."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.navigator import selectors
from lotse.reference.lookup import find_place
from lotse.rules.interview import Question

BOOLEAN_VALUES = {"true": True, "false": False}


def parse_number(text: str) -> Decimal | None:
    """52000, 52.000, 52 000, 52.000,50 and 52000.5 → Decimal; None if it is not a number."""
    text = (text or "").strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text) or "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _encode(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


class AnswerForm(forms.Form):
    """The form for `question`; `cleaned_data["value"]` is the contract value after validation."""

    def __init__(self, *args, question: Question, lang: str, stored=None, today: date | None = None, **kwargs):
        self.question = question
        self.lang = lang
        self.today = today or date.today()
        self.place = None  # {"ags", "label", "region"} after a successful place lookup
        self.pick_choices: list[tuple[str, str]] = []
        super().__init__(*args, **kwargs)
        q = question
        label = q.label(lang)
        kind = q.kind
        if kind in ("choice", "boolean"):
            self.fields["answer"] = forms.ChoiceField(
                label=label, choices=[(_encode(v), text) for v, text in q.choices(lang)], widget=forms.RadioSelect
            )
        elif kind == "profession":
            choices = [("", _("Bitte wählen"))] + [(v, text) for v, text in q.choices(lang)]
            self.fields["answer"] = forms.ChoiceField(label=label, choices=choices)
        elif kind == "country":
            countries = selectors.country_choices(lang)
            self.fields["answer"] = forms.ChoiceField(label=label, choices=[("", _("Bitte wählen"))] + countries)
            self.fields["second"] = forms.ChoiceField(
                label=_("Weitere Staatsangehörigkeit"),
                required=False,
                choices=[("", _("keine"))] + countries,
            )
        elif kind in ("integer", "number"):
            self.fields["answer"] = forms.CharField(
                label=label,
                max_length=20,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
        elif kind == "date":
            self.fields["answer"] = forms.DateField(
                label=label,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                input_formats=["%Y-%m-%d", "%d.%m.%Y"],
                error_messages={"invalid": _("Bitte geben Sie ein Datum ein, z. B. 15.07.2024.")},
            )
        elif kind == "isco":
            self.fields["answer"] = forms.CharField(
                label=label,
                max_length=120,
                widget=forms.TextInput(attrs={"list": "job-list", "autocomplete": "off"}),
            )
            self.fields["pick"] = forms.CharField(required=False, widget=forms.RadioSelect)
        elif kind == "place":
            self.fields["answer"] = forms.CharField(
                label=label, max_length=100, widget=forms.TextInput(attrs={"autocomplete": "postal-code"})
            )
            self.fields["pick"] = forms.CharField(required=False, widget=forms.RadioSelect)
        elif kind == "duration":
            self.fields["answer"] = forms.ChoiceField(
                label=label,
                choices=[("open", _("Unbefristet")), ("fixed", _("Befristet"))],
                widget=forms.RadioSelect,
            )
            self.fields["months"] = forms.CharField(
                label=_("Dauer der Befristung in Monaten"),
                required=False,
                max_length=4,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            )
        self.fields["answer"].help_text = q.help_text(lang)  # described by the hint next to the field
        self.fields["answer"].error_messages["required"] = _(
            "Bitte beantworten Sie die Frage – oder wählen Sie „Weiß ich noch nicht“."
        )
        if not self.is_bound and stored is not None:
            self.initial.update(self._initial(stored))

    def _initial(self, stored) -> dict:
        kind = self.question.kind
        if kind == "country":
            codes = list(stored) if isinstance(stored, list) else [stored]
            return {"answer": codes[0] if codes else "", "second": codes[1] if len(codes) > 1 else ""}
        if kind == "duration":
            return {"answer": "open"} if stored is None else {"answer": "fixed", "months": _encode(stored)}
        if kind == "isco":
            return {"answer": selectors.job_title(stored, self.lang) or stored}
        if kind == "place":
            return {"answer": stored}
        if kind in ("integer", "number") and isinstance(stored, float) and stored.is_integer():
            return {"answer": str(int(stored))}
        return {"answer": _encode(stored)}

    # --- per kind ---------------------------------------------------------------------------------------------

    def _number(self, text: str):
        q = self.question
        number = parse_number(text)
        if number is None:
            if q.id == "job.annual_gross_salary_eur":
                raise forms.ValidationError(_("Bitte geben Sie das Gehalt als Zahl in Euro ein, z. B. 52000."))
            raise forms.ValidationError(_("Bitte geben Sie eine Zahl ein, z. B. 3."))
        if number < 0:
            if q.id == "job.annual_gross_salary_eur":
                raise forms.ValidationError(
                    _(
                        "Das Gehalt kann nicht negativ sein. "
                        "Bitte geben Sie das Bruttojahresgehalt in Euro ein, z. B. 52000."
                    )
                )
            raise forms.ValidationError(_("Bitte geben Sie eine Zahl ab 0 ein."))
        if q.maximum is not None and number > Decimal(str(q.maximum)):
            raise forms.ValidationError(
                _("Bitte geben Sie höchstens %(max)s ein.")
                % {"max": int(q.maximum) if float(q.maximum).is_integer() else q.maximum}
            )
        if q.kind == "integer":
            if number != number.to_integral_value():
                raise forms.ValidationError(_("Bitte geben Sie eine ganze Zahl ein."))
            return int(number)
        return int(number) if number == number.to_integral_value() else float(number)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        kind = self.question.kind
        raw = cleaned.get("answer")
        try:
            if kind == "boolean":
                cleaned["value"] = BOOLEAN_VALUES[raw]
            elif kind in ("choice", "profession"):
                cleaned["value"] = raw
            elif kind == "country":
                codes = [raw] + ([cleaned["second"]] if cleaned.get("second") and cleaned["second"] != raw else [])
                cleaned["value"] = codes
            elif kind in ("integer", "number"):
                cleaned["value"] = self._number(raw)
            elif kind == "date":
                if raw > self.today:
                    raise forms.ValidationError(
                        _(
                            "Das Datum liegt in der Zukunft. "
                            "Geben Sie bitte das Datum an, an dem der Abschluss erworben wurde."
                        )
                    )
                cleaned["value"] = raw.isoformat()
            elif kind == "isco":
                cleaned["value"] = self._isco(raw, cleaned.get("pick"))
            elif kind == "place":
                cleaned["value"] = self._place(raw, cleaned.get("pick"))
            elif kind == "duration":
                cleaned["value"] = self._duration(raw, cleaned.get("months"))
        except forms.ValidationError as error:
            self.add_error("months" if kind == "duration" and raw == "fixed" else "answer", error)
        return cleaned

    def _isco(self, text: str, pick: str | None):
        if pick and re.fullmatch(r"\d{2,4}", pick):
            return pick
        text = text.strip()
        code = re.fullmatch(r"(?:isco\s*)?(\d{2,4})", text, flags=re.IGNORECASE)
        if code:
            return code.group(1)
        exact = selectors.job_exact(text, self.lang)
        if exact:
            return exact["isco"]
        hits = selectors.job_search(text, self.lang)
        if len(hits) == 1:
            return hits[0]["isco"]
        if hits:
            self.pick_choices = [(hit["isco"], f"{hit['title']} (ISCO {hit['isco']})") for hit in hits]
            raise forms.ValidationError(_("Mehrere Berufe passen – bitte wählen Sie einen aus der Liste."))
        raise forms.ValidationError(
            _(
                "Zu „%(q)s“ kennen wir keinen Beruf. Versuchen Sie eine andere Bezeichnung, "
                "z. B. „Koch“ oder „Elektriker“, oder geben Sie den ISCO-Code ein."
            )
            % {"q": text}
        )

    def _place(self, text: str, pick: str | None):
        result = find_place(text, chosen_ags=pick or None)
        if result.error:
            raise forms.ValidationError(result.error)
        if result.placement is None:
            self.pick_choices = [(g.ags, f"{g.display_name} ({g.kreis.short_name})") for g in result.candidates]
            raise forms.ValidationError(
                _("„%(q)s“ passt zu mehreren Orten – bitte wählen Sie den Ort des Arbeitsplatzes.") % {"q": text}
            )
        gemeinde = result.placement.gemeinde
        self.place = {
            "ags": gemeinde.ags,
            "label": f"{gemeinde.display_name} ({gemeinde.kreis.short_name})",
            "query": text,
            "region": gemeinde.arbeitsmarktregion.slug if gemeinde.arbeitsmarktregion else None,
        }
        return gemeinde.ags

    def _duration(self, choice: str, months: str | None):
        if choice == "open":
            return None
        number = parse_number(months or "")
        if number is None:
            raise forms.ValidationError(_("Bitte geben Sie die Dauer der Befristung in Monaten an, z. B. 24."))
        if number <= 0 or number != number.to_integral_value():
            raise forms.ValidationError(_("Bitte geben Sie eine ganze Zahl von Monaten ab 1 an."))
        return int(number)


class AdviceRequestForm(forms.Form):
    contact_name = forms.CharField(label=_("Ihr Name"), max_length=150, help_text=_("Ansprechperson im Unternehmen."))
    contact_email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"), help_text=_("Die Regionalagentur antwortet an diese Adresse.")
    )
    message = forms.CharField(
        label=_("Ihre Nachricht"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Zum Beispiel: gewünschter Starttermin. Bitte keine Namen oder Passdaten der Fachkraft."),
    )


class RegisterForm(forms.Form):
    """Registering on the spot: the employer's organisation and a login for the person asking."""

    company = forms.CharField(label=_("Name des Unternehmens"), max_length=200)
    email = forms.EmailField(label=_("E-Mail-Adresse (Anmeldung)"))
    password = forms.CharField(
        label=_("Passwort"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        min_length=10,
        help_text=_("Mindestens 10 Zeichen."),
    )

    def clean_email(self):
        from lotse.accounts.models import User

        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("Zu dieser E-Mail-Adresse gibt es schon ein Konto. Bitte melden Sie sich an.")
            )
        return email
