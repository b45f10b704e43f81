"""A candidate's page: master data and consents."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lotse.cases import forms, selectors, services
from lotse.cases.models import Candidate, Case, Consent
from lotse.cases.views.common import _form_errors
from lotse.core import numbers
from lotse.core.permissions import adviser_required


@adviser_required
@require_GET
def candidate_detail(request, pk: int):
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


@adviser_required
@require_POST
def candidate_consent(request, pk: int):
    candidate = get_object_or_404(Candidate.objects, pk=pk)
    form = forms.ConsentForm(request.POST)
    if form.is_valid():
        services.consent_record(
            actor=request.user,
            candidate=candidate,
            purpose=form.cleaned_data["purpose"],
            given_on=form.cleaned_data["given_on"],
        )
        messages.success(request, _("Einwilligung erfasst."))
    else:
        _form_errors(request, form)
    case_id = numbers.parse_id(request.POST.get("case"))
    if case_id and Case.objects.filter(pk=case_id, candidates=candidate).exists():
        return redirect("cases:people", pk=case_id)
    return redirect("cases:candidate", pk=candidate.pk)


@adviser_required
@require_POST
def candidate_edit(request, pk: int):
    candidate = get_object_or_404(Candidate.objects, pk=pk)
    form = forms.CandidateForm(request.POST)
    if form.is_valid():
        try:
            data = form.cleaned_data
            services.candidate_update(
                actor=request.user,
                candidate=candidate,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                citizenship=data["citizenship"],
                qualification=data["qualification"],
                profession=data["profession"],
            )
            messages.success(request, _("Angaben zur Fachkraft gespeichert."))
        except services.CaseRuleError as error:
            messages.error(request, str(error))
    else:
        _form_errors(request, form)
    return redirect("cases:candidate", pk=candidate.pk)


@adviser_required
@require_POST
def consent_withdraw(request, pk: int):
    consent = get_object_or_404(Consent.objects, pk=pk)
    form = forms.WithdrawForm(request.POST)
    if form.is_valid():
        services.consent_withdraw(actor=request.user, consent=consent, withdrawn_on=form.cleaned_data["withdrawn_on"])
        messages.success(request, _("Widerruf erfasst."))
    else:
        _form_errors(request, form)
    return redirect("cases:candidate", pk=consent.candidate_id)
