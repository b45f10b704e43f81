"""Thin views of case work: check the role, read through selectors, write through services.

Objects are always fetched through the scoped managers, so a case of another region or employer is a 404;
a role that may not use a page at all (ministry, chambers, strangers; employers on adviser pages) gets a 403.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse.accounts.models import Organisation
from lotse.cases import config, files, forms, fragments, selectors, services
from lotse.cases.models import (
    AdviceRequest,
    Candidate,
    Case,
    CompanyProfile,
    Consent,
    Document,
    PowerOfAttorney,
    Task,
)
from lotse.cases.permissions import (
    adviser_teams,
    is_adviser,
    primary_team,
    require_adviser,
    require_case_reader,
)
from lotse.core.links import url_for


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


# ---------------------------------------------------------------------------------------------- lists


@login_required
@require_GET
def case_list(request):
    role = require_case_reader(request.user)
    advisers = selectors.filter_advisers() if role == "adviser" else None
    if request.GET:
        form = forms.CaseFilterForm(request.GET, advisers=advisers)
    else:
        # The empty filter form looks the same for everyone of a scope: the template keeps its HTML for a minute
        # (like the advisers it offers), so it is only built when that copy has run out.
        form = SimpleLazyObject(lambda: forms.CaseFilterForm(advisers=advisers, initial={"status": Case.Status.OPEN}))
    filters = selectors.CaseFilters()
    employer = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        adviser = data.get("adviser")
        employer = data.get("employer")
        filters = selectors.CaseFilters(
            q=data["q"],
            stage=data["stage"],
            pathway=data["pathway"],
            status=data["status"],
            overdue=data["overdue"],
            adviser=request.user.pk if data["mine"] else adviser,
            employer=employer.pk if employer else None,
        )
    elif not request.GET:
        filters.status = "open"
    try:
        per_page = min(max(int(request.GET.get("per_page") or selectors.PAGE_SIZE), 10), 1000)
    except ValueError:
        per_page = selectors.PAGE_SIZE
    page = selectors.case_list(filters=filters, page=request.GET.get("page") or 1, page_size=per_page)
    query = request.GET.copy()
    query.pop("page", None)
    without_employer = query.copy()
    without_employer.pop("employer", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "rows": fragments.case_rows(
                page.object_list,
                candidate_names=selectors.candidate_names_by_case([case["id"] for case in page.object_list]),
                with_deadline=role == "adviser",
            ),
            "role": role,
            "employer": employer,
            "without_employer": without_employer.urlencode(),
            "query": query.urlencode(),
            "filter_cache_key": None if request.GET else f"{role}:{selectors.filter_scope()}",
        },
    )


@login_required
@require_GET
def dashboard(request):
    require_adviser(request.user)
    return render(request, "cases/dashboard.html", {"data": selectors.dashboard(on=timezone.localdate())})


@login_required
@require_GET
def my_tasks(request):
    require_adviser(request.user)
    page = selectors.my_tasks(user=request.user, page=request.GET.get("page") or 1)
    return render(
        request,
        "cases/my_tasks.html",
        {"page": page, "tasks": page.object_list, "query": "", "today": timezone.localdate()},
    )


# ---------------------------------------------------------------------------------------------- inbox


@login_required
@require_GET
def inbox(request):
    require_adviser(request.user)
    status = request.GET.get("status", "new")
    if status not in AdviceRequest.Status.values:
        status = "new"
    return render(
        request,
        "cases/inbox.html",
        {
            "page": selectors.inbox(status=status, page=request.GET.get("page") or 1),
            "status": status,
            "query": urlencode({"status": status}),
            "statuses": AdviceRequest.Status.choices,
        },
    )


def _eligible_pathways(request_obj: AdviceRequest) -> list[tuple[str, str]]:
    pathways = (request_obj.assessment_output or {}).get("pathways") or []
    order = {"eligible": 0, "needs_information": 1, "not_eligible": 2}
    labels = {
        "eligible": _("erfüllt"),
        "needs_information": _("Angaben fehlen"),
        "not_eligible": _("nicht erfüllt"),
    }
    return [
        (p["id"], f"{p['title']} – {labels.get(p['status'], p['status'])}")
        for p in sorted(pathways, key=lambda p: order.get(p["status"], 3))
    ]


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request, pk: int):
    require_adviser(request.user)
    advice = get_object_or_404(AdviceRequest.objects.select_related("employer", "team", "region"), pk=pk)
    pathways = _eligible_pathways(advice)
    first_pathway = pathways[0][0] if pathways else "eu_blue_card"
    teams = adviser_teams(request.user)
    accept_form = forms.AcceptForm(
        pathways=pathways,
        teams=teams,
        initial={
            "employer": advice.employer,
            "pathway": first_pathway,
            "team": primary_team(request.user) or advice.team,
            "case_type": config.default_case_type(first_pathway),
        },
    )
    forward_form = forms.ForwardForm()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "accept":
                accept_form = forms.AcceptForm(request.POST, pathways=pathways, teams=teams)
                if accept_form.is_valid():
                    case = services.advice_request_accept(
                        actor=request.user, request=advice, **accept_form.cleaned_data
                    )
                    messages.success(request, _("Anfrage angenommen: Fall %(ref)s") % {"ref": case.reference})
                    return redirect("cases:detail", pk=case.pk)
            elif request.POST.get("action") == "forward":
                forward_form = forms.ForwardForm(request.POST)
                if forward_form.is_valid():
                    services.advice_request_forward(actor=request.user, request=advice, **forward_form.cleaned_data)
                    messages.success(request, _("Anfrage weitergeleitet."))
                    return redirect("cases:inbox")
        except services.CaseRuleError as error:
            messages.error(request, str(error))
    return render(
        request,
        "cases/request_detail.html",
        {
            "advice": advice,
            "accept_form": accept_form,
            "forward_form": forward_form,
            "pathways": (advice.assessment_output or {}).get("pathways") or [],
        },
    )


# ---------------------------------------------------------------------------------------------- case page


# The adviser's case page is a set of tabs, each a page of its own (it works without JavaScript) that reads only
# what it shows. Forms live on the tab they belong to; an invalid form comes back on that tab with what was typed.
CASE_TABS = (
    ("overview", "cases:detail", gettext_lazy("Überblick")),
    ("documents", "cases:documents", gettext_lazy("Unterlagen")),
    ("people", "cases:people", gettext_lazy("Fachkräfte und Vollmachten")),
    ("tasks", "cases:task", gettext_lazy("Aufgaben")),
    ("timeline", "cases:activity", gettext_lazy("Verlauf")),
    ("manage", "cases:edit", gettext_lazy("Bearbeiten und Übergabe")),
)
_TAB_URL = {key: name for key, name, _label in CASE_TABS}


def _back(case: Case, tab: str = "overview"):
    return redirect(_TAB_URL[tab], pk=case.pk)


# The case with the names its pages show of company, team, adviser and region; not the stored assessment (input
# and result JSON, shown on the recheck page) and not the related rows' other columns.
_CASE_PAGE_FIELDS = [
    *(f.name for f in Case._meta.concrete_fields if f.name not in ("assessment_input", "assessment_output")),
    "employer__name",
    "team__name",
    "adviser__full_name",
    "adviser__email",
    "region__name",
]


def _case_for_page(request, pk: int) -> Case:
    return get_object_or_404(
        Case.objects.select_related("employer", "team", "adviser", "region").only(*_CASE_PAGE_FIELDS), pk=pk
    )


def _overview(request, case: Case, today) -> dict:
    return {
        **selectors.case_overview(case=case, on=today),
        # The empty event form is the same on every case page of a day: its fields' HTML is kept (see the
        # template), so the form is only built when that copy has run out or when it comes back with errors.
        "event_form": SimpleLazyObject(lambda: forms.EventForm(initial={"occurred_on": today})),
    }


def _documents_tab(request, case: Case, today) -> dict:
    return {**selectors.case_documents(case=case), "document_statuses": Document.Status.choices}


def _people(request, case: Case, today) -> dict:
    return {
        **selectors.case_people(case=case, actor=request.user),
        "consent_form": forms.ConsentForm(initial={"given_on": today}),
        "poa_form": forms.PowerOfAttorneyForm(initial={"granted_on": today}),
        "add_candidate_form": forms.CandidateForm(prefix="new"),
    }


def _tasks(request, case: Case, today) -> dict:
    advisers = selectors.adviser_choices(case=case)
    return {
        **selectors.case_tasks(case=case),
        "task_form": forms.TaskForm(advisers=advisers, initial={"assignee": request.user.pk}),
    }


def _timeline(request, case: Case, today) -> dict:
    return {
        **selectors.case_timeline(case=case, page=request.GET.get("verlauf") or 1),
        "activity_form": forms.ActivityForm(),
    }


def _manage(request, case: Case, today) -> dict:
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
    "overview": _overview,
    "documents": _documents_tab,
    "people": _people,
    "tasks": _tasks,
    "timeline": _timeline,
    "manage": _manage,
}


def _case_tab(request, case: Case, tab: str, *, bound_forms: dict | None = None, status: int = 200):
    today = timezone.localdate()
    context = {
        "case": case,
        "tab": tab,
        "tabs": [(key, url_for(name, case.pk), label) for key, name, label in CASE_TABS],
        "today": today,
        "case_type_label": config.case_type(case.case_type)["label"],
        **_TAB_CONTEXT[tab](request, case, today),
        **(bound_forms or {}),
        "bound_forms": frozenset(bound_forms or ()),  # names of forms shown again with what was submitted
    }
    return render(request, f"cases/case_{tab}.html", context, status=status)


@login_required
@require_GET
def case_detail(request, pk: int):
    role = require_case_reader(request.user)
    case = _case_for_page(request, pk)
    if role == "adviser":
        return _case_tab(request, case, "overview")
    today = timezone.localdate()
    context = {
        **selectors.case_for_employer(case=case, on=today, activity_page=request.GET.get("verlauf") or 1),
        "case": case,
        "today": today,
        "case_type_label": config.case_type(case.case_type)["label"],
    }
    return render(request, "cases/case_employer.html", context)


def _show_tab(request, pk: int, tab: str):
    require_adviser(request.user)
    return _case_tab(request, _case_for_page(request, pk), tab)


def _tab_view(tab: str):
    @login_required
    @require_GET
    def view(request, pk: int):
        return _show_tab(request, pk, tab)

    return view


case_documents = _tab_view("documents")
case_people = _tab_view("people")


def _adviser_case(request, pk: int) -> Case:
    require_adviser(request.user)
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


@login_required
@require_POST
def case_event(request, pk: int):
    return _post(
        request,
        pk,
        forms.EventForm,
        lambda case, d: services.case_record_event(
            actor=request.user, case=case, kind=d["kind"], occurred_on=d["occurred_on"]
        ),
        "overview",
        "event_form",
        _("Ereignis erfasst."),
    )


@login_required
@require_POST
def case_waiting(request, pk: int):
    return _post(
        request,
        pk,
        forms.WaitingForm,
        lambda case, d: services.case_set_waiting(actor=request.user, case=case, waiting=d["waiting"]),
        "overview",
        "waiting_form",
        _("Gespeichert."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_activity(request, pk: int):
    """The timeline tab; POST adds an entry."""
    if request.method == "GET":
        return _show_tab(request, pk, "timeline")
    return _post(
        request,
        pk,
        forms.ActivityForm,
        lambda case, d: services.activity_add(
            actor=request.user, case=case, kind=d["kind"], text=d["text"], internal=not d["shared"]
        ),
        "timeline",
        "activity_form",
        _("Eintrag gespeichert."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_task(request, pk: int):
    """The tasks tab; POST creates a task."""
    if request.method == "GET":
        return _show_tab(request, pk, "tasks")
    case = _adviser_case(request, pk)
    return _post(
        request,
        pk,
        forms.TaskForm,
        lambda case, d: services.task_create(
            actor=request.user, case=case, title=d["title"], due_on=d["due_on"], assignee=d["assignee"]
        ),
        "tasks",
        "task_form",
        _("Aufgabe angelegt."),
        advisers=selectors.adviser_choices(case=case),
    )


@login_required
@require_POST
def task_done(request, pk: int):
    require_adviser(request.user)
    task = get_object_or_404(Task.objects.select_related("case"), pk=pk)
    services.task_complete(actor=request.user, task=task)
    messages.success(request, _("Aufgabe erledigt."))
    if request.POST.get("next") == "mine":
        return redirect("cases:my_tasks")
    return _back(task.case, "tasks")


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request, pk: int):
    """The tab for master data, closing and handover; POST saves the master data."""
    if request.method == "GET":
        return _show_tab(request, pk, "manage")
    case = _adviser_case(request, pk)
    return _post(
        request,
        pk,
        forms.CaseEditForm,
        lambda case, d: services.case_update(
            actor=request.user,
            case=case,
            expected_version=d["version"],
            adviser=d["adviser"],
            case_type=d["case_type"],
            pathway=d["pathway"],
        ),
        "manage",
        "edit_form",
        _("Fall gespeichert."),
        advisers=selectors.adviser_choices(case=case),
    )


@login_required
@require_POST
def case_handover(request, pk: int):
    case = _adviser_case(request, pk)
    form = forms.HandoverForm(request.POST, exclude_team=case.team)
    if not form.is_valid():
        messages.error(request, _("Bitte prüfen Sie die markierten Angaben."))
        case = _case_for_page(request, pk)
        return _case_tab(request, case, "manage", bound_forms={"handover_form": form}, status=400)
    try:
        services.case_handover(
            actor=request.user,
            case=case,
            to_team=form.cleaned_data["to_team"],
            note=form.cleaned_data["note"],
        )
    except services.CaseRuleError as error:
        messages.error(request, str(error))
        return _back(case, "manage")
    messages.success(request, _("Fall übergeben an %(team)s.") % {"team": form.cleaned_data["to_team"].name})
    if Case.objects.filter(pk=case.pk).exists():
        return _back(case)
    return redirect("cases:list")  # handed to another region: no longer visible here


@login_required
@require_POST
def case_close(request, pk: int):
    return _post(
        request,
        pk,
        forms.CloseForm,
        lambda case, d: services.case_close(actor=request.user, case=case, status=d["status"]),
        "manage",
        "close_form",
        _("Fall abgeschlossen."),
    )


@login_required
@require_POST
def case_power_of_attorney(request, pk: int):
    return _post(
        request,
        pk,
        forms.PowerOfAttorneyForm,
        lambda case, d: services.power_of_attorney_record(
            actor=request.user, case=case, kind=d["kind"], granted_on=d["granted_on"]
        ),
        "people",
        "poa_form",
        _("Vollmacht erfasst."),
    )


@login_required
@require_POST
def case_add_candidate(request, pk: int):
    return _post(
        request,
        pk,
        forms.CandidateForm,
        lambda case, d: services.case_add_candidate(actor=request.user, case=case, **d),
        "people",
        "add_candidate_form",
        _("Fachkraft hinzugefügt."),
        prefix="new",
    )


@login_required
@require_POST
def power_of_attorney_revoke(request, pk: int):
    require_adviser(request.user)
    poa = get_object_or_404(PowerOfAttorney.objects.select_related("case"), pk=pk)
    form = forms.RevokeForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(poa.case, "people")
    try:
        services.power_of_attorney_revoke(actor=request.user, poa=poa, revoked_on=form.cleaned_data["revoked_on"])
        messages.success(request, _("Widerruf der Vollmacht erfasst."))
    except services.CaseRuleError as error:
        messages.error(request, str(error))
    return _back(poa.case, "people")


@login_required
@require_GET
def case_recheck(request, pk: int):
    case = _adviser_case(request, pk)
    return render(request, "cases/recheck.html", {"case": case, "result": selectors.recheck(case=case)})


# ---------------------------------------------------------------------------------------------- documents


@login_required
@require_POST
def document_update(request, pk: int):
    require_adviser(request.user)
    document = get_object_or_404(Document.objects.select_related("case"), pk=pk)
    form = forms.DocumentForm(request.POST, request.FILES)
    case = document.case
    if not form.is_valid():
        _form_errors(request, form)
        return _back(case, "documents")
    try:
        if form.cleaned_data["file"]:
            services.document_upload(actor=request.user, document=document, uploaded=form.cleaned_data["file"])
            messages.success(request, _("Datei gespeichert: %(label)s") % {"label": document.label})
        elif form.cleaned_data["status"]:
            services.document_set_status(
                actor=request.user,
                document=document,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Status gespeichert: %(label)s") % {"label": document.label})
    except (services.CaseRuleError, files.UploadRefused) as error:
        messages.error(request, f"{document.label}: {error}")
    return _back(case, "documents")


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def document_download(request, pk: int):
    require_adviser(request.user)
    document = get_object_or_404(
        Document.objects.exclude(storage_name="")
        .select_related("case")
        .only("storage_name", "content_type", "original_name", "key", "case__region_id", "case__employer_id"),
        pk=pk,
    )
    from lotse.core import audit

    audit.record(
        actor=request.user,
        action="document.download",
        obj=document,
        region_id=document.case.region_id,
        organisation_id=document.case.employer_id,
        context={"case": document.case_id, "key": document.key},
    )
    return _attachment(files.read(document.storage_name), document.content_type, document.original_name)


def _dossier_documents(case: Case) -> list[Document]:
    return list(Document.objects.filter(case=case, status=Document.Status.CHECKED).exclude(storage_name=""))


def _dossier_html(request, case: Case, documents) -> str:
    return render_to_string(
        "cases/dossier.html",
        {
            "case": case,
            "documents": documents,
            "all_documents": Document.objects.filter(case=case),
            "candidates": Candidate.objects.filter(cases=case),
            "generated": timezone.localtime(),
        },
        request=request,
    )


@login_required
@require_GET
def dossier_pdf(request, pk: int):
    case = _adviser_case(request, pk)
    documents = _dossier_documents(case)
    pdf = files.html_to_pdf(_dossier_html(request, case, documents))
    from lotse.core import audit

    audit.record(actor=request.user, action="case.dossier", obj=case, context={"format": "pdf"})
    return _attachment(pdf, "application/pdf", f"{case.reference}-dossier.pdf")


@login_required
@require_GET
def dossier_zip(request, pk: int):
    case = _adviser_case(request, pk)
    documents = _dossier_documents(case)
    entries = [("00-uebersicht.pdf", files.html_to_pdf(_dossier_html(request, case, documents)))]
    for index, document in enumerate(documents, start=1):
        entries.append((f"{index:02d}-{document.key}-{document.original_name}", files.read(document.storage_name)))
    from lotse.core import audit

    audit.record(
        actor=request.user,
        action="case.dossier",
        obj=case,
        context={"format": "zip", "documents": [d.pk for d in documents]},
    )
    return _attachment(files.zip_bytes(entries), "application/zip", f"{case.reference}-dossier.zip")


# ---------------------------------------------------------------------------------------------- candidates


@login_required
@require_GET
def candidate_detail(request, pk: int):
    require_adviser(request.user)
    candidate = get_object_or_404(Candidate.objects.select_related("employer", "region"), pk=pk)
    selectors.candidate_view_audit(actor=request.user, candidate=candidate, via="candidate")
    today = timezone.localdate()
    return render(
        request,
        "cases/candidate_detail.html",
        {
            "candidate": candidate,
            "consents": Consent.objects.filter(candidate=candidate),
            "cases": Case.objects.filter(candidates=candidate).select_related("employer"),
            "consent_form": forms.ConsentForm(initial={"given_on": today}),
            "withdraw_form": forms.WithdrawForm(initial={"withdrawn_on": today}),
            "candidate_form": forms.CandidateForm(
                initial={
                    k: getattr(candidate, k)
                    for k in ("first_name", "last_name", "email", "citizenship", "qualification", "profession")
                }
            ),
            "erase_form": forms.EraseForm(),
        },
    )


@login_required
@require_POST
def candidate_consent(request, pk: int):
    require_adviser(request.user)
    candidate = get_object_or_404(Candidate.objects, pk=pk)
    form = forms.ConsentForm(request.POST)
    if form.is_valid():
        services.consent_record(actor=request.user, candidate=candidate, **form.cleaned_data)
        messages.success(request, _("Einwilligung erfasst."))
    else:
        _form_errors(request, form)
    case_id = request.POST.get("case")
    if case_id and case_id.isdigit() and Case.objects.filter(pk=case_id, candidates=candidate).exists():
        return redirect("cases:people", pk=case_id)
    return redirect("cases:candidate", pk=candidate.pk)


@login_required
@require_POST
def candidate_edit(request, pk: int):
    require_adviser(request.user)
    candidate = get_object_or_404(Candidate.objects, pk=pk)
    form = forms.CandidateForm(request.POST)
    if form.is_valid():
        try:
            services.candidate_update(actor=request.user, candidate=candidate, **form.cleaned_data)
            messages.success(request, _("Angaben zur Fachkraft gespeichert."))
        except services.CaseRuleError as error:
            messages.error(request, str(error))
    else:
        _form_errors(request, form)
    return redirect("cases:candidate", pk=candidate.pk)


@login_required
@require_POST
def consent_withdraw(request, pk: int):
    require_adviser(request.user)
    consent = get_object_or_404(Consent.objects, pk=pk)
    form = forms.WithdrawForm(request.POST)
    if form.is_valid():
        services.consent_withdraw(actor=request.user, consent=consent, **form.cleaned_data)
        messages.success(request, _("Widerruf erfasst."))
    else:
        _form_errors(request, form)
    return redirect("cases:candidate", pk=consent.candidate_id)


@login_required
@require_GET
def candidate_export(request, pk: int, fmt: str):
    require_adviser(request.user)
    if fmt not in ("json", "pdf"):
        raise Http404
    candidate = get_object_or_404(Candidate.objects, pk=pk)
    data = selectors.person_export(candidate=candidate)
    from lotse.core import audit

    audit.record(
        actor=request.user,
        action="person.export",
        obj=candidate,
        region_id=candidate.region_id,
        context={"format": fmt},
    )
    return _export(request, data, fmt, "cases/person_export.html", f"auskunft-{candidate.pk}")


def _export(request, data: dict, fmt: str, pdf_template: str, filename: str) -> HttpResponse:
    """Information under Art. 15 GDPR as a download: the data as JSON, or a PDF that carries it in full too."""
    if fmt == "json":
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        response["Cache-Control"] = "private, no-store"
        return response
    html = render_to_string(
        pdf_template,
        {"data": data, "json": json.dumps(data, indent=2, ensure_ascii=False), "generated": timezone.localtime()},
        request=request,
    )
    return _attachment(files.html_to_pdf(html), "application/pdf", f"{filename}.pdf")


@login_required
@require_POST
def candidate_erase(request, pk: int):
    require_adviser(request.user)
    candidate = get_object_or_404(Candidate.objects, pk=pk)
    form = forms.EraseForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("cases:candidate", pk=pk)
    services.person_erase(actor=request.user, candidate=candidate, mode=form.cleaned_data["mode"])
    messages.success(request, _("Die personenbezogenen Daten wurden entfernt."))
    if form.cleaned_data["mode"] == "delete":
        return redirect("cases:list")
    return redirect("cases:candidate", pk=pk)


@login_required
@require_GET
def contact_privacy(request):
    """Information and erasure for a contact person of a company or an advice request, found by e-mail."""
    require_adviser(request.user)
    form = forms.ContactLookupForm(request.GET or None)
    records = selectors.contact_records(email=form.cleaned_data["email"]) if form.is_valid() else None
    return render(
        request,
        "cases/contact_privacy.html",
        {
            "form": form,
            "records": records,
            "erase_form": forms.ContactEraseForm(initial={"email": form.cleaned_data["email"]}) if records else None,
        },
    )


@login_required
@require_GET
def contact_export(request, fmt: str):
    require_adviser(request.user)
    form = forms.ContactLookupForm(request.GET)
    if fmt not in ("json", "pdf") or not form.is_valid():
        raise Http404
    data = selectors.contact_export(email=form.cleaned_data["email"])
    from lotse.core import audit

    audit.record(
        actor=request.user,
        action="contact.export",
        context={
            "format": fmt,
            "company_profiles": len(data["company_profiles"]),
            "advice_requests": [r["id"] for r in data["advice_requests"]],
        },
    )
    return _export(request, data, fmt, "cases/contact_export.html", "auskunft-kontaktperson")


@login_required
@require_POST
def contact_erase(request):
    require_adviser(request.user)
    form = forms.ContactEraseForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(f"{url_for('cases:contact_privacy')}?{urlencode({'email': request.POST.get('email', '')})}")
    counts = services.contact_erase(actor=request.user, email=form.cleaned_data["email"])
    messages.success(
        request,
        _("Kontaktdaten entfernt: %(profiles)s Unternehmensprofil(e), %(requests)s Beratungsanfrage(n).")
        % {"profiles": counts["company_profiles"], "requests": counts["advice_requests"]},
    )
    return redirect("cases:contact_privacy")


# ---------------------------------------------------------------------------------------------- companies


@login_required
@require_GET
def company_list(request):
    require_adviser(request.user)
    q = request.GET.get("q", "").strip()
    return render(
        request,
        "cases/company_list.html",
        {
            "page": selectors.companies(q=q, page=request.GET.get("page") or 1),
            "q": q,
            "query": urlencode({"q": q}) if q else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def company_new(request):
    require_adviser(request.user)
    form = forms.CompanyForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        from lotse.reference.lookup import find_place

        data = dict(form.cleaned_data)
        place = find_place(data["postcode"], chosen_ags=request.POST.get("gemeinde_ags") or None)
        if place.error or place.placement is None:
            form.add_error(
                "postcode",
                place.error or _("Die PLZ gehört zu mehreren Gemeinden; bitte Gemeinde auswählen."),
            )
        else:
            gemeinde = place.placement.gemeinde
            allow = data.pop("allow_duplicate")
            try:
                organisation = services.company_create(
                    actor=request.user, gemeinde=gemeinde, allow_duplicate=allow, **data
                )
            except services.DuplicateCompany as error:
                duplicates = error.matches
            else:
                messages.success(request, _("Unternehmen angelegt."))
                return redirect("cases:company", pk=organisation.pk)
    return render(request, "cases/company_new.html", {"form": form, "duplicates": duplicates})


@login_required
@require_GET
def company_detail(request, pk: int):
    require_adviser(request.user)
    company = get_object_or_404(
        Organisation.objects.filter(kind=Organisation.Kind.UNTERNEHMEN).select_related("region", "gemeinde"),
        pk=pk,
    )
    profile = CompanyProfile.objects.filter(organisation=company).first()
    initial = {}
    if profile is not None:
        initial = {k: getattr(profile, k) for k in ("wz_code", "size_class", "contact_name", "contact_email")}
        initial["contact_phone"] = profile.contact_phone
    return render(
        request,
        "cases/company_detail.html",
        {
            "company": company,
            "profile": profile,
            "profile_form": forms.CompanyProfileForm(initial=initial),
            "cases": Case.objects.filter(employer=company).select_related("team")[:50],
            "is_adviser": is_adviser(request.user),
        },
    )


@login_required
@require_POST
def company_edit(request, pk: int):
    require_adviser(request.user)
    company = get_object_or_404(Organisation.objects.filter(kind=Organisation.Kind.UNTERNEHMEN), pk=pk)
    form = forms.CompanyProfileForm(request.POST)
    if form.is_valid():
        services.company_profile_save(actor=request.user, organisation=company, **form.cleaned_data)
        messages.success(request, _("Unternehmensprofil gespeichert."))
    else:
        _form_errors(request, form)
    return redirect("cases:company", pk=company.pk)
