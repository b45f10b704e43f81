"""Writes of case work. Each function is one complete state change with its audit entry (ids and codes only).

Concurrency: every change to a case locks its row (`select_for_update`) and bumps `Case.version`; edit forms
carry the version they were rendered with and `case_update` refuses a stale one (optimistic locking), so two
advisers editing the same case never silently overwrite each other.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from lotse.accounts.models import Membership, Organisation
from lotse.accounts.services import organisation_create
from lotse.cases import config, files
from lotse.cases.models import (
    Activity,
    AdviceRequest,
    Candidate,
    Case,
    CaseEvent,
    CaseStep,
    CompanyProfile,
    Consent,
    DeadlineTimer,
    Document,
    ErasureCount,
    Handover,
    PowerOfAttorney,
    Task,
)
from lotse.core import audit
from lotse.core.mail import send_mail
from lotse.core.scoping import system_access


class CaseConflict(Exception):
    """The case changed since the form was shown (optimistic locking)."""


class DuplicateCompany(Exception):
    def __init__(self, matches):
        super().__init__("possible duplicate")
        self.matches = matches


class CaseRuleError(ValueError):
    """A business rule refused the change; the message is for the user."""


def today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------- companies

LEGAL_FORMS = re.compile(
    r"\b(ggmbh|gmbh|mbh|ag|kg|kgaa|ohg|gbr|ug|haftungsbeschrankt|ev|eg|ek|ekfr|co|se|partg|inh|und|the)\b"
)


def company_name_key(name: str) -> str:
    """A normalised name for duplicate detection: case, umlauts, punctuation and legal forms do not count."""
    text = name.lower().replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9 ]+", " ", text.replace("&", " und "))
    text = LEGAL_FORMS.sub(" ", text)
    return " ".join(text.split())


def company_find_duplicates(*, name: str, postcode: str = "", gemeinde=None, exclude_id=None) -> list:
    """Employers in all of NRW that are probably the same company (see `selectors.company_duplicates`).

    A company entered by another region is found too; of those only the name and place are returned."""
    from lotse.cases.selectors import company_duplicates  # noqa: PLC0415

    return company_duplicates(name=name, postcode=postcode, gemeinde=gemeinde, exclude_id=exclude_id)


@transaction.atomic
def company_create(
    *,
    actor,
    name: str,
    gemeinde=None,
    region=None,
    street: str = "",
    postcode: str = "",
    city: str = "",
    wz_code: str = "",
    size_class: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    allow_duplicate: bool = False,
) -> Organisation:
    if not allow_duplicate:
        matches = company_find_duplicates(name=name, postcode=postcode, gemeinde=gemeinde)
        if matches:
            raise DuplicateCompany(matches)
    organisation = organisation_create(
        actor=actor,
        name=name,
        kind=Organisation.Kind.UNTERNEHMEN,
        gemeinde=gemeinde,
        region=region,
        street=street,
        postcode=postcode,
        city=city or (gemeinde.display_name if gemeinde else ""),
    )
    company_profile_save(
        actor=actor,
        organisation=organisation,
        wz_code=wz_code,
        size_class=size_class,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
    )
    return organisation


@transaction.atomic
def company_profile_save(*, actor, organisation: Organisation, **fields) -> CompanyProfile:
    profile = CompanyProfile.objects.filter(organisation=organisation).select_for_update().first()
    old = {}
    if profile is None:
        profile = CompanyProfile(organisation=organisation)
    else:
        old = {k: getattr(profile, k) for k in ("wz_code", "size_class")}
    for key, value in fields.items():
        setattr(profile, key, value)
    profile.name_key = company_name_key(organisation.name)
    profile.save()
    audit.record(
        actor=actor,
        action="company.profile_save",
        obj=profile,
        old=old,
        new={k: getattr(profile, k) for k in ("wz_code", "size_class")},
        region_id=organisation.region_id,
        organisation_id=organisation.pk,
    )
    return profile


# ---------------------------------------------------------------------------------------------- candidates


@transaction.atomic
def candidate_create(*, actor, region, employer=None, **fields) -> Candidate:
    candidate = Candidate.objects.create(region=region, employer=employer, **fields)
    audit.record(
        actor=actor,
        action="candidate.create",
        obj=candidate,
        region_id=region.pk,
        organisation_id=getattr(employer, "pk", None),
        new={"citizenship": candidate.citizenship, "profession": candidate.profession},
    )
    return candidate


CANDIDATE_FIELDS = ("first_name", "last_name", "email", "citizenship", "qualification", "profession", "languages")


@transaction.atomic
def candidate_update(*, actor, candidate: Candidate, **fields) -> Candidate:
    unknown = set(fields) - set(CANDIDATE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.anonymised_at:
        raise CaseRuleError("Die Daten dieser Person wurden entfernt; sie können nicht mehr bearbeitet werden.")
    old = {k: getattr(candidate, k) for k in fields}
    for key, value in fields.items():
        setattr(candidate, key, value)
    candidate.save()
    # Field names only: the values are personal data.
    audit.record(
        actor=actor,
        action="candidate.update",
        obj=candidate,
        region_id=candidate.region_id,
        context={"fields": sorted(k for k in fields if old[k] != fields[k])},
    )
    return candidate


def _refresh_sharing(candidate: Candidate) -> None:
    shared = Consent.objects.filter(
        candidate=candidate, purpose=Consent.Purpose.SHARE_WITH_EMPLOYER, withdrawn_on__isnull=True
    ).exists()
    Candidate.unscoped.filter(pk=candidate.pk).update(shared_with_employer=shared)
    candidate.shared_with_employer = shared


@transaction.atomic
def consent_record(*, actor, candidate: Candidate, purpose: str, given_on: dt.date) -> Consent:
    consent = Consent.objects.create(candidate=candidate, purpose=purpose, given_on=given_on, recorded_by=actor)
    _refresh_sharing(candidate)
    audit.record(
        actor=actor,
        action="consent.give",
        obj=consent,
        region_id=candidate.region_id,
        organisation_id=candidate.employer_id,
        new={"candidate": candidate.pk, "purpose": purpose, "given_on": given_on},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: Consent, withdrawn_on: dt.date) -> Consent:
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        return consent
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    candidate = Candidate.objects.get(pk=consent.candidate_id)
    _refresh_sharing(candidate)
    audit.record(
        actor=actor,
        action="consent.withdraw",
        obj=consent,
        region_id=candidate.region_id,
        organisation_id=candidate.employer_id,
        old={"withdrawn_on": None},
        new={"withdrawn_on": withdrawn_on, "purpose": consent.purpose},
    )
    return consent


# ---------------------------------------------------------------------------------------------- advice requests


def _team_for_region(region) -> Organisation:
    with system_access("route an advice request to the team of its region"):
        team = None
        if region is not None:
            team = Organisation.objects.filter(kind=Organisation.Kind.REGIONALAGENTUR, region=region).first()
        if team is None:
            team = Organisation.objects.filter(kind=Organisation.Kind.FAI).order_by("pk").first()
    return team


def _team_emails(team: Organisation | None) -> list[str]:
    if team is None:
        return []
    return list(
        Membership.objects.filter(
            organisation=team, role__in=[Membership.Role.ADVISER, Membership.Role.ADMIN]
        ).values_list("user__email", flat=True)
    )


def _notify_team_after_commit(
    *, team: Organisation | None, template: str, context: dict, audit_action: str, audit_object, actor
) -> None:
    """E-mail the team's advisers once the transaction has committed (never for a rolled-back change)."""
    recipients = _team_emails(team)
    transaction.on_commit(
        lambda: send_mail(
            to=recipients,
            template=template,
            context=context,
            audit_action=audit_action,
            audit_object=audit_object,
            actor=actor,
        )
    )


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
        raise CaseRuleError("Die Anfrage wurde bereits bearbeitet.")
    return locked


