"""The inbox of advice requests: reading, accepting as a case, forwarding to another team."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lotse.cases import config, forms, selectors, services
from lotse.cases.models import AdviceRequest
from lotse.core.permissions import adviser_required, adviser_teams, primary_team


@adviser_required
@require_GET
def inbox(request):
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
            "today": timezone.localdate(),
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


@adviser_required
@require_http_methods(["GET", "POST"])
def request_detail(request, pk: int):
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
                    data = accept_form.cleaned_data
                    case = services.advice_request_accept(
                        actor=request.user,
                        request=advice,
                        employer=data["employer"],
                        pathway=data["pathway"],
                        case_type=data["case_type"],
                        team=data["team"],
                        candidate_first_name=data["candidate_first_name"],
                        candidate_last_name=data["candidate_last_name"],
                    )
                    messages.success(request, _("Anfrage angenommen: Fall %(ref)s") % {"ref": case.reference})
                    return redirect("cases:detail", pk=case.pk)
            elif request.POST.get("action") == "forward":
                forward_form = forms.ForwardForm(request.POST)
                if forward_form.is_valid():
                    services.advice_request_forward(
                        actor=request.user,
                        request=advice,
                        to_team=forward_form.cleaned_data["to_team"],
                        reason=forward_form.cleaned_data["reason"],
                    )
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
