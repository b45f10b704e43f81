"""The employer's workspace ("Mein Bereich") and the adviser's side of the exchange with the employer.

Objects come through the scoped managers: a case, document or message of another employer or region is a 404.
Employers may not use the adviser's pages and the reverse (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse.cases import config, files
from lotse.cases.config_labels import translated
from lotse.cases.models import Case, Document
from lotse.cases.services import CaseRuleError
from lotse.cases.views.case_page import _case_for_page, _welcome, case_page_tabs
from lotse.core import audit
from lotse.core.links import url_for
from lotse.core.pdf import pdf_response, render_pdf
from lotse.core.permissions import adviser_required, case_reader_required, employer_required, role_of
from lotse.workspace import filing_kit as kits
from lotse.workspace import forms, selectors, services
from lotse.workspace.models import Message


@employer_required
@require_GET
def home(request):
    """ "Mein Bereich" of an employer's user (served at the start page, see lotse.core.views.start)."""
    today = timezone.localdate()
    context = {**selectors.home(user=request.user, on=today), "today": today, "welcome_plans": _welcome_plans(request)}
    return render(request, "workspace/home.html", context)


def _welcome_plans(request) -> list[dict]:
    """The employer's welcome plans with their progress and the § 45c hand-over (lotse.welcome)."""
    from lotse.core.permissions import employer_organisation  # noqa: PLC0415
    from lotse.welcome.selectors import plans_summary  # noqa: PLC0415

    employer = employer_organisation(request.user)
    return plans_summary(organisation_id=employer.pk) if employer else []


def _employer_case_page(request, case: Case, *, upload_forms=None, message_form=None, status=200):
    today = timezone.localdate()
    data = selectors.employer_case(case=case, on=today, activity_page=request.GET.get("verlauf") or 1)
    forms_left = dict(upload_forms or {})
    for document_request in data["document_requests"]:  # a form that came back with an error, else none
        document_request.upload_form = forms_left.pop(document_request.document_id, None)
    for form in forms_left.values():  # a document not (or no longer) asked for: its refusal on top of the page
        for error in form.errors.get("file", []):
            messages.error(request, error)
    context = {
        **data,
        "case": case,
        "today": today,
        "case_type_label": translated(config.case_type(case.case_type)["label"]),
        "welcome": _welcome(request, case),
        "message_form": message_form or forms.MessageForm(),
        "error_forms": list((upload_forms or {}).values()),  # for the page's error summary (base.html)
    }
    return render(request, "workspace/case.html", context, status=status)


def employer_case(request, case: Case):
    """The employer's view of its case, served at the case's own URL (cases:detail) to an employer's user."""
    return _employer_case_page(request, case)


@employer_required
@require_POST
def upload(request, pk: int):
    """The employer uploads a requested document."""
    document = get_object_or_404(Document.objects.select_related("case"), pk=pk)
    form = forms.UploadForm(request.POST, request.FILES, auto_id=f"upload-{document.pk}-%s")
    if form.is_valid():
        try:
            services.employer_upload(actor=request.user, document=document, uploaded=form.cleaned_data["file"])
        except (CaseRuleError, files.UploadRefused) as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request, _("Danke, die Datei ist angekommen: %(label)s") % {"label": document.label_display}
            )
            return redirect("cases:detail", pk=document.case_id)
    case = _case_for_page(request, document.case_id)
    return _employer_case_page(request, case, upload_forms={document.pk: form}, status=400)


@employer_required
@require_POST
def employer_message(request, pk: int):
    case = get_object_or_404(Case.objects, pk=pk)
    form = forms.MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_send(
                actor=request.user, case=case, side=Message.Side.EMPLOYER, text=form.cleaned_data["text"]
            )
        except CaseRuleError as error:
            form.add_error("text", str(error))
        else:
            messages.success(request, _("Ihre Nachricht wurde gesendet."))
            return redirect(url_for("cases:detail", case.pk) + "#nachrichten")
    return _employer_case_page(request, _case_for_page(request, pk), message_form=form, status=400)


# --- the filing kit (both sides) ---------------------------------------------------------------------------------