@transaction.atomic
def advice_request_forward(*, actor, request: AdviceRequest, to_team: Organisation, reason: str) -> AdviceRequest:
    request = _locked_request(request)
    if to_team.kind not in (Organisation.Kind.FAI, Organisation.Kind.REGIONALAGENTUR):
        raise CaseRuleError("Weiterleiten geht nur an FAI NRW oder eine Regionalagentur.")
    if not reason.strip():
        raise CaseRuleError("Bitte einen Grund angeben.")
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
    from lotse.cases.permissions import adviser_teams  # noqa: PLC0415

    if team.kind not in (Organisation.Kind.FAI, Organisation.Kind.REGIONALAGENTUR):
        raise CaseRuleError("Ein Fall kann nur von FAI NRW oder einer Regionalagentur übernommen werden.")
    if _is_user(actor) and team.kind != Organisation.Kind.FAI:
        if team.pk not in {t.pk for t in adviser_teams(actor)}:
            raise CaseRuleError("Sie können einen Fall nur für Ihr eigenes Team oder für FAI NRW übernehmen.")
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
        raise CaseRuleError("Das Unternehmen hat keine Region; bitte zuerst die Gemeinde erfassen.")
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
        opened_on=opened_on or today(),
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


# ---------------------------------------------------------------------------------------------- cases


def _document_list(assessment_output: dict, pathway: str) -> list[tuple[str, str]]:
    seen, items = set(), []
    for document in assessment_output.get("documents") or []:
        pathways = document.get("pathways") or []
        if pathways and pathway not in pathways:
            continue
        if document["id"] in seen:
            continue
        seen.add(document["id"])
        items.append((document["id"], document.get("label") or document["id"]))
    return items


@transaction.atomic
def case_open(
    *,
    actor,
    employer: Organisation,
    team: Organisation,
    region,
    candidates: list[Candidate],
    pathway: str,
    case_type: str,
    assessment_input: dict,
    assessment_output: dict,
    opened_on: dt.date,
    adviser=None,
) -> Case:
    spec = config.case_type(case_type)
    case = Case.objects.create(
        reference=f"tmp-{uuid.uuid4().hex[:16]}",
        region=region,
        team=team,
        employer=employer,
        adviser=adviser or actor if _is_user(actor) else adviser,
        case_type=case_type,
        pathway=pathway,
        assessment_input=assessment_input,
        assessment_output=assessment_output,
        rules_version=str(assessment_output.get("rules_version", "")),
        assessed_on=_assessed_on(assessment_output, opened_on),
        stage=spec["steps"][0]["key"],
        opened_on=opened_on,
    )
    case.reference = f"LOT-{opened_on.year}-{case.pk:06d}"
    case.save(update_fields=["reference"])
    case.candidates.set(candidates)
    CaseStep.objects.bulk_create(
        [
            CaseStep(
                case=case,
                key=step["key"],
                label=step["label"],
                position=index,
                planned_on=opened_on + dt.timedelta(days=int(step["offset_days"])),
                optional=bool(step.get("optional")),
            )
            for index, step in enumerate(spec["steps"])
        ]
    )
    Document.objects.bulk_create(
        [Document(case=case, key=key, label=label) for key, label in _document_list(assessment_output, pathway)]
    )
    _refresh_documents(case)
    audit.record(
        actor=actor,
        action="case.open",
        obj=case,
        organisation_id=employer.pk,
        new={
            "pathway": pathway,
            "case_type": case_type,
            "team": team.pk,
            "rules_version": case.rules_version,
            "candidates": [c.pk for c in candidates],
        },
    )
    _activity(
        case=case,
        actor=actor,
        kind=Activity.Kind.SYSTEM,
        internal=False,
        text=f"Fall eröffnet: {spec['label']}",
    )
    _apply_event(case=case, actor=actor, kind="case_opened", occurred_on=opened_on)
    return case


