"""Writes of the navigator: the interview answers in the session, saved results, registering an employer on the
spot and handing a result to the Regionalagentur."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from lotse.accounts.models import Membership, Organisation, User
from lotse.accounts.services import membership_grant, organisation_create
from lotse.navigator.models import SavedResult
from lotse.rules.interview import InterviewState, build_input

SESSION_KEY = "navigator"


def interview_session(session) -> dict:
    """{"answers": {question id: value}, "place": {...}} of this browser session."""
    data = session.get(SESSION_KEY) or {}
    return {"answers": dict(data.get("answers") or {}), "place": dict(data.get("place") or {})}


def interview_answer_store(session, *, question_id: str, value: Any, place: dict | None = None) -> dict:
    """Store one answer (also "don't know"); every other answer stays as it was."""
    data = interview_session(session)
    data["answers"][question_id] = value
    if question_id == "job.municipality_ags":
        data["place"] = place or {}
    data["result_shown"] = result_shown(session)
    session[SESSION_KEY] = data
    return data


def interview_reset(session) -> None:
    session.pop(SESSION_KEY, None)


def result_shown(session) -> bool:
    """Whether this interview already showed its first decisive result (then the questions go on uninterrupted)."""
    return bool((session.get(SESSION_KEY) or {}).get("result_shown"))


def result_shown_mark(session) -> None:
    data = dict(session.get(SESSION_KEY) or {})
    data["result_shown"] = True
    session[SESSION_KEY] = data


@transaction.atomic
def saved_result_create(*, state: InterviewState, place: dict, user, lang: str, as_of: date) -> SavedResult:
    """Freeze the current result under an unguessable token. Only answers of the interview are stored – the
    navigator never asks for the candidate's name, birth date or contact data."""
    return SavedResult.objects.create(
        created_by=user if user is not None and user.is_authenticated else None,
        lang=lang,
        as_of=as_of,
        rules_version=state.assessment["rules_version"],
        answers=state.answers,
        assessment_input=build_input(state.answers, as_of=as_of),
        assessment_output=state.assessment,
        place=place or {},
    )


def employer_of(user) -> Organisation | None:
    """The employer organisation the user belongs to (None for advisers and people without one)."""
    if user is None or not user.is_authenticated:
        return None
    membership = (
        Membership.objects.select_related("organisation")
        .filter(user=user, organisation__kind=Organisation.Kind.UNTERNEHMEN)
        .order_by("pk")
        .first()
    )
    return membership.organisation if membership else None


@transaction.atomic
def employer_organisation_create(*, user: User, company: str, gemeinde) -> Organisation:
    """Registering on the spot: the employer organisation (routed to its Gemeinde's region) and the user's
    membership with the role "member". The user itself is created, inactive, by lotse.accounts.registration."""
    organisation = organisation_create(actor=user, name=company, kind=Organisation.Kind.UNTERNEHMEN, gemeinde=gemeinde)
    membership_grant(actor=user, user=user, organisation=organisation, role=Membership.Role.MEMBER)
    return organisation


def advice_request_send(
    *,
    actor,
    employer: Organisation | None,
    saved: SavedResult,
    region,
    contact_name: str,
    contact_email: str,
    message: str = "",
):
    """Hand the saved result to the Regionalagentur of the workplace (else the employer's region)."""
    from lotse.cases.services import advice_request_create

    return advice_request_create(
        actor=actor,
        employer=employer,
        region=region,
        assessment_input=saved.assessment_input,
        assessment_output=saved.assessment_output,
        contact_name=contact_name,
        contact_email=contact_email,
        message=message,
        candidate_consent=False,  # the navigator holds no candidate data to consent to
    )
