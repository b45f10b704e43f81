"""The welcome plan (public, and saved by a logged-in employer with tickable tasks), its two PDFs, and the § 45c
notice with the record of its hand-over."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse.core import numbers, permissions
from lotse.core.pdf import pdf_response, render_pdf
from lotse.core.permissions import employer_organisation, require_employer
from lotse.rules.localized import pick
from lotse.rules.welcome import notice as notice_rules
from lotse.rules.welcome import plan as rules
from lotse.welcome import selectors, services
from lotse.welcome.forms import HandoverForm, NoticeForm, SavePlanForm, WelcomePlanForm
from lotse.welcome.models import Notice, WelcomePlan, WelcomeTaskDone

PLAN_FIELDS = (
    "pathway",
    "arrival",
    "start",
    "family",
    "german",
    "work_place",
    "work_pick",
    "residence_place",
    "residence_pick",
)
NOTICE_FIELDS = (
    "employer_name",
    "worker_name",
    "work_place",
    "work_pick",
    "first_working_day",
    "office_contact",
    "plan",
    "fall",
)


def _lang() -> str:
    lang = (get_language() or "de").split("-")[0]
    return lang if lang in rules.languages() else "de"


def _worker_languages() -> list[tuple[str, str]]:
    """Languages the worker's plan and the notice exist in – read from the content, so a new language in the
    YAML files appears here without code. Shown by their own names."""
    names = {"de": "Deutsch", "en": "English"}
    return [(code, names.get(code, code)) for code in rules.languages() if code in notice_rules.languages()]


def _query(data, fields) -> str:
    return urlencode({key: data.get(key) for key in fields if data.get(key)})


def _plan_form(data, lang):
    bound = "arrival" in data
    return WelcomePlanForm(data if bound else None, lang=lang), bound


@require_GET
def start(request):
    lang = _lang()
    form, bound = _plan_form(request.GET, lang)
    context = {"form": form, "employer": employer_organisation(request.user), "worker_languages": _worker_languages()}
    if bound and form.is_valid() and "bearbeiten" not in request.GET:
        context.update(
            selectors.plan_view(
                form.situation(), work=form.places["work"], residence=form.places["residence"], lang=lang
            )
        )
        context.update(
            {
                "query": _query(request.GET, PLAN_FIELDS),
                "save_form": SavePlanForm(),
                "hidden": {k: request.GET.get(k) for k in PLAN_FIELDS if request.GET.get(k)},
            }
        )
        return render(request, "welcome/plan.html", context)
    return render(request, "welcome/start.html", context)


def _render_plan_pdf(view: dict, *, kind: str, lang: str, filename: str, extra: dict | None = None):
    if kind == "arbeitgeber":
        context = {**view, **(extra or {})}
        return pdf_response(
            render_pdf("welcome/plan_employer_pdf.html", context, lang=lang), f"{filename}-arbeitgeber.pdf"
        )
    if kind == "fachkraft":
        data = rules.content()
        context = {
            **view,
            **(extra or {}),
            "labels": notice_rules.worker_plan_text(lang),
            "roles": {key: pick(value, lang) for key, value in data["roles"].items()},
        }
        return pdf_response(
            render_pdf("welcome/plan_worker_pdf.html", context, lang=lang), f"{filename}-fachkraft-{lang}.pdf"
        )
    raise Http404


def _pdf_lang(request, kind: str) -> str:
    if kind == "fachkraft":
        lang = request.GET.get("sprache", "de")
        if lang not in dict(_worker_languages()):
            raise Http404
        return lang
    return _lang()


@require_GET
def plan_pdf(request, kind: str):
    lang = _pdf_lang(request, kind)
    form, bound = _plan_form(request.GET, lang)
    if not (bound and form.is_valid()):
        return redirect(f"{reverse('welcome:start')}?{_query(request.GET, PLAN_FIELDS)}")
    view = selectors.plan_view(
        form.situation(), work=form.places["work"], residence=form.places["residence"], lang=lang
    )
    return _render_plan_pdf(view, kind=kind, lang=lang, filename=f"willkommensplan-{form.situation().arrival:%Y-%m-%d}")


@login_required
@require_POST
def save(request):
    lang = _lang()
    employer = require_employer(request.user)
    form = WelcomePlanForm(request.POST, lang=lang)
    save_form = SavePlanForm(request.POST)
    if not (form.is_valid() and save_form.is_valid()):
        messages.error(request, _("Der Plan konnte nicht gespeichert werden – bitte prüfen Sie die Angaben."))
        return redirect(f"{reverse('welcome:start')}?{_query(request.POST, PLAN_FIELDS)}")
    plan = services.plan_save(
        actor=request.user,
        organisation=employer,
        situation=form.situation(),
        work_ags=form.places["work"].ags,
        residence_ags=form.places["residence"].ags,
        title=save_form.cleaned_data["title"],
        lang=lang,
    )
    messages.success(request, _("Der Willkommensplan ist gespeichert. Haken Sie erledigte Aufgaben ab."))
    return redirect("welcome:plan", plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def case_plan(request, case_pk: int):
    """A welcome plan for a case, prefilled from it (pathway, arrival and first working day from its steps, the place
    of work from its assessment); made by the case's adviser or a member of its employer."""
    from lotse.cases.models import Case  # noqa: PLC0415

    case = get_object_or_404(Case.objects.select_related("employer"), pk=case_pk)  # scoped
    permissions.require(services.may_edit(request.user, case.employer_id, case.pk))
    lang = _lang()
    if request.method == "POST":
        form = WelcomePlanForm(request.POST, lang=lang)
        save_form = SavePlanForm(request.POST)
        if form.is_valid() and save_form.is_valid():
            plan = services.plan_save(
                actor=request.user,
                organisation=case.employer,
                situation=form.situation(),
                work_ags=form.places["work"].ags,
                residence_ags=form.places["residence"].ags,
                title=save_form.cleaned_data["title"] or case.reference,
                lang=lang,
                case=case,
            )
            messages.success(request, _("Der Willkommensplan ist angelegt und mit dem Fall verbunden."))
            return redirect("welcome:plan", plan.pk)
    else:
        situation = services.situation_from_case(case)
        work = selectors.gemeinde(situation["work_ags"])
        form = WelcomePlanForm(
            initial={
                "pathway": situation["pathway"],
                "arrival": situation["arrival"],
                "start": situation["start"],
                "work_place": work.display_name if work else situation["work_ags"],
            },
            lang=lang,
        )
        save_form = SavePlanForm(initial={"title": case.reference})
    return render(request, "welcome/case_plan.html", {"form": form, "save_form": save_form, "case": case})


