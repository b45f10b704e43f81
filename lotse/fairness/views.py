"""The public self-check "Faire Anwerbung": questions, a result per area with actions, the PDF action plan, and –
for a logged-in employer – saving, repeating and the history with progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse.core.pdf import pdf_response, render_pdf
from lotse.core.permissions import acts_for, employer_organisation, require_employer
from lotse.fairness import selectors, services
from lotse.fairness.forms import SelfCheckForm
from lotse.fairness.models import SelfCheck
from lotse.fairness.presentation import content_language, result_context
from lotse.rules.fairness import selfcheck

SESSION_KEY = "fairness_answers"


@require_http_methods(["GET", "POST"])
def start(request):
    lang = content_language()
    employer = employer_organisation(request.user)
    if request.method == "POST":
        form = SelfCheckForm(request.POST, lang=lang)
        if form.is_valid():
            request.session[SESSION_KEY] = form.answers()
            return redirect("fairness:result")
    else:
        initial = request.session.get(SESSION_KEY)
        if initial is None and employer is not None and request.GET.get("wiederholen"):
            last = selectors.latest(organisation_id=employer.pk)
            initial = last.answers if last else None
        form = SelfCheckForm(initial=SelfCheckForm.initial_from(initial) if initial else None, lang=lang)
    return render(
        request,
        "fairness/start.html",
        {"form": form, "employer": employer, "question_count": len(selfcheck.question_ids())},
    )


def _session_answers(request):
    answers = request.session.get(SESSION_KEY)
    if not answers:
        return None
    try:
        selfcheck.validate(answers)
    except selfcheck.AnswerError:
        request.session.pop(SESSION_KEY, None)  # content changed since: ask again rather than fail
        return None
    return answers


@require_GET
def result(request):
    answers = _session_answers(request)
    if answers is None:
        return redirect("fairness:start")
    lang = content_language()
    context = result_context(selectors.result_for(answers, lang=lang))
    context.update({"saved": None, "employer": employer_organisation(request.user)})
    return render(request, "fairness/result.html", context)


@require_GET
def result_pdf(request):
    answers = _session_answers(request)
    if answers is None:
        return redirect("fairness:start")
    lang = content_language()
    context = result_context(selectors.result_for(answers, lang=lang))
    return pdf_response(render_pdf("fairness/result_pdf.html", context, lang=lang), "faire-anwerbung-aktionsplan.pdf")


@login_required
@require_POST
def save(request):
    answers = _session_answers(request)
    if answers is None:
        return redirect("fairness:start")
    employer = require_employer(request.user)
    check = services.selfcheck_save(actor=request.user, organisation=employer, answers=answers, lang=content_language())
    messages.success(
        request, _("Ihr Ergebnis ist gespeichert. Wiederholen Sie den Check später, um Ihren Fortschritt zu sehen.")
    )
    return redirect("fairness:saved", check.pk)


@login_required
@require_GET
def history(request):
    employer = require_employer(request.user)
    areas, rows = selectors.history(organisation_id=employer.pk, lang=content_language())
    return render(request, "fairness/history.html", {"employer": employer, "areas": areas, "rows": rows})


def _saved_or_404(pk: int) -> SelfCheck:
    return get_object_or_404(SelfCheck.objects.select_related("organisation"), pk=pk)  # scoped: own or region


@login_required
@require_GET
def saved(request, pk: int):
    check = _saved_or_404(pk)
    lang = content_language()
    context = result_context(selectors.result_for(check.answers, lang=lang))
    context.update(
        {"saved": check, "employer": check.organisation, "can_edit": acts_for(request.user, check.organisation_id)}
    )
    return render(request, "fairness/result.html", context)


@login_required
@require_GET
def saved_pdf(request, pk: int):
    check = _saved_or_404(pk)
    lang = content_language()
    context = result_context(selectors.result_for(check.answers, lang=lang))
    context.update({"saved": check, "employer": check.organisation})
    content = render_pdf("fairness/result_pdf.html", context, lang=lang)
    return pdf_response(content, f"faire-anwerbung-aktionsplan-{check.created_at:%Y-%m-%d}.pdf")