def _is_user(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def _assessed_on(output: dict, fallback: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(str(output.get("as_of")))
    except ValueError:
        return fallback


def _activity(*, case: Case, actor, kind: str, text: str, internal: bool = True) -> Activity:
    return Activity.objects.create(
        case=case,
        kind=kind,
        text=text,
        internal=internal,
        actor=actor if _is_user(actor) else None,
        team=case.team,
    )


def _lock(case: Case | int) -> Case:
    pk = case.pk if isinstance(case, Case) else case
    return Case.objects.select_for_update().get(pk=pk)


def _bump(case: Case, *fields: str) -> None:
    case.version = F("version") + 1
    case.save(update_fields=[*fields, "version", "updated_at"])
    case.refresh_from_db(fields=["version"])


def _start_timer(case: Case, kind: str, occurred_on: dt.date) -> DeadlineTimer | None:
    spec = config.timers()[kind]
    procedure = config.case_type(case.case_type)["procedure"]
    period = config.timer_period(kind, procedure=procedure, on=occurred_on)
    if period is None:
        return None
    DeadlineTimer.objects.filter(case=case, kind=kind, stopped_on__isnull=True).update(stopped_on=occurred_on)
    paused = bool(spec.get("pausable")) and case.waiting_on_authority
    return DeadlineTimer.objects.create(
        case=case,
        region_id=case.region_id,
        kind=kind,
        label=spec["label"],
        legal_reference=period.legal_reference,
        period=period.label,
        started_on=occurred_on,
        due_on=period.end(occurred_on),
        pausable=bool(spec.get("pausable")),
        paused_since=occurred_on if paused else None,
    )


def _refresh_deadlines(case: Case, on: dt.date) -> None:
    running = DeadlineTimer.objects.filter(case=case, stopped_on__isnull=True, paused_since__isnull=True)
    case.next_due_on = running.order_by("due_on").values_list("due_on", flat=True).first()
    # An expired timer whose expiry means approval given (§ 36 Abs. 2 BeschV) is not overdue.
    case.has_overdue = running.filter(due_on__lt=on).exclude(kind__in=config.deemed_kinds()).exists()


def _refresh_stage(case: Case) -> None:
    steps = list(CaseStep.objects.filter(case=case).order_by("position"))
    open_steps = [s for s in steps if s.done_on is None and not s.optional]
    if case.status != Case.Status.OPEN:
        case.stage = case.status
    else:
        case.stage = open_steps[0].key if open_steps else "done"


def _apply_event(*, case: Case, actor, kind: str, occurred_on: dt.date) -> CaseEvent:
    event = CaseEvent.objects.create(
        case=case, kind=kind, occurred_on=occurred_on, recorded_by=actor if _is_user(actor) else None
    )
    spec = config.case_type(case.case_type)
    done_keys = [step["key"] for step in spec["steps"] if step.get("done_on") == kind]
    if done_keys:
        CaseStep.objects.filter(case=case, key__in=done_keys, done_on__isnull=True).update(done_on=occurred_on)
    for timer_kind, timer in config.timers().items():
        if timer.get("stops_on") == kind:
            DeadlineTimer.objects.filter(case=case, kind=timer_kind, stopped_on__isnull=True).update(
                stopped_on=occurred_on
            )
    for timer_kind, timer in config.timers().items():
        if timer.get("starts_on") == kind or (timer.get("restarts") and kind != "case_closed"):
            _start_timer(case, timer_kind, occurred_on)
    _refresh_stage(case)
    _refresh_deadlines(case, today())
    return event


@transaction.atomic
def case_record_event(*, actor, case: Case, kind: str, occurred_on: dt.date) -> Case:
    if kind not in config.events() or kind == "case_opened":
        raise CaseRuleError("Unbekanntes Ereignis.")
    if occurred_on > today():
        raise CaseRuleError("Ein Ereignis kann nicht in der Zukunft liegen.")
    case = _lock(case)
    if case.status != Case.Status.OPEN:
        raise CaseRuleError("Der Fall ist abgeschlossen.")
    event = _apply_event(case=case, actor=actor, kind=kind, occurred_on=occurred_on)
    _bump(case, "stage", "next_due_on", "has_overdue")
    _activity(
        case=case,
        actor=actor,
        kind=Activity.Kind.MILESTONE,
        internal=False,
        text=f"{config.events()[kind]} ({occurred_on:%d.%m.%Y})",
    )
    audit.record(
        actor=actor,
        action="case.event",
        obj=case,
        organisation_id=case.employer_id,
        new={"event": kind, "occurred_on": occurred_on, "event_id": event.pk, "stage": case.stage},
    )
    return case


@transaction.atomic
def case_set_waiting(*, actor, case: Case, waiting: bool, on: dt.date | None = None) -> Case:
    """Mark the case as waiting on an authority (or not); the adviser's SLA timers pause meanwhile."""
    on = on or today()
    case = _lock(case)
    if case.waiting_on_authority == waiting:
        return case
    timers = DeadlineTimer.objects.select_for_update().filter(case=case, pausable=True, stopped_on__isnull=True)
    for timer in timers:
        if waiting and timer.paused_since is None:
            timer.paused_since = on
        elif not waiting and timer.paused_since is not None:
            paused = max((on - timer.paused_since).days, 0)
            timer.paused_days += paused
            timer.due_on = timer.due_on + dt.timedelta(days=paused)
            timer.paused_since = None
        timer.save(update_fields=["paused_since", "paused_days", "due_on"])
    case.waiting_on_authority = waiting
    _refresh_deadlines(case, today())
    _bump(case, "waiting_on_authority", "next_due_on", "has_overdue")
    _activity(
        case=case,
        actor=actor,
        kind=Activity.Kind.SYSTEM,
        internal=False,
        text="Wartet auf eine Behörde" if waiting else "Wartet nicht mehr auf eine Behörde",
    )
    audit.record(
        actor=actor,
        action="case.waiting",
        obj=case,
        organisation_id=case.employer_id,
        old={"waiting_on_authority": not waiting},
        new={"waiting_on_authority": waiting},
    )
    return case


EDITABLE_FIELDS = ("adviser", "case_type", "pathway")


@transaction.atomic
def case_update(*, actor, case: Case, expected_version: int, **changes) -> Case:
    """Edit the case's master data; refuses if someone else changed the case since `expected_version`."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    case = _lock(case)
    if case.version != expected_version:
        raise CaseConflict()
    old = {key: getattr(case, key) for key in changes}
    for key, value in changes.items():
        setattr(case, key, value)
    fields = list(changes)
    if "case_type" in changes and changes["case_type"] != old["case_type"]:
        config.case_type(changes["case_type"])  # KeyError for an unknown type before anything changes
        _replan_steps(case)
        _replay_events(case)
        _refresh_stage(case)
        _refresh_deadlines(case, today())
        fields += ["stage", "next_due_on", "has_overdue"]
    if "pathway" in changes and changes["pathway"] != old["pathway"]:
        _rebuild_documents(case)
    _bump(case, *dict.fromkeys(fields))
    audit.record(actor=actor, action="case.update", obj=case, organisation_id=case.employer_id, old=old, new=changes)
    return case


def _replan_steps(case: Case) -> None:
    """Plan the steps of the case's (new) type; a step already done keeps its dates where the key matches."""
    spec = config.case_type(case.case_type)
    done = {s.key: s for s in CaseStep.objects.filter(case=case, done_on__isnull=False)}
    CaseStep.objects.filter(case=case).delete()
    steps = []
    for index, step in enumerate(spec["steps"]):
        previous = done.get(step["key"])
        steps.append(
            CaseStep(
                case=case,
                key=step["key"],
                label=step["label"],
                position=index,
                planned_on=previous.planned_on
                if previous
                else case.opened_on + dt.timedelta(days=int(step["offset_days"])),
                done_on=previous.done_on if previous else None,
                optional=bool(step.get("optional")),
            )
        )
    CaseStep.objects.bulk_create(steps)


def _replay_events(case: Case) -> None:
    """Apply the recorded events again under the case's (new) type: steps done, statutory timers re-planned.

    The statutory periods depend on the procedure (e.g. BA approval 1 week in § 81a, 2 weeks otherwise), so
    those timers are computed afresh from their starting events. The adviser's restarting SLA timer does not
    depend on the type and keeps its state (pauses included).
    """
    timer_specs = config.timers()
    statutory = [kind for kind, spec in timer_specs.items() if not spec.get("restarts")]
    DeadlineTimer.objects.filter(case=case, kind__in=statutory).delete()
    spec = config.case_type(case.case_type)
    for event in CaseEvent.objects.filter(case=case).order_by("occurred_on", "id"):
        done_keys = [step["key"] for step in spec["steps"] if step.get("done_on") == event.kind]
        if done_keys:
            CaseStep.objects.filter(case=case, key__in=done_keys, done_on__isnull=True).update(
                done_on=event.occurred_on
            )
        for kind in statutory:
            if timer_specs[kind].get("stops_on") == event.kind:
                DeadlineTimer.objects.filter(case=case, kind=kind, stopped_on__isnull=True).update(
                    stopped_on=event.occurred_on
                )
        for kind in statutory:
            if timer_specs[kind].get("starts_on") == event.kind:
                _start_timer(case, kind, event.occurred_on)


def _rebuild_documents(case: Case) -> None:
    """The checklist of the (new) pathway; documents already received, checked or rejected with a file stay."""
    wanted = dict(_document_list(case.assessment_output or {}, case.pathway))
    existing = {d.key: d for d in Document.objects.filter(case=case)}
    keep_statuses = (Document.Status.RECEIVED, Document.Status.CHECKED)
    obsolete = [
        d.pk
        for key, d in existing.items()
        if key not in wanted and d.status not in keep_statuses and not d.storage_name
    ]
    Document.objects.filter(pk__in=obsolete).delete()
    Document.objects.bulk_create(
        [Document(case=case, key=key, label=label) for key, label in wanted.items() if key not in existing]
    )
    _refresh_documents(case)


def _refresh_documents(case: Case) -> None:
    """Keep the case's document counters (its overview shows them) in step with the checklist. Callers hold the
    case's row lock, so concurrent changes to its documents count one after the other."""
    counts = Document.objects.filter(case=case).aggregate(
        total=models.Count("id"), open=models.Count("id", filter=models.Q(status__in=Document.OPEN_STATUSES))
    )
    case.documents_total, case.documents_open = counts["total"], counts["open"]
    Case.objects.filter(pk=case.pk).update(documents_total=counts["total"], documents_open=counts["open"])


@transaction.atomic
def case_close(*, actor, case: Case, status: str, on: dt.date | None = None) -> Case:
    on = on or today()
    case = _lock(case)
    if status not in (Case.Status.CLOSED, Case.Status.WITHDRAWN, Case.Status.REJECTED):
        raise CaseRuleError("Unbekannter Abschluss.")
    old = {"status": case.status}
    case.status = status
    case.closed_on = on
    DeadlineTimer.objects.filter(case=case, stopped_on__isnull=True).update(stopped_on=on)
    _refresh_stage(case)
    _refresh_deadlines(case, on)
    _bump(case, "status", "closed_on", "stage", "next_due_on", "has_overdue")
    _activity(
        case=case,
        actor=actor,
        kind=Activity.Kind.SYSTEM,
        internal=False,
        text=f"Fall {case.get_status_display()}",
    )
    audit.record(
        actor=actor,
        action="case.close",
        obj=case,
        organisation_id=case.employer_id,
        old=old,
        new={"status": status},
    )
    return case


@transaction.atomic
def case_handover(*, actor, case: Case, to_team: Organisation, note: str) -> Case:
    """Hand the case to FAI NRW or to (another) Regionalagentur. The new team sees the whole history."""
    if to_team.kind not in (Organisation.Kind.FAI, Organisation.Kind.REGIONALAGENTUR):
        raise CaseRuleError("Übergabe nur an FAI NRW oder eine Regionalagentur.")
    if not note.strip():
        raise CaseRuleError("Bitte eine Übergabenotiz schreiben.")
    case = _lock(case)
    if to_team.pk == case.team_id:
        raise CaseRuleError("Der Fall liegt bereits bei diesem Team.")
    from_team_id, from_region_id = case.team_id, case.region_id
    case.team = to_team
    if to_team.kind == Organisation.Kind.REGIONALAGENTUR:
        case.region_id = to_team.region_id
    case.adviser = None
    handover = Handover.objects.create(
        case=case,
        from_team_id=from_team_id,
        to_team=to_team,
        from_region_id=from_region_id,
        to_region_id=case.region_id,
        note=note,
        actor=actor if _is_user(actor) else None,
    )
    _bump(case, "team", "region", "adviser")
    DeadlineTimer.unscoped.filter(case=case).update(region_id=case.region_id)
    # The candidates move with the case — unless one still has an open case in another region, whose team
    # would otherwise lose sight of them.
    held_elsewhere = (
        Case.unscoped.filter(status=Case.Status.OPEN, candidates=models.OuterRef("pk"))
        .exclude(pk=case.pk)
        .exclude(region_id=case.region_id)
    )
    Candidate.unscoped.filter(cases=case).exclude(models.Exists(held_elsewhere)).update(region_id=case.region_id)
    _activity(
        case=case,
        actor=actor,
        kind=Activity.Kind.SYSTEM,
        internal=False,
        text=f"Zuständigkeit übergeben an {to_team.name}",
    )
    _activity(case=case, actor=actor, kind=Activity.Kind.NOTE, internal=True, text=f"Übergabenotiz: {note}")
    audit.record(
        actor=actor,
        action="case.handover",
        obj=case,
        organisation_id=case.employer_id,
        old={"team": from_team_id, "region": from_region_id},
        new={"team": to_team.pk, "region": case.region_id, "handover": handover.pk},
    )
    _notify_team_after_commit(
        team=to_team,
        template="cases/mail/handover",
        context={"reference": case.reference},
        audit_action="case.handover_notify",
        audit_object=case,
        actor=actor,
    )
    return case


@transaction.atomic
def activity_add(*, actor, case: Case, kind: str, text: str, internal: bool = True) -> Activity:
    case = _lock(case)
    activity = _activity(case=case, actor=actor, kind=kind, text=text, internal=internal)
    _bump(case)
    audit.record(
        actor=actor,
        action="case.activity",
        obj=case,
        organisation_id=case.employer_id,
        new={"activity": activity.pk, "kind": kind, "internal": internal},
    )
    return activity


@transaction.atomic
def task_create(*, actor, case: Case, title: str, due_on: dt.date | None, assignee=None) -> Task:
    case = _lock(case)
    task = Task.objects.create(case=case, title=title, due_on=due_on, assignee=assignee, created_by=actor)
    _activity(case=case, actor=actor, kind=Activity.Kind.TASK, text=f"Aufgabe angelegt: {title}")
    _bump(case)
    audit.record(
        actor=actor,
        action="task.create",
        obj=task,
        region_id=case.region_id,
        new={"case": case.pk, "assignee": getattr(assignee, "pk", None), "due_on": due_on},
    )
    return task


@transaction.atomic
def case_add_candidate(*, actor, case: Case, **fields) -> Candidate:
    """A further candidate for an existing case (same employer and region as the case)."""
    unknown = set(fields) - set(CANDIDATE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    case = _lock(case)
    if case.status != Case.Status.OPEN:
        raise CaseRuleError("Der Fall ist abgeschlossen.")
    candidate = candidate_create(actor=actor, region=case.region, employer=case.employer, **fields)
    case.candidates.add(candidate)
    _activity(case=case, actor=actor, kind=Activity.Kind.SYSTEM, text="Weitere Fachkraft zum Fall hinzugefügt")
    _bump(case)
    audit.record(
        actor=actor,
        action="case.add_candidate",
        obj=case,
        organisation_id=case.employer_id,
        new={"candidate": candidate.pk},
    )
    return candidate


@transaction.atomic
def task_complete(*, actor, task: Task) -> Task:
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        case = Case.objects.get(pk=task.case_id)
        _activity(case=case, actor=actor, kind=Activity.Kind.TASK, text=f"Aufgabe erledigt: {task.title}")
        audit.record(actor=actor, action="task.complete", obj=task, region_id=case.region_id, new={"done": True})
    return task


@transaction.atomic
def power_of_attorney_record(*, actor, case: Case, kind: str, granted_on: dt.date) -> PowerOfAttorney:
    case = _lock(case)
    poa = PowerOfAttorney.objects.create(case=case, kind=kind, granted_on=granted_on, recorded_by=actor)
    _bump(case)
    _activity(
        case=case,
        actor=actor,
        kind=Activity.Kind.MILESTONE,
        internal=False,
        text=f"{poa.get_kind_display()} erfasst ({granted_on:%d.%m.%Y})",
    )
    audit.record(
        actor=actor,
        action="power_of_attorney.record",
        obj=poa,
        region_id=case.region_id,
        organisation_id=case.employer_id,
        new={"case": case.pk, "kind": kind, "granted_on": granted_on},
    )
    return poa


@transaction.atomic
def power_of_attorney_revoke(*, actor, poa: PowerOfAttorney, revoked_on: dt.date) -> PowerOfAttorney:
    case = _lock(poa.case_id)
    poa = PowerOfAttorney.objects.select_for_update().get(pk=poa.pk)
    if poa.revoked_on is not None:
        raise CaseRuleError("Die Vollmacht ist bereits widerrufen.")
    if revoked_on < poa.granted_on:
        raise CaseRuleError("Der Widerruf kann nicht vor der Erteilung liegen.")
    poa.revoked_on = revoked_on
    poa.save(update_fields=["revoked_on"])
    _activity(
        case=case,
        actor=actor,
        kind=Activity.Kind.MILESTONE,
        internal=False,
        text=f"{poa.get_kind_display()} widerrufen ({revoked_on:%d.%m.%Y})",
    )
    _bump(case)
    audit.record(
        actor=actor,
        action="power_of_attorney.revoke",
        obj=poa,
        region_id=case.region_id,
        organisation_id=case.employer_id,
        new={"revoked_on": revoked_on},
    )
    return poa


# ---------------------------------------------------------------------------------------------- documents


@transaction.atomic
def document_upload(*, actor, document: Document, uploaded) -> Document:
    checked = files.check_upload(uploaded)  # raises UploadRefused
    case = _lock(document.case_id)
    document = Document.objects.select_for_update().get(pk=document.pk)
    previous = document.storage_name
    document.storage_name = Document.new_storage_name()
    files.store(document.storage_name, checked.content)
    document.original_name = checked.original_name
    document.content_type = checked.content_type
    document.size = len(checked.content)
    document.sha256 = checked.sha256
    document.status = Document.Status.RECEIVED
    document.reject_reason = ""
    document.uploaded_by = actor
    document.save()
    if previous:
        transaction.on_commit(lambda: files.remove(previous))
    _refresh_documents(case)
    _bump(case)
    _activity(
        case=case,
        actor=actor,
        kind=Activity.Kind.FILE,
        internal=False,
        text=f"Dokument eingegangen: {document.label}",
    )
    audit.record(
        actor=actor,
        action="document.upload",
        obj=document,
        region_id=case.region_id,
        organisation_id=case.employer_id,
        new={"case": case.pk, "key": document.key, "sha256": checked.sha256, "size": document.size},
    )
    return document


@transaction.atomic
def document_set_status(*, actor, document: Document, status: str, reason: str = "") -> Document:
    case = _lock(document.case_id)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if status == Document.Status.REJECTED and not reason.strip():
        raise CaseRuleError("Bitte den Grund der Ablehnung angeben.")
    if status == Document.Status.CHECKED and not document.storage_name and document.status == "required":
        pass  # checked on paper (original shown): allowed
    old = {"status": document.status}
    document.status = status
    document.reject_reason = reason if status == Document.Status.REJECTED else ""
    document.save(update_fields=["status", "reject_reason", "updated_at"])
    _refresh_documents(case)
    _bump(case)
    _activity(
        case=case,
        actor=actor,
        kind=Activity.Kind.FILE,
        internal=False,
        text=f"Dokument {document.get_status_display()}: {document.label}",
    )
    audit.record(
        actor=actor,
        action="document.status",
        obj=document,
        region_id=case.region_id,
        organisation_id=case.employer_id,
        old=old,
        new={"status": status},
    )
    return document


# ---------------------------------------------------------------------------------------------- jobs


def deadlines_check(*, on: dt.date | None = None) -> dict:
    """Nightly: flag cases with overdue timers and tell the responsible adviser (once per timer)."""
    on = on or today()
    flagged = notified = 0
    with system_access("nightly deadline check"):
        overdue = (
            DeadlineTimer.objects.filter(
                stopped_on__isnull=True,
                paused_since__isnull=True,
                due_on__lt=on,
                overdue_notified_on__isnull=True,
            )
            .select_related("case__adviser", "case__team")
            .order_by("case_id")
        )
        for timer in overdue:
            if config.deemed_approval(timer.kind):
                notified += _deem_approval(timer, on)
                flagged += 1
                continue
            with transaction.atomic():
                case = _lock(timer.case_id)
                case.has_overdue = True
                _bump(case, "has_overdue")
                DeadlineTimer.objects.filter(pk=timer.pk).update(overdue_notified_on=on)
                _activity(
                    case=case,
                    actor="system",
                    kind=Activity.Kind.SYSTEM,
                    text=f"Frist überschritten: {timer.label} (fällig {timer.due_on:%d.%m.%Y})",
                )
                audit.record(
                    actor="system",
                    action="deadline.overdue",
                    obj=timer,
                    region_id=case.region_id,
                    organisation_id=case.employer_id,
                    context={"case": case.pk, "kind": timer.kind, "due_on": timer.due_on},
                )
                flagged += 1
                recipients = [timer.case.adviser.email] if timer.case.adviser else _team_emails(timer.case.team)
                context = {
                    "reference": case.reference,
                    "label": timer.label,
                    "due_on": timer.due_on,
                    "legal_reference": timer.legal_reference,
                }
                notified += send_mail(
                    to=recipients,
                    template="cases/mail/overdue",
                    context=context,
                    audit_action="deadline.notify",
                    audit_object=case,
                    actor="system",
                )
    return {"flagged": flagged, "notified": notified}


@transaction.atomic
def _deem_approval(timer: DeadlineTimer, on: dt.date) -> int:
    """The authority did not answer within the period: its approval counts as given (§ 36 Abs. 2 BeschV).

    The timer ends as "gilt als erteilt" on its last day, the planned step counts as done that day, and the
    adviser is told that the approval is deemed given — not that a deadline was missed.
    """
    spec = config.deemed_approval(timer.kind)
    case = _lock(timer.case_id)
    DeadlineTimer.objects.filter(pk=timer.pk).update(
        stopped_on=timer.due_on, deemed_on=timer.due_on, overdue_notified_on=on
    )
    CaseStep.objects.filter(case=case, key=spec["step"], done_on__isnull=True).update(done_on=timer.due_on)
    _refresh_stage(case)
    _refresh_deadlines(case, on)
    _bump(case, "stage", "next_due_on", "has_overdue")
    text = (
        f"Zustimmung gilt als erteilt ({spec['legal_reference']}): {timer.label} – keine Antwort bis "
        f"{timer.due_on:%d.%m.%Y}"
    )
    _activity(case=case, actor="system", kind=Activity.Kind.MILESTONE, internal=False, text=text)
    audit.record(
        actor="system",
        action="deadline.deemed",
        obj=timer,
        region_id=case.region_id,
        organisation_id=case.employer_id,
        context={"case": case.pk, "kind": timer.kind, "due_on": timer.due_on, "step": spec["step"]},
    )
    recipients = [timer.case.adviser.email] if timer.case.adviser else _team_emails(timer.case.team)
    return send_mail(
        to=recipients,
        template="cases/mail/deemed",
        context={
            "reference": case.reference,
            "label": timer.label,
            "due_on": timer.due_on,
            "legal_reference": spec["legal_reference"],
        },
        audit_action="deadline.notify",
        audit_object=case,
        actor="system",
    )


# ---------------------------------------------------------------------------------------------- data protection

ANONYMISED = "[anonymisiert]"


def _name_pattern(candidate: Candidate) -> re.Pattern | None:
    """The person's identifying strings (full name, first and last name, e-mail), longest first."""
    parts = {
        f"{candidate.first_name} {candidate.last_name}".strip(),
        f"{candidate.last_name}, {candidate.first_name}".strip(", "),
        candidate.first_name.strip(),
        candidate.last_name.strip(),
        candidate.email.strip(),
    }
    parts = sorted((p for p in parts if len(p) >= 2), key=len, reverse=True)
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in parts) + r")(?!\w)", re.IGNORECASE)


def _scrub(value, pattern: re.Pattern):
    """`value` with every mention of the person replaced (strings, and strings inside JSON structures)."""
    if isinstance(value, str):
        return pattern.sub(ANONYMISED, value)
    if isinstance(value, dict):
        return {k: _scrub(v, pattern) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, pattern) for v in value]
    return value