@login_required
@require_GET
def my_plans(request):
    employer = require_employer(request.user)
    return render(
        request,
        "welcome/mine.html",
        {"employer": employer, "plans": selectors.plans_summary(organisation_id=employer.pk)},
    )


def _plan_or_404(pk: int) -> WelcomePlan:
    return get_object_or_404(WelcomePlan.objects.select_related("organisation", "case"), pk=pk)  # scoped


def _saved_view(plan: WelcomePlan, lang: str) -> dict:
    done = set(WelcomeTaskDone.objects.filter(plan=plan).values_list("task_id", flat=True))
    return selectors.plan_view(
        selectors.saved_situation(plan),
        work=selectors.gemeinde(plan.work_ags),
        residence=selectors.gemeinde(plan.residence_ags),
        lang=lang,
        done=done,
    )


@login_required
@require_GET
def saved_plan(request, pk: int):
    plan = _plan_or_404(pk)
    context = _saved_view(plan, _lang())
    context.update(
        {
            "saved": plan,
            "can_edit": services.may_edit(request.user, plan.organisation_id, plan.case_id),
            "notices": selectors.notices_for(plan),
            "worker_languages": _worker_languages(),
        }
    )
    return render(request, "welcome/plan.html", context)


@login_required
@require_POST
def tick(request, pk: int, task_id: str):
    plan = _plan_or_404(pk)
    try:
        done = services.task_set_done(
            actor=request.user, plan=plan, task_id=task_id, done=request.POST.get("done") == "1"
        )
    except ValueError as error:
        raise Http404 from error
    if request.htmx:
        view = _saved_view(plan, _lang())
        item = next(t for phase in view["phases"] for t in phase["tasks"] if t["task"].id == task_id)
        return render(request, "welcome/_task.html", {"item": item, "saved": plan, "can_edit": True})
    messages.success(request, _("Aufgabe als erledigt markiert.") if done else _("Aufgabe wieder geöffnet."))
    return redirect(f"{reverse('welcome:plan', args=[plan.pk])}#aufgabe-{task_id}")


