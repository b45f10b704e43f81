"""Reads for data protection: everything Lotse holds about a person or a contact person (Art. 15, 20 GDPR), as
plain data, and a contact person's records within the actor's scope. Re-exported by lotse.cases.selectors."""

from __future__ import annotations

from lotse.accounts.models import Organisation
from lotse.cases.models import Activity, AdviceRequest, Candidate, Case, Consent, Document


def person_export(*, candidate: Candidate) -> dict:
    """Everything Lotse holds about a person (Art. 15, 20 GDPR), as plain data."""
    cases = list(Case.objects.filter(candidates=candidate).select_related("employer", "team"))
    return {
        "schema": "lotse.person-export/v1",
        "candidate": {
            "id": candidate.pk,
            "first_name": candidate.first_name,
            "last_name": candidate.last_name,
            "email": candidate.email,
            "citizenship": candidate.citizenship,
            "qualification": candidate.qualification,
            "profession": candidate.profession,
            "languages": candidate.languages,
            "created_at": candidate.created_at.isoformat(),
            "anonymised_at": candidate.anonymised_at.isoformat() if candidate.anonymised_at else None,
        },
        "consents": [
            {
                "purpose": c.purpose,
                "given_on": c.given_on.isoformat(),
                "withdrawn_on": c.withdrawn_on.isoformat() if c.withdrawn_on else None,
            }
            for c in Consent.objects.filter(candidate=candidate)
        ],
        "cases": [
            {
                "reference": case.reference,
                "employer": case.employer.name,
                "team": case.team.name,
                "pathway": case.pathway,
                "status": case.status,
                "stage": case.stage,
                "opened_on": case.opened_on.isoformat(),
                "rules_version": case.rules_version,
                "events": [{"kind": e.kind, "occurred_on": e.occurred_on.isoformat()} for e in case.events.all()],
                "documents": [
                    {"label": d.label, "status": d.status, "file": d.original_name}
                    for d in Document.objects.filter(case=case)
                ],
                "activities": [
                    {"kind": a.kind, "code": a.code, "text": a.message, "at": a.created_at.isoformat()}
                    for a in Activity.objects.filter(case=case)
                ],
                "messages": _messages_export(case=case),
            }
            for case in cases
        ],
    }


def _message_rows(messages) -> list[dict]:
    return [
        {
            "case": m.case.reference,
            "from": m.side,
            "author": m.author_name,
            "text": m.text,
            "at": m.created_at.isoformat(),
        }
        for m in messages
    ]


def _messages_export(*, case: Case) -> list[dict]:
    """The conversation of a case between employer and advisers (lotse.workspace): about the person's procedure."""
    from lotse.workspace.models import Message  # noqa: PLC0415  (the workspace builds on case work)

    return _message_rows(Message.objects.filter(case=case).select_related("case").order_by("created_at", "id"))


def contact_records(*, email: str) -> dict:
    """A contact person's records within the actor's scope, found by e-mail: company profiles naming them as
    contact, advice requests they sent, and the accounts of that address at companies the actor may see."""
    from lotse.accounts.models import User  # noqa: PLC0415
    from lotse.cases.models import CompanyProfile  # noqa: PLC0415

    email = email.strip()
    visible_companies = Organisation.objects.filter(kind=Organisation.Kind.UNTERNEHMEN).values("pk")
    return {
        "profiles": list(
            CompanyProfile.objects.filter(contact_email__iexact=email).select_related("organisation").order_by("pk")
        ),
        "requests": list(
            AdviceRequest.objects.filter(contact_email__iexact=email, anonymised_at__isnull=True)
            .select_related("employer", "team")
            .order_by("created_at", "pk")
        ),
        "accounts": list(
            User.objects.filter(email__iexact=email, memberships__organisation__in=visible_companies)
            .distinct()
            .prefetch_related("memberships__organisation")
        ),
    }


def contact_export(*, email: str) -> dict:
    """Everything Lotse holds about a contact person (Art. 15, 20 GDPR), as plain data."""
    records = contact_records(email=email)
    return {
        "schema": "lotse.contact-export/v1",
        "email": email.strip(),
        "company_profiles": [
            {
                "company": p.organisation.name,
                "contact_name": p.contact_name,
                "contact_email": p.contact_email,
                "contact_phone": p.contact_phone,
            }
            for p in records["profiles"]
        ],
        "advice_requests": [
            {
                "id": r.pk,
                "created_at": r.created_at.isoformat(),
                "company": r.employer.name if r.employer else "",
                "team": r.team.name if r.team else "",
                "status": r.status,
                "contact_name": r.contact_name,
                "contact_email": r.contact_email,
                "message": r.message,
                "forward_reason": r.forward_reason,
                "assessment_input": r.assessment_input,
            }
            for r in records["requests"]
        ],
        "accounts": [
            {
                "email": u.email,
                "full_name": u.full_name,
                "date_joined": u.date_joined.isoformat(),
                "last_login": u.last_login.isoformat() if u.last_login else None,
                "memberships": [{"organisation": m.organisation.name, "role": m.role} for m in u.memberships.all()],
            }
            for u in records["accounts"]
        ],
        "messages": _contact_messages(records["accounts"]),
    }


def _contact_messages(accounts) -> list[dict]:
    """Messages the contact person wrote on cases (lotse.workspace), within the actor's scope."""
    from lotse.workspace.models import Message  # noqa: PLC0415  (the workspace builds on case work)

    return _message_rows(
        Message.objects.filter(author__in=[u.pk for u in accounts]).select_related("case").order_by("created_at", "id")
    )