def _scrub_rows(model, rows, pattern: re.Pattern, fields: tuple[str, ...]) -> None:
    for row in rows:
        changed = {}
        for name in fields:
            value = getattr(row, name)
            cleaned = _scrub(value, pattern)
            if cleaned != value:
                changed[name] = cleaned
        if changed:
            model.unscoped.filter(pk=row.pk).update(**changed)


def _without_candidate(data: dict) -> dict:
    """An assessment input without the data about the person (kept: the job, for statistics)."""
    data = dict(data or {})
    for key in ("candidate", "candidates", "person"):
        data.pop(key, None)
    return data


def _anonymise_advice_request(request: AdviceRequest) -> None:
    """Remove the sender's contact data, message and the candidate's part of the assessment from a request."""
    AdviceRequest.unscoped.filter(pk=request.pk).update(
        contact_name=ANONYMISED,
        contact_email="",
        message="",
        forward_reason="",
        assessment_input=_without_candidate(request.assessment_input),
        anonymised_at=timezone.now(),
    )


def _anonymise_candidate(candidate: Candidate) -> None:
    """Remove the person from Lotse: the candidate row and every mention of them in their cases.

    Free texts of the adviser (notes, calls, meetings, e-mails) are replaced as a whole; system texts, task
    titles, handover notes and reasons keep their wording with the name replaced. The advice requests behind the
    cases lose their contact data, message and the person's part of the assessment input.
    """
    pattern = _name_pattern(candidate)
    Candidate.unscoped.filter(pk=candidate.pk).update(
        first_name="",
        last_name="",
        email="",
        qualification="",
        languages={},
        shared_with_employer=False,
        anonymised_at=timezone.now(),
    )
    cases = Case.unscoped.filter(candidates=candidate)
    case_ids = list(cases.values_list("pk", flat=True))
    # Documents may hold personal data: remove the files.
    for document in Document.unscoped.filter(case__in=case_ids).exclude(storage_name=""):
        storage_name = document.storage_name
        transaction.on_commit(lambda name=storage_name: files.remove(name))
    Document.unscoped.filter(case__in=case_ids).update(storage_name="", original_name="", sha256="")
    Activity.unscoped.filter(case__in=case_ids, kind__in=["note", "call", "meeting", "email"]).update(
        text=ANONYMISED
    )
    AdviceRequest.unscoped.filter(case__in=case_ids).update(
        contact_name=ANONYMISED, contact_email="", message="", forward_reason="", anonymised_at=timezone.now()
    )
    for request in AdviceRequest.unscoped.filter(case__in=case_ids).only("pk", "assessment_input"):
        AdviceRequest.unscoped.filter(pk=request.pk).update(
            assessment_input=_without_candidate(request.assessment_input)
        )
    for case in cases.only("pk", "assessment_input"):
        Case.unscoped.filter(pk=case.pk).update(assessment_input=_without_candidate(case.assessment_input))
    if pattern is not None:
        _scrub_rows(Activity, Activity.unscoped.filter(case__in=case_ids).only("pk", "text"), pattern, ("text",))
        _scrub_rows(Task, Task.unscoped.filter(case__in=case_ids).only("pk", "title"), pattern, ("title",))
        _scrub_rows(Handover, Handover.unscoped.filter(case__in=case_ids).only("pk", "note"), pattern, ("note",))
        _scrub_rows(
            Document,
            Document.unscoped.filter(case__in=case_ids).only("pk", "label", "reject_reason"),
            pattern,
            ("label", "reject_reason"),
        )
        _scrub_rows(
            Case,
            Case.unscoped.filter(pk__in=case_ids).only("pk", "assessment_output"),
            pattern,
            ("assessment_output",),
        )
    Consent.unscoped.filter(candidate=candidate).update(withdrawn_on=timezone.localdate())


