"""Advice requests from the navigator: routing to the region's team, forwarding, and acceptance as a case."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.models import Organisation
from lotse.cases.models import AdviceRequest, Case, Consent
from lotse.cases.services import common
from lotse.cases.services.candidates import candidate_create, consent_record
from lotse.cases.services.cases import case_open
from lotse.cases.services.common import CaseRuleError, _is_user, _notify_team_after_commit
from lotse.core import audit
from lotse.core.scoping import system_access


def _team_for_region(region) -> Organisation:
    with system_access("route an advice request to the team of its region"):
        team = None
        if region is not None:
            team = Organisation.objects.filter(kind=Organisation.Kind.REGIONALAGENTUR, region=region).first()
        if team is None:
            team = Organisation.objects.filter(kind=Organisation.Kind.FAI).order_by("pk").first()
    return team


@transaction.atomic
def advice_request_create(
    *,
    actor,
    employer,
    region,
    assessment_input: dict,
    assessment_output: dict,
    contact_name: str,
    contact_email: str,
    message: str = "",
    candidate_consent: bool = False,
) -> AdviceRequest:
    """A request for advice from the navigator; it lands in the inbox of the region's Regionalagentur
    (or FAI NRW when no region is known). `employer` is an Organisation or None."""
    if region is None and employer is not None:
        region = employer.region
    team = _team_for_region(region)
    request = AdviceRequest.objects.create(
        region=region,
        team=team,
        employer=employer,
        assessment_input=assessment_input,
        assessment_output=assessment_output,
        rules_version=str(assessment_output.get("rules_version", "")),
        contact_name=contact_name,
        contact_email=contact_email,
        message=message,
        candidate_consent=candidate_consent,
    )
    audit.record(
        actor=actor,
        action="advice_request.create",
        obj=request,
        region_id=getattr(region, "pk", None),
        organisation_id=getattr(employer, "pk", None),
        new={"team": team.pk if team else None, "rules_version": request.rules_version},
    )
    _notify_team_after_commit(
        team=team,
        template="cases/mail/advice_request_new",
        context={"request_id": request.pk},
        audit_action="advice_request.notify",
        audit_object=request,
        actor=actor,
    )
    return request


def _locked_request(request: AdviceRequest) -> AdviceRequest:
    locked = AdviceRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != AdviceRequest.Status.NEW:
        raise CaseRuleError(_("Die Anfrage wurde bereits bearbeitet."))
    return locked


@transaction.atomic
def advice_request_forward(*, actor, request: AdviceRequest, to_team: Organisation, reason: str) -> AdviceRequest:
    request = _locked_request(request)
    if to_team.kind not in (Organisation.Kind.FAI, Organisation.Kind.REGIONALAGENTUR):
        raise CaseRuleError(_("Weiterleiten geht nur an FAI NRW oder eine Regionalagentur."))
    if not reason.strip():
        raise CaseRuleError(_("Bitte einen Grund angeben."))
    old = {"team": request.team_id, "region": request.region_id}
    request.team = to_team
    if to_team.kind == Organisation.Kind.REGIONALAGENTUR:
        request.region = to_team.region
    request.forward_reason = reason
    request.version += 1
    request.save()
    audit.record(
        actor=actor,
        action="advice_request.forward",
        obj=request,
        old=old,
        new={"team": to_team.pk, "region": request.region_id},
        region_id=request.region_id,
    )
    _notify_team_after_commit(
        team=to_team,
        template="cases/mail/advice_request_new",
        context={"request_id": request.pk},
        audit_action="advice_request.notify",
        audit_object=request,
        actor=actor,
    )
    return request


def _check_accepting_team(actor, team: Organisation, region) -> None:
    """The case goes to one of the actor's own teams or to FAI NRW, and a Regionalagentur only takes cases of
    its own region (the case's region is the employer's)."""
    from lotse.cases.forms import team_region_mismatch  # noqa: PLC0415
    from lotse.core.permissions import adviser_teams  # noqa: PLC0415

    if team.kind not in (Organisation.Kind.FAI, Organisation.Kind.REGIONALAGENTUR):
        raise CaseRuleError(_("Ein Fall kann nur von FAI NRW oder einer Regionalagentur übernommen werden."))
    if _is_user(actor) and team.kind != Organisation.Kind.FAI:
        if team.pk not in {t.pk for t in adviser_teams(actor)}:
            raise CaseRuleError(_("Sie können einen Fall nur für Ihr eigenes Team oder für FAI NRW übernehmen."))
    error = team_region_mismatch(team, region.pk)
    if error:
        raise CaseRuleError(str(error))


@transaction.atomic
def advice_request_accept(
    *,
    actor,
    request: AdviceRequest,
    employer: Organisation,
    pathway: str,
    case_type: str,
    team: Organisation,
    candidate_first_name: str = "",
    candidate_last_name: str = "",
    opened_on: dt.date | None = None,
) -> Case:
    request = _locked_request(request)
    data = request.assessment_input or {}
    person = data.get("candidate") or {}
    qualification = person.get("qualification") or {}
    region = employer.region or request.region
    if region is None:
        raise CaseRuleError(_("Das Unternehmen hat keine Region; bitte zuerst die Gemeinde erfassen."))
    _check_accepting_team(actor, team, region)
    candidate = candidate_create(
        actor=actor,
        region=region,
        employer=employer,
        first_name=candidate_first_name,
        last_name=candidate_last_name,
        citizenship=(person.get("citizenship") or (person.get("citizenships") or [""])[0] or "")[:2],
        profession=qualification.get("profession") or "",
        qualification=qualification.get("level") or "",
        languages=person.get("languages") or {},
    )
    if request.candidate_consent:
        consent_record(
            actor=actor,
            candidate=candidate,
            purpose=Consent.Purpose.CASE_WORK,
            given_on=timezone.localtime(request.created_at).date(),
        )
    case = case_open(
        actor=actor,
        employer=employer,
        team=team,
        region=region,
        candidates=[candidate],
        pathway=pathway,
        case_type=case_type,
        assessment_input=data,
        assessment_output=request.assessment_output,
        opened_on=opened_on or common.today(),
    )
    request.status = AdviceRequest.Status.ACCEPTED
    request.case = case
    request.employer = employer
    request.version += 1
    request.save()
    audit.record(
        actor=actor,
        action="advice_request.accept",
        obj=request,
        region_id=region.pk,
        organisation_id=employer.pk,
        new={"case": case.pk, "pathway": pathway, "case_type": case_type},
    )
    return case
