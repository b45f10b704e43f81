"""Candidates (the skilled workers) and their consents."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from lotse.cases.models import Candidate, Consent
from lotse.cases.services.common import CaseRuleError
from lotse.core import audit


@transaction.atomic
def candidate_create(
    *,
    actor,
    region,
    employer=None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    citizenship: str = "",
    qualification: str = "",
    profession: str = "",
    languages: dict | None = None,
) -> Candidate:
    fields = {
        "first_name": first_name,
        "last_name": last_name,
        "email": email,
        "citizenship": citizenship,
        "qualification": qualification,
        "profession": profession,
        "languages": languages or {},
    }
    candidate = Candidate.objects.create(region=region, employer=employer, **fields)
    audit.record(
        actor=actor,
        action="candidate.create",
        obj=candidate,
        region_id=region.pk,
        organisation_id=getattr(employer, "pk", None),
        # Field names only: citizenship, profession and the rest are personal data, and the append-only log
        # keeps them after the person is erased.
        context={"fields": sorted(k for k, v in fields.items() if v not in ("", None, [], {}))},
    )
    return candidate


# What an adviser may change of a candidate (the allow-list `candidate_update` copies from).
CANDIDATE_FIELDS = ("first_name", "last_name", "email", "citizenship", "qualification", "profession", "languages")
_UNSET = object()


@transaction.atomic
def candidate_update(
    *,
    actor,
    candidate: Candidate,
    first_name: str | object = _UNSET,
    last_name: str | object = _UNSET,
    email: str | object = _UNSET,
    citizenship: str | object = _UNSET,
    qualification: str | object = _UNSET,
    profession: str | object = _UNSET,
    languages: dict | object = _UNSET,
) -> Candidate:
    """Change the fields given (the others stay)."""
    given = locals()
    fields = {name: given[name] for name in CANDIDATE_FIELDS if given[name] is not _UNSET}
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.anonymised_at:
        raise CaseRuleError(_("Die Daten dieser Person wurden entfernt; sie können nicht mehr bearbeitet werden."))
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
