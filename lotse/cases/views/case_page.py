"""The adviser's case page: a set of tabs, each a page of its own (it works without JavaScript) that reads only
what it shows. Forms live on the tab they belong to; an invalid form comes back on that tab with what was typed.

A tab's key, URL name, template and view say the same word: tab `documents` is URL `cases:documents`,
template `cases/case_documents.html` and view `case_documents`.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.cases import config, files, forms, selectors, services
from lotse.cases.config_labels import translated
from lotse.cases.models import Candidate, Case, Document
from lotse.core.links import url_for

# (key = URL name, label). The first tab is the case's own page, `cases:detail` at `<pk>/`.
CASE_TABS = (
    ("detail", gettext_lazy("Überblick")),
    ("documents", gettext_lazy("Unterlagen")),
    ("people", gettext_lazy("Fachkräfte und Vollmachten")),
    ("tasks", gettext_lazy("Aufgaben")),
    ("timeline", gettext_lazy("Verlauf")),
    ("edit", gettext_lazy("Bearbeiten und Übergabe")),
    # A key with a colon is a URL name of another app (the employer exchange lives in lotse.workspace).
    ("workspace:exchange", gettext_lazy("Austausch mit dem Unternehmen")),
)


def case_page_tabs(case: Case) -> list[tuple[str, str, str]]:
    """[(key, url, label)] of the case page's tabs."""
    return [(key, url_for(key if ":" in key else f"cases:{key}", case.pk), label) for key, label in CASE_TABS]


def _back(case: Case, tab: str = "detail"):
    return redirect(f"cases:{tab}", pk=case.pk)


def _case_for_page(request, pk: int) -> Case:
    return get_object_or_404(selectors.case_page_cases(), pk=pk)


def _detail_context(request, case: Case, today) -> dict:
    return {
        **selectors.case_overview(case=case, on=today),
        "reassessment": selectors.case_reassessment(case=case),
        "welcome": _welcome(request, case),
        # The empty event form is the same on every case page of a day: its fields' HTML is kept (see the
        # template), so the form is only built when that copy has run out or when it comes back with errors.
        "event_form": SimpleLazyObject(lambda: forms.EventForm(initial={"occurred_on": today})),
    }


def _welcome(request, case: Case) -> dict:
    """The case's welcome plans and § 45c notices (lotse.welcome), and whether the user may add them."""
    from lotse.welcome import selectors as welcome_selectors  # noqa: PLC0415
    from lotse.welcome.services import may_edit_case  # noqa: PLC0415

    return {**welcome_selectors.case_welcome(case), "may_edit": may_edit_case(request.user, case)}


def _documents_context(request, case: Case, today) -> dict:
    context = {**selectors.case_documents(case=case), "document_statuses": Document.Status.choices}
    # Whose file: asked at upload when the case holds several people (erasure removes only that person's files).
    context["document_owners"] = list(Candidate.objects.filter(cases=case).order_by("pk")) if case else []
    return context


def _people_context(request, case: Case, today) -> dict:
    return {
        **selectors.case_people(case=case, actor=request.user),
        "consent_form": forms.ConsentForm(initial={"given_on": today}),
        "poa_form": forms.PowerOfAttorneyForm(initial={"granted_on": today}),
        "add_candidate_form": forms.CandidateForm(prefix="new"),
    }


def _tasks_context(request, case: Case, today) -> dict:
    advisers = selectors.adviser_choices(case=case)
    return {
        **selectors.case_tasks(case=case),
        "task_form": forms.TaskForm(advisers=advisers, initial={"assignee": request.user.pk}),
    }


def _timeline_context(request, case: Case, today) -> dict:
    return {
        **selectors.case_timeline(case=case, page=request.GET.get("verlauf") or 1),
        "activity_form": forms.ActivityForm(),
    }


def _edit_context(request, case: Case, today) -> dict:
    advisers = selectors.adviser_choices(case=case)
    return {
        **selectors.case_handovers(case=case),
        "edit_form": forms.CaseEditForm(
            advisers=advisers,
            initial={
                "version": case.version,
                "adviser": case.adviser_id,
                "case_type": case.case_type,
                "pathway": case.pathway,
            },
        ),
        "close_form": forms.CloseForm(),
        "handover_form": forms.HandoverForm(exclude_team=case.team),
    }


_TAB_CONTEXT = {
    "detail": _detail_context,
    "documents": _documents_context,
    "people": _people_context,
    "tasks": _tasks_context,
    "timeline": _timeline_context,
    "edit": _edit_context,
}


def _case_tab(request, case: Case, tab: str, *, bound_forms: dict | None = None, status: int = 200):
    today = timezone.localdate()
    context = {
        "case": case,
        "tab": tab,
        "tabs": case_page_tabs(case),
        "today": today,
        "case_type_label": translated(config.case_type(case.case_type)["label"]),
        **_TAB_CONTEXT[tab](request, case, today),
        **(bound_forms or {}),
        "bound_forms": frozenset(bound_forms or ()),  # names of forms shown again with what was submitted
    }
    return render(request, f"cases/case_{tab}.html", context, status=status)


def _show_tab(request, pk: int, tab: str):
    return _case_tab(request, _case_for_page(request, pk), tab)


def _adviser_case(request, pk: int) -> Case:
    return get_object_or_404(Case.objects, pk=pk)


def _post(request, pk: int, form_class, action, tab: str, form_key: str, success: str, **form_kwargs):
    """Validate, act, and go back to the tab; an invalid form is shown again on its tab with what was typed."""
    case = _adviser_case(request, pk)
    form = form_class(request.POST, request.FILES or None, **form_kwargs)
    if not form.is_valid():
        messages.error(request, _("Bitte prüfen Sie die markierten Angaben."))
        return _case_tab(request, _case_for_page(request, pk), tab, bound_forms={form_key: form}, status=400)
    try:
        action(case, form.cleaned_data)
        messages.success(request, success)
    except services.CaseConflict:
        messages.error(
            request,
            _(
                "Der Fall wurde inzwischen von jemand anderem geändert. Bitte prüfen Sie den "
                "aktuellen Stand und speichern Sie erneut."
            ),
        )
    except (services.CaseRuleError, files.UploadRefused) as error:
        messages.error(request, str(error))
    return _back(case, tab)