def _filing_kit_context(request, pk: int) -> dict:
    """The case (through the scoped manager: another employer's or region's case is a 404) and its kit; a case
    whose pathway the accelerated procedure does not cover has no kit (404)."""
    role = role_of(request.user)
    case = get_object_or_404(Case.objects.select_related("employer", "team", "region"), pk=pk)
    if not kits.eligible(case):
        raise Http404
    return {"case": case, "today": timezone.localdate(), **kits.kit(case=case, adviser=role == "adviser")}


@case_reader_required
@require_GET
def filing_kit(request, pk: int):
    """ "Unterlagen-Paket": the § 81a agreement's parties, the BA declaration's data and where to file what."""
    context = _filing_kit_context(request, pk)
    audit.record(actor=request.user, action="case.filing_kit", obj=context["case"], context={"format": "html"})
    return render(request, "workspace/filing_kit.html", context)


@case_reader_required
@require_GET
def filing_kit_pdf(request, pk: int):
    context = _filing_kit_context(request, pk)
    case = context["case"]
    content = render_pdf("workspace/filing_kit_pdf.html", context, request=request)
    audit.record(actor=request.user, action="case.filing_kit", obj=case, context={"format": "pdf"})
    return pdf_response(content, f"{case.reference}-unterlagen-paket.pdf")


# --- the adviser's side -------------------------------------------------------------------------------------


def _exchange_page(request, case: Case, *, request_form=None, review_forms=None, message_form=None, status=200):
    data = selectors.case_exchange(case=case)
    for document_request in data["document_requests"]:
        document_request.review_form = (review_forms or {}).get(document_request.document_id)
    context = {
        "case": case,
        "tab": "workspace:exchange",
        "tabs": case_page_tabs(case),
        **data,
        "request_form": request_form or forms.DocumentRequestForm(documents=selectors.requestable_documents(case=case)),
        "message_form": message_form or forms.MessageForm(),
        "error_forms": list((review_forms or {}).values()),  # for the page's error summary (base.html)
    }
    return render(request, "workspace/exchange.html", context, status=status)


@adviser_required
@require_GET
def exchange(request, pk: int):
    """The adviser's tab "Austausch mit dem Unternehmen": documents asked of the employer, and the conversation."""
    return _exchange_page(request, _case_for_page(request, pk))


@adviser_required
@require_POST
def document_request(request, pk: int):
    case = get_object_or_404(Case.objects, pk=pk)
    form = forms.DocumentRequestForm(request.POST, documents=selectors.requestable_documents(case=case))
    if form.is_valid():
        data = form.cleaned_data
        document = Document.objects.filter(case=case, pk=data["document"]).first() if data["document"] else None
        try:
            services.document_request(
                actor=request.user,
                case=case,
                document=document,
                label=data["label"],
                note=data["note"],
                due_on=data["due_on"],
            )
        except CaseRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Die Unterlage ist beim Unternehmen angefordert."))
            return redirect("workspace:exchange", pk=pk)
    return _exchange_page(request, _case_for_page(request, pk), request_form=form, status=400)


@adviser_required
@require_POST
def document_review(request, pk: int):
    document = get_object_or_404(Document.objects.select_related("case"), pk=pk)
    form = forms.ReviewForm(request.POST, auto_id=f"review-{document.pk}-%s")
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.document_review(
                actor=request.user, document=document, accept=accept, reason=form.cleaned_data["reason"]
            )
        except CaseRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Unterlage angenommen: %(label)s") % {"label": document.label_display}
                if accept
                else _("Korrektur angefordert: %(label)s") % {"label": document.label_display},
            )
            return redirect("workspace:exchange", pk=document.case_id)
    case = _case_for_page(request, document.case_id)
    return _exchange_page(request, case, review_forms={document.pk: form}, status=400)


@adviser_required
@require_http_methods(["POST"])
def adviser_message(request, pk: int):
    case = get_object_or_404(Case.objects, pk=pk)
    form = forms.MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_send(
                actor=request.user, case=case, side=Message.Side.ADVISER, text=form.cleaned_data["text"]
            )
        except CaseRuleError as error:
            form.add_error("text", str(error))
        else:
            messages.success(request, _("Ihre Nachricht wurde gesendet."))
            return redirect("workspace:exchange", pk=pk)
    return _exchange_page(request, _case_for_page(request, pk), message_form=form, status=400)
