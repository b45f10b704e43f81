"""One form per interview question. Every form turns the typed text into the contract value, with a specific
German (or English) message next to the field when it cannot, and keeps what was typed."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from lotse.core import numbers
from lotse.core.dates import PlausibleDateField
from lotse.navigator import selectors
from lotse.reference.lookup import find_place
from lotse.rules.interview import (
    NO_JOB,
    Part,
    Question,
    job_answer,
    mixed_group_entries,
    qualification_answer,
)
from lotse.rules.occupations import SearchInputError, occupation, ranked_matches

BOOLEAN_VALUES = {"true": True, "false": False}
MAX_NUMBER_LENGTH = numbers.MAX_NUMBER_LENGTH
# A number as people type it: digits with thousands separators (. , ' or space) and one decimal mark – never an
# exponent, so "1e999999999" is refused before any conversion.
_NUMBER_CHARS = re.compile(r"[0-9.,']+")
_CURRENCY = re.compile(r"(?i)\s*(€|eur(o)?)\s*")


def parse_number(text: str, lang: str = "de") -> Decimal | None:
    """'55.000', '55000 €', '55 000' → 55000 in German; '55,000' → 55000 and '55.5' → 55.5 in English;
    '52.000,50' → 52000.50. None for anything else (letters, exponents, several decimal marks, too long)."""
    text = _CURRENCY.sub("", (text or "")).replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not text or len(text) > MAX_NUMBER_LENGTH or not _NUMBER_CHARS.fullmatch(text):
        return None
    text = text.replace("'", "")
    thousands, decimal = (",", ".") if lang == "en" else (".", ",")
    if re.fullmatch(rf"\d{{1,3}}(\{thousands}\d{{3}})+(\{decimal}\d+)?", text):
        text = text.replace(thousands, "").replace(decimal, ".")
    elif re.fullmatch(rf"\d+\{decimal}\d+", text) or text.isdigit():
        text = text.replace(decimal, ".")
    elif re.fullmatch(rf"\d+\{thousands}\d{{1,2}}", text):
        text = text.replace(thousands, ".")  # "52000.50" in German or "52000,50" in English: a decimal mark
    else:
        return None
    try:
        return numbers.parse_decimal(text)  # the shared safe parser: length and shape checked again
    except numbers.NumberError:
        return None


def _encode(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _amount(value: float, lang: str) -> str:
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def check_number(number: Decimal | None, *, kind: str, minimum, maximum, salary: bool, lang: str):
    """The contract value for a parsed number, or a ValidationError that says what is allowed."""
    if number is None:
        if salary:
            raise forms.ValidationError(_("Bitte geben Sie das Gehalt als Zahl in Euro ein, z. B. 52.000."))
        raise forms.ValidationError(_("Bitte geben Sie eine Zahl ein, z. B. 3."))
    if number < 0 and salary:
        raise forms.ValidationError(
            _("Das Gehalt kann nicht negativ sein. Bitte geben Sie das Bruttojahresgehalt in Euro ein, z. B. 52.000.")
        )
    if (minimum is not None and number < Decimal(str(minimum))) or (
        maximum is not None and number > Decimal(str(maximum))
    ):
        if salary:
            raise forms.ValidationError(
                _(
                    "Ein Bruttojahresgehalt liegt zwischen %(min)s € und %(max)s €. Bitte prüfen Sie die Zahl – "
                    "meinten Sie das Gehalt für ein ganzes Jahr?"
                )
                % {"min": _amount(minimum, lang), "max": _amount(maximum, lang)}
            )
        raise forms.ValidationError(
            _("Bitte geben Sie eine Zahl zwischen %(min)s und %(max)s ein.")
            % {"min": _plain(minimum), "max": _plain(maximum)}
        )
    if kind == "integer":
        if number != number.to_integral_value():
            raise forms.ValidationError(_("Bitte geben Sie eine ganze Zahl ein."))
        return int(number)
    return int(number) if number == number.to_integral_value() else float(number)


def _plain(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def occupation_choice(text: str, lang: str) -> tuple[str | None, list[tuple[str, str]]]:
    """(catalogue id, []) when the typed text names one occupation clearly, else (None, choices to pick from).
    A bare ISCO code picks its ISCO group."""
    text = (text or "").strip()
    code = re.fullmatch(r"(?i)(?:isco\s*)?(\d{4})", text)
    if code and occupation(f"isco-{code.group(1)}"):
        return f"isco-{code.group(1)}", []
    try:
        matches = ranked_matches(text, lang=lang, limit=8)
    except SearchInputError as error:
        raise forms.ValidationError(error.message(lang)) from error
    if not matches:
        raise forms.ValidationError(
            _(
                "Zu „%(q)s“ kennen wir keinen Beruf. Versuchen Sie eine andere Bezeichnung, z. B. „Koch“ oder "
                "„Elektriker“, oder geben Sie den vierstelligen ISCO-Code ein."
            )
            % {"q": text}
        )
    exact = [entry for entry, _matched, score in matches if score == 100]
    named = [entry for entry in exact if entry.kind != "isco_group"]
    if len(named) == 1 or (not named and len(exact) == 1):
        return (named or exact)[0].id, []  # a named occupation wins over the ISCO group of the same name
    if len(matches) == 1:
        return matches[0][0].id, []
    return None, [(entry.id, occupation_label(entry, lang)) for entry, _matched, _score in matches]


def occupation_label(entry, lang: str) -> str:
    if entry.kind == "isco_group":
        return f"{entry.title(lang)} (ISCO {entry.isco})"
    return entry.title(lang)


class AnswerForm(forms.Form):
    """The form for `question`; `cleaned_data["value"]` is the stored answer after validation.

    `answers` are the interview's answers so far: the qualification question offers "the job's occupation", the
    exact-occupation question lists the job's ISCO group, the training's length is asked for a vocational level."""

    def __init__(
        self,
        *args,
        question: Question,
        lang: str,
        stored=None,
        today: date | None = None,
        answers: dict | None = None,
        **kwargs,
    ):
        self.question = question
        self.lang = lang
        self.today = today or date.today()
        self.answers = answers or {}
        self.place = None  # {"ags", "label", "region"} after a successful place lookup
        self.pick_choices: list[tuple[str, str]] = []
        self.parts: list[tuple[str, Part]] = []  # (form field name, part) of a group question
        super().__init__(*args, **kwargs)
        builder = getattr(self, f"_build_{question.kind}", self._build_single)
        builder()
        if question.kind not in ("job", "qualification", "group", "occupation"):
            # A one-field page: the field is described by the hint next to it. Pages with several fields show the
            # hint once under the heading.
            self.fields["answer"].help_text = question.help_text(lang)
        self.fields["answer"].error_messages["required"] = _(
            "Bitte beantworten Sie die Frage – oder wählen Sie „Weiß ich noch nicht“."
        )
        if not self.is_bound and stored is not None:
            self.initial.update(self._initial(stored))

    # --- fields per kind --------------------------------------------------------------------------------------

    def _build_single(self):
        q, lang = self.question, self.lang
        label = q.label(lang)
        if q.kind in ("choice", "boolean"):
            self.fields["answer"] = forms.ChoiceField(
                label=label, choices=[(_encode(v), text) for v, text in q.choices(lang)], widget=forms.RadioSelect
            )
        elif q.kind == "country":
            countries = selectors.country_choices(lang)
            self.fields["answer"] = forms.ChoiceField(label=label, choices=[("", _("Bitte wählen"))] + countries)
            self.fields["second"] = forms.ChoiceField(
                label=_("Weitere Staatsangehörigkeit"), required=False, choices=[("", _("keine"))] + countries
            )
        elif q.kind in ("integer", "number"):
            self.fields["answer"] = forms.CharField(
                label=label,
                max_length=MAX_NUMBER_LENGTH,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
        elif q.kind == "date":
            self.fields["answer"] = PlausibleDateField(
                label=label,
                earliest=date(1940, 1, 1),  # a qualification obtained: within a working life
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                input_formats=["%Y-%m-%d", "%d.%m.%Y"],
                error_messages={"invalid": _("Bitte geben Sie ein Datum ein, z. B. 15.07.2024.")},
            )
        elif q.kind == "place":
            self.fields["answer"] = forms.CharField(
                label=label, max_length=100, widget=forms.TextInput(attrs={"autocomplete": "postal-code"})
            )
            self.fields["pick"] = forms.CharField(required=False, widget=forms.RadioSelect)
        elif q.kind == "duration":
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

    def _build_job(self):
        q, lang = self.question, self.lang
        self.fields["kind"] = forms.ChoiceField(
            label=_("Es geht um"),
            choices=[(value, text) for value, text in q.choices(lang)],
            widget=forms.RadioSelect,
            initial="employment",
        )
        self.fields["answer"] = forms.CharField(
            label=_("Beruf oder Tätigkeit"),
            # required, except for "no concrete position yet" (then nothing is typed)
            required=not (self.is_bound and self.data.get("kind") == NO_JOB),
            max_length=100,
            widget=forms.TextInput(attrs={"autocomplete": "off", "list": "job-list"}),
        )
        self.fields["pick"] = forms.CharField(required=False, widget=forms.RadioSelect)

    def _build_qualification(self):
        q, lang = self.question, self.lang
        self.fields["answer"] = forms.ChoiceField(
            label=q.label(lang), choices=[(v, text) for v, text in q.choices(lang)], widget=forms.RadioSelect
        )
        job = self.answers.get("job") if isinstance(self.answers.get("job"), dict) else None
        self.job_title = None
        if job and job.get("kind") != NO_JOB and occupation(job.get("occupation")):
            self.job_title = occupation_label(occupation(job["occupation"]), lang)
        same_label = (
            _("Ja, im Beruf der Stelle (%(job)s)") % {"job": self.job_title}
            if self.job_title
            else _("Ja, passend zur Stelle")
        )
        self.fields["same"] = forms.ChoiceField(
            label=_("Ist die Fachkraft in dem Beruf der Stelle ausgebildet?"),
            choices=[("job", same_label), ("other", _("Nein, in einem anderen Beruf"))],
            widget=forms.RadioSelect,
            required=False,
            initial="job",
        )
        self.fields["other"] = forms.CharField(
            label=_("Anderer Beruf"),
            required=False,
            max_length=100,
            widget=forms.TextInput(attrs={"autocomplete": "off", "list": "job-list"}),
        )
        self.fields["pick"] = forms.CharField(required=False, widget=forms.RadioSelect)

    def _build_group(self):
        lang = self.lang
        level = self.answers.get("candidate.qualification")
        level = level.get("level") if isinstance(level, dict) else None
        for index, part in enumerate(self.question.parts):
            if part.vocational and level not in (None, "vocational"):
                continue
            name = "answer" if index == 0 else f"p{index}"
            if part.kind in ("boolean", "choice"):
                choices = [(_encode(v), text) for v, text in part.choices(lang)]
                if part.kind == "choice" and len(choices) > 3:
                    field = forms.ChoiceField(
                        label=part.label(lang), choices=[("", _("Weiß ich noch nicht"))] + choices, required=False
                    )
                else:
                    field = forms.ChoiceField(
                        label=part.label(lang), choices=choices, widget=forms.RadioSelect, required=False
                    )
            else:
                field = forms.CharField(
                    label=part.label(lang),
                    required=False,
                    max_length=MAX_NUMBER_LENGTH,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                )
            self.fields[name] = field
            self.parts.append((name, part))

    def _build_occupation(self):
        q, lang = self.question, self.lang
        entries = mixed_group_entries(self.answers)
        choices = [(entry.id, occupation_label(entry, lang)) for entry in entries]
        choices.append(("", _("Keine davon")))
        self.fields["answer"] = forms.ChoiceField(
            label=q.label(lang), choices=choices, widget=forms.RadioSelect, required=False
        )

    # --- initial values from a stored answer ----------------------------------------------------------------

    def _initial(self, stored) -> dict:
        kind = self.question.kind
        if kind == "country":
            codes = list(stored) if isinstance(stored, list) else [stored]
            return {"answer": codes[0] if codes else "", "second": codes[1] if len(codes) > 1 else ""}
        if kind == "duration":
            return {"answer": "open"} if stored is None else {"answer": "fixed", "months": _encode(stored)}
        if kind == "job" and isinstance(stored, dict):
            entry = occupation(stored.get("occupation"))
            text = occupation_label(entry, self.lang) if entry else (stored.get("isco") or "")
            return {"kind": stored.get("kind") or "employment", "answer": text}
        if kind == "qualification" and isinstance(stored, dict):
            entry = occupation(stored.get("occupation"))
            job = self.answers.get("job") if isinstance(self.answers.get("job"), dict) else {}
            same = stored.get("matches") is True or (entry is not None and entry.id == job.get("occupation"))
            return {
                "answer": stored.get("level") or "",
                "same": "job" if same else "other",
                "other": "" if same or entry is None else occupation_label(entry, self.lang),
            }
        if kind == "group" and isinstance(stored, dict):
            return {
                name: (
                    self._number_text(stored.get(part.field))
                    if part.kind in ("number", "integer")
                    else _encode(stored.get(part.field))
                )
                for name, part in self.parts
            }
        if kind == "occupation":
            return {"answer": stored}
        if kind in ("integer", "number"):
            return {"answer": self._number_text(stored)}
        return {"answer": _encode(stored)}

    def _number_text(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if self.question.id == "job.annual_gross_salary_eur":
            return number_format(value, use_l10n=True, force_grouping=True)
        return str(value) if self.lang == "en" else str(value).replace(".", ",")

    # --- cleaning -----------------------------------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        kind = self.question.kind
        raw = cleaned.get("answer")
        try:
            if kind == "boolean":
                cleaned["value"] = BOOLEAN_VALUES[raw]
            elif kind == "choice":
                cleaned["value"] = raw
            elif kind == "country":
                codes = [raw] + ([cleaned["second"]] if cleaned.get("second") and cleaned["second"] != raw else [])
                cleaned["value"] = codes
            elif kind in ("integer", "number"):
                q = self.question
                cleaned["value"] = check_number(
                    parse_number(raw, self.lang),
                    kind=q.kind,
                    minimum=q.minimum,
                    maximum=q.maximum,
                    salary=q.id == "job.annual_gross_salary_eur",
                    lang=self.lang,
                )
            elif kind == "date":
                if raw > self.today:
                    raise forms.ValidationError(
                        _(
                            "Das Datum liegt in der Zukunft. "
                            "Geben Sie bitte das Datum an, an dem der Abschluss erworben wurde."
                        )
                    )
                cleaned["value"] = raw.isoformat()
            elif kind == "place":
                cleaned["value"] = self._place(raw, cleaned.get("pick"))
            elif kind == "duration":
                cleaned["value"] = self._duration(raw, cleaned.get("months"))
            elif kind == "job":
                cleaned["value"] = self._job(cleaned.get("kind"), raw, cleaned.get("pick"))
            elif kind == "qualification":
                cleaned["value"] = self._qualification(raw, cleaned.get("same"), cleaned.get("other"), cleaned)
            elif kind == "group":
                cleaned["value"] = self._group(cleaned)
            elif kind == "occupation":
                cleaned["value"] = raw or None
        except forms.ValidationError as error:
            target = {"duration": "months" if raw == "fixed" else "answer", "qualification": "other"}.get(
                kind, "answer"
            )
            if kind == "group" and getattr(error, "field_name", None):
                target = error.field_name
            self.add_error(target, error)
        return cleaned

    def _job(self, kind: str | None, text: str, pick: str | None) -> dict:
        kind = kind or "employment"
        if kind == NO_JOB:
            return job_answer(NO_JOB)
        if pick and occupation(pick):
            return job_answer(kind, pick)
        if not (text or "").strip():
            raise forms.ValidationError(
                _("Bitte nennen Sie den Beruf der Stelle – oder wählen Sie „Noch keine konkrete Stelle“.")
            )
        chosen, choices = occupation_choice(text, self.lang)
        if chosen:
            return job_answer(kind, chosen)
        self.pick_choices = choices
        raise forms.ValidationError(_("Mehrere Berufe passen – bitte wählen Sie einen aus der Liste."))

    def _qualification(self, level: str, same: str | None, other: str | None, cleaned: dict) -> dict:
        job = self.answers.get("job") if isinstance(self.answers.get("job"), dict) else None
        if level == "none":
            return qualification_answer("none", job=job, same_as_job=False, occupation_id=None)
        if (same or "job") == "job":
            return qualification_answer(level, job=job, same_as_job=True, occupation_id=None)
        pick = cleaned.get("pick")
        if pick and occupation(pick):
            return qualification_answer(level, job=job, same_as_job=False, occupation_id=pick)
        if not (other or "").strip():
            return qualification_answer(level, job=job, same_as_job=False, occupation_id=None)
        chosen, choices = occupation_choice(other, self.lang)
        if chosen:
            return qualification_answer(level, job=job, same_as_job=False, occupation_id=chosen)
        self.pick_choices = choices
        raise forms.ValidationError(_("Mehrere Berufe passen – bitte wählen Sie einen aus der Liste."))

    def _group(self, cleaned: dict) -> dict:
        value = {path: None for path in self.question.fields}
        for name, part in self.parts:
            raw = cleaned.get(name)
            if raw in (None, ""):
                continue
            if part.kind == "boolean":
                value[part.field] = BOOLEAN_VALUES[raw]
            elif part.kind == "choice":
                value[part.field] = raw
            else:
                try:
                    value[part.field] = check_number(
                        parse_number(raw, self.lang),
                        kind=part.kind,
                        minimum=part.minimum,
                        maximum=part.maximum,
                        salary=False,
                        lang=self.lang,
                    )
                except forms.ValidationError as error:
                    self.add_error(name, error)
        if not self.errors and all(v is None for v in value.values()):
            raise forms.ValidationError(
                _("Bitte beantworten Sie mindestens eine Angabe – oder wählen Sie „Weiß ich noch nicht“.")
            )
        return value

    def _place(self, text: str, pick: str | None):
        result = find_place(text, chosen_ags=pick or None)
        if result.error:
            raise forms.ValidationError(result.error)
        if result.placement is None:
            self.pick_choices = [(g.ags, f"{g.display_name} ({g.kreis.short_name})") for g in result.candidates]
            raise forms.ValidationError(result.choice_message)
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
        number = parse_number(months or "", self.lang)
        if number is None:
            raise forms.ValidationError(_("Bitte geben Sie die Dauer der Befristung in Monaten an, z. B. 24."))
        if number <= 0 or number > 120 or number != number.to_integral_value():
            raise forms.ValidationError(_("Bitte geben Sie eine ganze Zahl von Monaten zwischen 1 und 120 an."))
        return int(number)

    @property
    def part_fields(self) -> list:
        """The bound fields of a group question, in order."""
        return [self[name] for name, _part in self.parts]

    @property
    def multi(self) -> bool:
        """A page with several fields (its heading is the question, not a field label)."""
        return self.question.kind in ("job", "qualification", "group", "occupation")

    def field_for(self, path: str) -> str:
        """The form field that shows an error for an input path (a group's part, else the main field)."""
        for name, part in self.parts:
            if part.field == path:
                return name
        return "answer"


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
        # Whether the address already has an account is NOT checked here: the page must not tell (issue 12);
        # lotse.accounts.registration mails the owner instead.
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        # Django's password validators (settings.AUTH_PASSWORD_VALIDATORS): no common, purely numeric or
        # address-like password (issue 12: "1234567890" was accepted).
        from django.contrib.auth.password_validation import validate_password

        from lotse.accounts.models import User

        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            try:
                validate_password(password, user=User(email=cleaned.get("email") or ""))
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned
