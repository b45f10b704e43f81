"""Case lists and the case page's tabs with their actions (events, timeline, tasks, master data, handover, closing,
candidates and powers of attorney).

Objects are always fetched through the scoped managers, so a case of another region or employer is a 404;
a role that may not use a page at all (ministry, chambers, strangers; employers on adviser pages) gets a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse.cases import config, display, forms, selectors, services
from lotse.cases.models import Case, PowerOfAttorney, Task
from lotse.cases.views.case_page import (
    _adviser_case,
    _back,
    _case_for_page,
    _case_tab,
    _post,
    _show_tab,
)
from lotse.cases.views.common import _form_errors
from lotse.core.confirm import confirmation_page, confirmed
from lotse.core.links import url_for
from lotse.core.permissions import adviser_required, case_reader_required, is_fai, require, role_of


@case_reader_required
@require_GET
def case_list(request):
    role = role_of(request.user)
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
            "rows": display.case_rows(
                page.object_list,
                candidate_names=selectors.candidate_names_by_case([case["id"] for case in page.object_list]),
            ),
            "with_deadline": role == "adviser",
            "role": role,
            "employer": employer,
            "without_employer": without_employer.urlencode(),
            "query": query.urlencode(),
            "filter_cache_key": None if request.GET else f"{role}:{selectors.filter_scope()}",
        },
    )


@adviser_required
@require_GET
def dashboard(request):
    return render(request, "cases/dashboard.html", {"data": selectors.dashboard(on=timezone.localdate())})


@adviser_required
@require_GET
def my_tasks(request):
    page = selectors.my_tasks(user=request.user, page=request.GET.get("page") or 1)
    return render(
        request,
        "cases/my_tasks.html",
        {"page": page, "tasks": page.object_list, "query": "", "today": timezone.localdate()},
    )


@case_reader_required
@require_GET
def case_detail(request, pk: int):
    role = role_of(request.user)
    case = _case_for_page(request, pk)
    if role == "adviser":
        return _case_tab(request, case, "detail")
    from lotse.workspace.views import employer_case  # noqa: PLC0415  (the workspace builds on case work)

    return employer_case(request, case)  # status, documents asked of the employer, messages (lotse.workspace)


@adviser_required
@require_GET
def case_documents(request, pk: int):
    return _show_tab(request, pk, "documents")


@adviser_required
@require_GET
def case_people(request, pk: int):
    return _show_tab(request, pk, "people")


@adviser_required
@require_POST
def case_event(request, pk: int):
    return _post(
        request,
        pk,
        forms.EventForm,
        lambda case, d: services.case_record_event(
            actor=request.user, case=case, kind=d["kind"], occurred_on=d["occurred_on"]
        ),
        "detail",
        "event_form",
        _("Ereignis erfasst."),
    )


@adviser_required
@require_POST
def case_waiting(request, pk: int):
    return _post(
        request,
        pk,
        forms.WaitingForm,
        lambda case, d: services.case_set_waiting(actor=request.user, case=case, waiting=d["waiting"]),
        "detail",
        "waiting_form",
        _("Gespeichert."),
    )


@adviser_required
@require_http_methods(["GET", "POST"])
def case_timeline(request, pk: int):
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


@adviser_required
@require_http_methods(["GET", "POST"])
def case_tasks(request, pk: int):
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


@adviser_required
@require_POST
def task_done(request, pk: int):
    task = get_object_or_404(Task.objects.select_related("case"), pk=pk)
    services.task_complete(actor=request.user, task=task)
    messages.success(request, _("Aufgabe erledigt."))
    if request.POST.get("next") == "mine":
        return redirect("cases:my_tasks")
    return _back(task.case, "tasks")


@adviser_required
@require_http_methods(["GET", "POST"])
def case_edit(request, pk: int):
    """The tab for master data, closing and handover; POST saves the master data."""
    if request.method == "GET":
        return _show_tab(request, pk, "edit")
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
        "edit",
        "edit_form",
        _("Fall gespeichert."),
        advisers=selectors.adviser_choices(case=case),
    )


@adviser_required
@require_POST
def case_handover(request, pk: int):
    case = _adviser_case(request, pk)
    form = forms.HandoverForm(request.POST, exclude_team=case.team)
    if not form.is_valid():
        messages.error(request, _("Bitte prüfen Sie die markierten Angaben."))
        case = _case_for_page(request, pk)
        return _case_tab(request, case, "edit", bound_forms={"handover_form": form}, status=400)
    to_team = form.cleaned_data["to_team"]
    if not confirmed(request):
        return _handover_confirmation(request, case, to_team)
    try:
        services.case_handover(actor=request.user, case=case, to_team=to_team, note=form.cleaned_data["note"])
    except services.CaseRuleError as error:
        messages.error(request, str(error))
        return _back(case, "edit")
    messages.success(request, _("Fall übergeben an %(team)s.") % {"team": form.cleaned_data["to_team"].name})
    if Case.objects.filter(pk=case.pk).exists():
        return _back(case)
    return redirect("cases:list")  # handed to another region: no longer visible here


def _handover_confirmation(request, case: Case, to_team):
    """What a handover does, asked before it is done (it cannot be undone by the sender)."""
    visibility = request.visibility
    stays_visible = (
        visibility.all_regions
        or to_team.kind != to_team.Kind.REGIONALAGENTUR
        or to_team.region_id in visibility.region_ids
    )
    consequences = [
        _("%(team)s wird für den Fall zuständig; die bisherige Fallverantwortung wird ausgetragen.")
        % {"team": to_team.name},
        _("Das neue Team wird per E-Mail benachrichtigt; Ihre Übergabenotiz und der ganze Verlauf gehen mit."),
        _("Das Unternehmen sieht die neue Ansprechstelle."),
        _("Sie sehen den Fall danach weiterhin.")
        if stays_visible
        else _("Der Fall liegt dann in einer anderen Region: Sie sehen ihn nicht mehr und kommen zur Fallliste."),
    ]
    return confirmation_page(
        request,
        title=_("Fall %(ref)s an %(team)s übergeben?") % {"ref": case.reference, "team": to_team.name},
        consequences=consequences,
        button=_("Ja, Fall übergeben"),
        cancel_url=url_for("cases:edit", case.pk),
    )


@adviser_required
@require_POST
def case_close(request, pk: int):
    """Closing asks first (what happens: timers stop, no more changes, retention starts), then closes."""
    case = _adviser_case(request, pk)
    form = forms.CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte prüfen Sie die markierten Angaben."))
        return _case_tab(request, _case_for_page(request, pk), "edit", bound_forms={"close_form": form}, status=400)
    status = form.cleaned_data["status"]
    if not confirmed(request):
        label = dict(forms.CloseForm.base_fields["status"].choices)[status]
        months = config.retention_months().get(status)
        return confirmation_page(
            request,
            title=_("Fall %(ref)s als „%(status)s“ abschließen?") % {"ref": case.reference, "status": label},
            consequences=[
                _("Alle laufenden Fristen des Falls werden gestoppt; es kommen keine Erinnerungen mehr."),
                _("Der Fall kann danach nicht mehr bearbeitet werden (Ereignisse, Unterlagen, Fachkräfte)."),
                _("Das Unternehmen sieht den Fall als abgeschlossen."),
                _("Nach %(months)s Monaten werden die personenbezogenen Daten des Falls anonymisiert.")
                % {"months": months},
            ],
            button=_("Ja, Fall abschließen"),
            cancel_url=url_for("cases:edit", case.pk),
        )
    try:
        services.case_close(
            actor=request.user,
            case=case,
            status=status,
            withdrawal_reason=form.cleaned_data["withdrawal_reason"],
            withdrawal_note=form.cleaned_data["withdrawal_note"],
        )
    except services.CaseRuleError as error:
        messages.error(request, str(error))
        return _back(case, "edit")
    messages.success(request, _("Fall abgeschlossen."))
    return _back(case)


@adviser_required
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


@adviser_required
@require_POST
def case_add_candidate(request, pk: int):
    return _post(
        request,
        pk,
        forms.CandidateForm,
        lambda case, d: services.case_add_candidate(
            actor=request.user,
            case=case,
            first_name=d["first_name"],
            last_name=d["last_name"],
            email=d["email"],
            citizenship=d["citizenship"],
            qualification=d["qualification"],
            profession=d["profession"],
        ),
        "people",
        "add_candidate_form",
        _("Fachkraft hinzugefügt."),
        prefix="new",
    )


@adviser_required
@require_POST
def power_of_attorney_revoke(request, pk: int):
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


@adviser_required
@require_GET
def case_recheck(request, pk: int):
    case = _adviser_case(request, pk)
    return render(request, "cases/recheck.html", {"case": case, "result": selectors.recheck(case=case)})


@adviser_required
@require_http_methods(["GET", "POST"])
def reassessments(request):
    """Re-assessments of the open cases after a change of the legal parameters: progress of the runs and the cases
    (in the adviser's scope) whose pathway status changed. FAI NRW advisers may start a run by hand."""
    from lotse.cases.services import reassessment  # noqa: PLC0415
    from lotse.cases.tasks import reassess_cases  # noqa: PLC0415

    may_start = is_fai(request.user)
    if request.method == "POST":
        require(may_start)
        try:
            run = reassessment.reassessment_start(reason=reassessment.ReassessmentRun.Reason.MANUAL, actor=request.user)
        except reassessment.ReassessmentBusy as error:
            messages.error(request, str(error))
        else:
            reassess_cases.enqueue(run.pk)
            messages.success(request, _("Neubewertung gestartet: %(n)s offene Fälle.") % {"n": run.total})
        return redirect("cases:reassessments")
    context = {**selectors.reassessment_overview(page=request.GET.get("page") or 1), "may_start": may_start}
    return render(request, "cases/reassessments.html", context)