@login_required
@require_GET
def saved_plan_pdf(request, pk: int, kind: str):
    plan = _plan_or_404(pk)
    lang = _pdf_lang(request, kind)
    return _render_plan_pdf(
        _saved_view(plan, lang), kind=kind, lang=lang, filename=f"willkommensplan-{plan.pk}", extra={"saved": plan}
    )


# --- § 45c notice -------------------------------------------------------------------------------------------


def _notice_view(
    *, employer_name: str, worker_name: str, work, first_working_day, office_contact: str, handed_over_on=None
) -> dict:
    offices = {lang: selectors.nearest_faire_integration(work, lang) for lang, _name in _worker_languages()}
    return {
        "texts": [
            {"lang": lang, "name": name, "text": notice_rules.notice_text(lang), "office": offices[lang]}
            for lang, name in _worker_languages()
        ],
        "office": offices.get("de") or next(iter(offices.values())),
        "employer_name": employer_name,
        "worker_name": worker_name,
        "work": work,
        "first_working_day": first_working_day,
        "office_contact": office_contact,
        "handed_over_on": handed_over_on,
        "legal_reference": notice_rules.texts()["legal_reference"],
    }


def _plan_for_notice(request, raw) -> WelcomePlan | None:
    pk = numbers.parse_id(raw)
    if pk is None or not request.user.is_authenticated:
        return None
    return WelcomePlan.objects.filter(pk=pk).first()  # scoped: only a plan the user may see


@require_http_methods(["GET", "POST"])
def notice(request):
    """GET: the form (prefilled from a plan). POST: show the notice, save it, or go back to the form. POST, not
    GET, because the notice may carry the worker's name, which must not end up in URLs and server logs."""
    employer = employer_organisation(request.user)
    data = request.POST if request.method == "POST" else request.GET
    plan = _plan_for_notice(request, data.get("plan"))
    case = _case_for_notice(request, data.get("fall"), plan)
    if case is not None:
        employer = case.employer  # the notice is the case employer's, issued by its member or the case's adviser
    action = request.POST.get("action", "show")
    if request.method == "GET":
        initial = {"employer_name": employer.name if employer else ""}
        if case is not None:
            initial.update(_notice_initial_from_case(case))
        if plan is not None:
            work = selectors.gemeinde(plan.work_ags)
            initial.update(
                {"work_place": work.display_name if work else plan.work_ags, "first_working_day": plan.start}
            )
        form = NoticeForm(initial=initial)
    else:
        form = NoticeForm(request.POST)
    context = {"form": form, "plan": plan, "employer": employer, "case": case}
    if request.method == "GET" or action == "edit" or not form.is_valid():
        return render(request, "welcome/notice_form.html", context)
    cleaned = form.cleaned_data
    if action == "save":
        permissions.require(employer is not None)
        office = selectors.nearest_faire_integration(form.places["work"], "de")
        saved = services.notice_save(
            actor=request.user,
            organisation=employer,
            plan=plan,
            case=case,
            employer_name=cleaned["employer_name"],
            worker_name=cleaned["worker_name"],
            workplace_ags=form.places["work"].ags,
            first_working_day=cleaned["first_working_day"],
            office_id=office["id"],
            office_contact=cleaned["office_contact"],
        )
        messages.success(
            request, _("Der Hinweis ist gespeichert. Dokumentieren Sie hier, wann Sie ihn übergeben haben.")
        )
        return redirect("welcome:saved_notice", saved.pk)
    context.update(_notice_view_from_form(form))
    context["hidden"] = {key: data.get(key) for key in NOTICE_FIELDS if data.get(key)}
    return render(request, "welcome/notice.html", context)