@transaction.atomic
def person_erase(*, actor, candidate: Candidate, mode: str, reason: str = "request") -> None:
    """Anonymise (keep the case rows for statistics) or delete a person. Both keep anonymous counts."""
    if mode not in ("anonymise", "delete"):
        raise ValueError(mode)
    candidate = Candidate.unscoped.select_for_update().get(pk=candidate.pk)
    pathways = list(Case.unscoped.filter(candidates=candidate).values_list("pathway", flat=True)) or [""]
    year = today().year
    for pathway in pathways:
        count, _ = ErasureCount.objects.get_or_create(
            year=year, region_id=candidate.region_id, pathway=pathway, reason=reason
        )
        ErasureCount.objects.filter(pk=count.pk).update(count=F("count") + 1)
    _anonymise_candidate(candidate)
    audit.record(
        actor=actor,
        action=f"person.{mode}",
        obj=candidate,
        region_id=candidate.region_id,
        organisation_id=candidate.employer_id,
        context={"reason": reason, "cases": len(pathways)},
    )
    if mode == "delete":
        candidate.cases.clear()
        Candidate.unscoped.filter(pk=candidate.pk).delete()


def requests_retention_apply(*, on: dt.date | None = None) -> int:
    """Anonymise advice requests that never became a case once their retention period has ended."""
    from lotse.cases.dates import add_months  # noqa: PLC0415

    on = on or today()
    months = config.request_retention_months()
    erased = 0
    with system_access("retention period of advice requests"):
        expired = AdviceRequest.objects.filter(case__isnull=True, anonymised_at__isnull=True).exclude(
            status=AdviceRequest.Status.ACCEPTED
        )
        for request in expired.only("pk", "created_at", "region_id", "employer_id", "assessment_input"):
            if add_months(timezone.localtime(request.created_at).date(), months) > on:
                continue
            with transaction.atomic():
                _anonymise_advice_request(request)
                audit.record(
                    actor="system",
                    action="advice_request.anonymise",
                    obj=request,
                    region_id=request.region_id,
                    organisation_id=request.employer_id,
                    context={"reason": "retention", "months": months},
                )
            erased += 1
    return erased


