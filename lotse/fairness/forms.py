"""The self-check form, built from the reviewed content: one radio group per question, grouped by area."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.navigator.selectors import country_choices
from lotse.rules.fairness import selfcheck
from lotse.rules.localized import pick

YES_NO = [("yes", _("Ja")), ("no", _("Nein"))]


class SelfCheckForm(forms.Form):
    def __init__(self, *args, lang: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.lang = lang
        data = selfcheck.content()
        scale = [(key, pick(spec["label"], lang)) for key, spec in data["answers"].items()]
        for q in selfcheck.questions():
            self.fields[q["id"]] = forms.ChoiceField(
                label=pick(q["text"], lang),
                help_text=pick(q.get("help"), lang),
                choices=scale,
                widget=forms.RadioSelect,
                error_messages={"required": _("Bitte wählen Sie eine Antwort – „Trifft nicht zu“ ist auch möglich.")},
            )
        for q in data["context"]:
            label, hint = pick(q["text"], lang), pick(q.get("help"), lang)
            if q["kind"] == "countries":
                self.fields[q["id"]] = forms.MultipleChoiceField(
                    label=label,
                    help_text=hint,
                    required=False,
                    choices=country_choices(lang),
                    widget=forms.SelectMultiple(attrs={"size": 8}),
                )
            else:
                self.fields[q["id"]] = forms.ChoiceField(
                    label=label,
                    help_text=hint,
                    choices=YES_NO,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Bitte wählen Sie „Ja“ oder „Nein“.")},
                )

    def area_fields(self) -> list[tuple[dict, list]]:
        """(area with localized title and intro, [bound fields]) in content order."""
        groups = []
        for area in selfcheck.content()["areas"]:
            title = {"id": area["id"], "title": pick(area["title"], self.lang), "intro": pick(area["intro"], self.lang)}
            groups.append((title, [self[q["id"]] for q in area["questions"]]))
        return groups

    def context_fields(self) -> list:
        return [self[q["id"]] for q in selfcheck.content()["context"]]

    def answers(self) -> dict:
        """The contract of lotse.rules.fairness.selfcheck: scale answers plus typed context answers."""
        data = self.cleaned_data
        answers = {qid: data[qid] for qid in selfcheck.question_ids()}
        answers["context.health_care"] = data["context.health_care"] == "yes"
        answers["context.countries"] = list(data["context.countries"])
        answers["context.westbalkan_agency"] = data["context.westbalkan_agency"] == "yes"
        return answers

    @staticmethod
    def initial_from(answers: dict) -> dict:
        initial = {k: v for k, v in answers.items() if not k.startswith("context.")}
        initial["context.health_care"] = "yes" if answers.get("context.health_care") else "no"
        initial["context.countries"] = answers.get("context.countries", [])
        initial["context.westbalkan_agency"] = "yes" if answers.get("context.westbalkan_agency") else "no"
        return initial