def _case_for_notice(request, raw, plan: WelcomePlan | None):
    """The case the notice is issued for (`fall`, or the plan's case): only one the user may work on."""
    from lotse.cases.models import Case  # noqa: PLC0415

    case_id = numbers.parse_id(raw) or (plan.case_id if plan is not None else None)
    if not case_id or not request.user.is_authenticated:
        return None
    case = Case.objects.select_related("employer").filter(pk=case_id).first()  # scoped
    if case is None or not services.may_edit(request.user, case.employer_id, case.pk):
        return None
    return case


def _notice_initial_from_case(case) -> dict:
    from lotse.cases.models import Candidate  # noqa: PLC0415

    situation = services.situation_from_case(case)
    work = selectors.gemeinde(situation["work_ags"])
    candidate = Candidate.objects.filter(cases=case, anonymised_at__isnull=True).order_by("id").first()  # scoped
    return {
        "work_place": work.display_name if work else situation["work_ags"],
        "first_working_day": situation["start"],
        "worker_name": f"{candidate.first_name} {candidate.last_name}".strip() if candidate else "",
    }


def _notice_view_from_form(form: NoticeForm) -> dict:
    cleaned = form.cleaned_data
    return _notice_view(
        employer_name=cleaned["employer_name"],
        worker_name=cleaned["worker_name"],
        work=form.places["work"],
        first_working_day=cleaned["first_working_day"],
        office_contact=cleaned["office_contact"],
    )


@require_POST
def notice_pdf(request):
    form = NoticeForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "welcome/notice_form.html",
            {"form": form, "plan": None, "employer": employer_organisation(request.user)},
        )
    content = render_pdf("welcome/notice_pdf.html", _notice_view_from_form(form), lang="de")
    return pdf_response(content, "hinweis-45c-faire-integration.pdf")


def _notice_or_404(pk: int) -> Notice:
    return get_object_or_404(Notice.objects.select_related("organisation", "plan"), pk=pk)  # scoped


def _saved_notice_view(saved: Notice) -> dict:
    return _notice_view(
        employer_name=saved.employer_name,
        worker_name=saved.worker_name,
        work=selectors.gemeinde(saved.workplace_ags),
        first_working_day=saved.first_working_day,
        office_contact=saved.office_contact,
        handed_over_on=saved.handed_over_on,
    )


@login_required
@require_http_methods(["GET", "POST"])
def saved_notice(request, pk: int):
    saved = _notice_or_404(pk)
    can_edit = services.may_edit(request.user, saved.organisation_id, saved.case_id)
    form = HandoverForm(
        request.POST or None,
        initial={"handed_over_on": saved.handed_over_on or date.today(), "handed_over_how": saved.handed_over_how},
    )
    if request.method == "POST":
        permissions.require(can_edit)
        if form.is_valid():
            services.notice_record_handover(
                actor=request.user,
                notice=saved,
                handed_over_on=form.cleaned_data["handed_over_on"],
                how=form.cleaned_data["handed_over_how"],
            )
            messages.success(request, _("Die Übergabe ist dokumentiert."))
            return redirect("welcome:saved_notice", saved.pk)
    context = _saved_notice_view(saved)
    context.update({"saved": saved, "handover_form": form, "can_edit": can_edit})
    return render(request, "welcome/notice.html", context)


@login_required
@require_GET
def saved_notice_pdf(request, pk: int):
    saved = _notice_or_404(pk)
    return pdf_response(
        render_pdf("welcome/notice_pdf.html", _saved_notice_view(saved), lang="de"), f"hinweis-45c-{saved.pk}.pdf"
    )