def retention_apply(*, on: dt.date | None = None) -> int:
    """Anonymise the candidates whose cases all ended longer ago than the retention period of their state,
    and the advice requests that never became a case after theirs. Returns the number of records anonymised."""
    on = on or today()
    erased = 0
    with system_access("retention period"):
        months = config.retention_months()
        for candidate in Candidate.objects.filter(anonymised_at__isnull=True).prefetch_related("cases"):
            cases = list(candidate.cases.all())
            if not cases:
                continue
            due = True
            for case in cases:
                keep = months.get(case.status)
                if keep is None or case.closed_on is None:
                    due = False
                    break
                from lotse.cases.dates import add_months  # noqa: PLC0415

                if add_months(case.closed_on, int(keep)) > on:
                    due = False
                    break
            if due:
                person_erase(actor="system", candidate=candidate, mode="anonymise", reason="retention")
                erased += 1
    return erased + requests_retention_apply(on=on)


@transaction.atomic
def contact_erase(*, actor, email: str) -> dict[str, int]:
    """Remove a contact person on request: their name, address and phone from company profiles, their contact
    data, message and the candidate's part of the assessment from advice requests (as after the retention
    period). Only within the actor's scope; every change is logged. User accounts are closed by an
    administrator (accounts keep the login history the law requires)."""
    from lotse.cases.models import CompanyProfile  # noqa: PLC0415

    email = email.strip()
    profiles = list(CompanyProfile.objects.filter(contact_email__iexact=email).select_related("organisation"))
    for profile in profiles:
        CompanyProfile.objects.filter(pk=profile.pk).update(contact_name="", contact_email="", contact_phone="")
        audit.record(
            actor=actor,
            action="contact.erase",
            obj=profile,
            region_id=profile.organisation.region_id,
            organisation_id=profile.organisation_id,
            context={"part": "company_profile"},
        )
    requests = list(AdviceRequest.objects.filter(contact_email__iexact=email, anonymised_at__isnull=True))
    for request in requests:
        _anonymise_advice_request(request)
        audit.record(
            actor=actor,
            action="contact.erase",
            obj=request,
            region_id=request.region_id,
            organisation_id=request.employer_id,
            context={"part": "advice_request"},
        )
    return {"company_profiles": len(profiles), "advice_requests": len(requests)}
