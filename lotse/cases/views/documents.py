"""A case's documents: upload and review, download, and the dossier (PDF or ZIP)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lotse.cases import files, forms, services
from lotse.cases.models import Candidate, Case, Document
from lotse.cases.views.case_page import _adviser_case, _back
from lotse.cases.views.common import _attachment, _form_errors
from lotse.core.pdf import render_pdf
from lotse.core.permissions import adviser_required


@adviser_required
@require_POST
def document_update(request, pk: int):
    document = get_object_or_404(Document.objects.select_related("case"), pk=pk)
    case = document.case
    form = forms.DocumentForm(request.POST, request.FILES, candidates=Candidate.objects.filter(cases=case))
    if not form.is_valid():
        _form_errors(request, form)
        return _back(case, "documents")
    try:
        if form.cleaned_data["file"]:
            services.document_upload(
                actor=request.user,
                document=document,
                uploaded=form.cleaned_data["file"],
                candidate_id=form.cleaned_data["candidate"],
            )
            messages.success(request, _("Datei gespeichert: %(label)s") % {"label": document.label_display})
        elif form.cleaned_data["status"]:
            services.document_set_status(
                actor=request.user,
                document=document,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Status gespeichert: %(label)s") % {"label": document.label_display})
    except (services.CaseRuleError, files.UploadRefused) as error:
        messages.error(request, f"{document.label_display}: {error}")
    return _back(case, "documents")


@adviser_required
@require_GET
def document_download(request, pk: int):
    document = get_object_or_404(
        Document.objects.exclude(storage_name="")
        .select_related("case")
        .only("storage_name", "content_type", "original_name", "key", "case__region_id", "case__employer_id"),
        pk=pk,
    )
    content = services.document_download(actor=request.user, document=document)
    return _attachment(content, document.content_type, document.original_name)


def _dossier_documents(case: Case) -> list[Document]:
    return list(Document.objects.filter(case=case, status=Document.Status.CHECKED).exclude(storage_name=""))


def _dossier_pdf(request, case: Case, documents) -> bytes:
    return render_pdf(
        "cases/dossier.html",
        {
            "case": case,
            "documents": documents,
            "all_documents": Document.objects.filter(case=case),
            "candidates": Candidate.objects.filter(cases=case),
            "generated": timezone.localtime(),
        },
        lang="de",
        request=request,
    )


@adviser_required
@require_GET
def dossier_pdf(request, pk: int):
    case = _adviser_case(request, pk)
    documents = _dossier_documents(case)
    pdf = _dossier_pdf(request, case, documents)
    services.dossier_record(actor=request.user, case=case, fmt="pdf")
    return _attachment(pdf, "application/pdf", f"{case.reference}-dossier.pdf")


@adviser_required
@require_GET
def dossier_zip(request, pk: int):
    case = _adviser_case(request, pk)
    documents = _dossier_documents(case)
    entries = [("00-uebersicht.pdf", _dossier_pdf(request, case, documents))]
    for index, document in enumerate(documents, start=1):
        entries.append((f"{index:02d}-{document.key}-{document.original_name}", files.read(document.storage_name)))
    services.dossier_record(actor=request.user, case=case, fmt="zip", documents=documents)
    return _attachment(files.zip_bytes(entries), "application/zip", f"{case.reference}-dossier.zip")
